CREATE TABLE "canned_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"short_code" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"category" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"assignee_id" uuid,
	"team_id" uuid,
	"assigned_by" uuid,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_reads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"channel_type" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"content_type" text DEFAULT '' NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw_body" text NOT NULL,
	"body_encoding" text DEFAULT 'utf8' NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"processed_at" timestamp with time zone,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"channel_type" text,
	"content" text NOT NULL,
	"variables" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"provider_template_name" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_account_short_code_uq" ON "canned_responses" USING btree ("account_id","short_code");--> statement-breakpoint
CREATE INDEX "canned_responses_account_category_idx" ON "canned_responses" USING btree ("account_id","category");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_assignments_open_uq" ON "conversation_assignments" USING btree ("conversation_id") WHERE "conversation_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "conversation_assignments_history_idx" ON "conversation_assignments" USING btree ("conversation_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_reads_conversation_user_uq" ON "conversation_reads" USING btree ("conversation_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_channel_event_uq" ON "inbound_events" USING btree ("channel_id","provider_event_id");--> statement-breakpoint
CREATE INDEX "inbound_events_account_idx" ON "inbound_events" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_account_name_language_uq" ON "templates" USING btree ("account_id","name","language");--> statement-breakpoint
CREATE INDEX "templates_account_idx" ON "templates" USING btree ("account_id","channel_type");