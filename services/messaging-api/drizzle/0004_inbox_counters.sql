CREATE TABLE "conversation_counts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text NOT NULL,
	"assignee_id" uuid,
	"team_id" uuid,
	"n" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "conversation_counts_key_idx" ON "conversation_counts" USING btree ("account_id","status","assignee_id","team_id");