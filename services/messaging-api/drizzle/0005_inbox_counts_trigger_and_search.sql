-- Custom SQL migration (drizzle-kit generate --custom): the inbox counters' triggers and the
-- trigram indexes of the inbox `q` search. See services/messaging-api/src/conversations/README.md.
--
-- conversation_counts (0004) holds, per (account, status, assignee, team), how many conversations
-- there are. Statement-level triggers on conversations add each statement's net change in the same
-- transaction, so every writer (API, inbound worker, routing, bulk SQL, deletes) is counted and
-- the sum of n per key equals COUNT(*) in every snapshot.
--
-- Contention: a key may have several rows. A writer adds its delta to a row of the key that no
-- other transaction holds (FOR UPDATE SKIP LOCKED) or, if all are held, inserts a new row. Writers
-- therefore never wait for each other on a counter (no hot row, no deadlock); the rows of a key
-- stay at most the peak number of concurrent writers of that key. conversation_counts_compact()
-- folds them back into one row per key and drops zero rows (optional housekeeping).
-- Outside READ COMMITTED a locked read of a row changed after the snapshot would raise a
-- serialization error, so such transactions always insert a new row instead.
CREATE FUNCTION conversation_counts_add(p_account uuid, p_status text, p_assignee uuid, p_team uuid, p_delta bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  shard uuid;
BEGIN
  IF current_setting('transaction_isolation') = 'read committed' THEN
    SELECT id INTO shard FROM conversation_counts
    WHERE account_id = p_account AND status = p_status
      AND assignee_id IS NOT DISTINCT FROM p_assignee AND team_id IS NOT DISTINCT FROM p_team
    LIMIT 1 FOR UPDATE SKIP LOCKED;
  END IF;
  IF shard IS NULL THEN
    INSERT INTO conversation_counts (account_id, status, assignee_id, team_id, n)
    VALUES (p_account, p_status, p_assignee, p_team, p_delta);
  ELSE
    UPDATE conversation_counts SET n = n + p_delta, updated_at = now() WHERE id = shard;
  END IF;
END $$;
--> statement-breakpoint
-- One function for the three triggers: each sees only its own transition tables (old_rows,
-- new_rows), and PL/pgSQL plans a statement on its first run, so the other branches never compile.
-- Updates that change none of the key columns (most of them: last_message_at, preview...) net to
-- zero and write nothing.
CREATE FUNCTION conversations_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR d IN SELECT account_id, status, assignee_id, team_id, count(*) AS delta FROM new_rows
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    LOOP
      PERFORM conversation_counts_add(d.account_id, d.status, d.assignee_id, d.team_id, d.delta);
    END LOOP;
  ELSIF TG_OP = 'DELETE' THEN
    FOR d IN SELECT account_id, status, assignee_id, team_id, -count(*) AS delta FROM old_rows
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    LOOP
      PERFORM conversation_counts_add(d.account_id, d.status, d.assignee_id, d.team_id, d.delta);
    END LOOP;
  ELSE
    FOR d IN SELECT account_id, status, assignee_id, team_id, sum(delta) AS delta FROM (
        SELECT account_id, status, assignee_id, team_id, -1 AS delta FROM old_rows
        UNION ALL
        SELECT account_id, status, assignee_id, team_id, 1 AS delta FROM new_rows
      ) changed
      GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4
    LOOP
      PERFORM conversation_counts_add(d.account_id, d.status, d.assignee_id, d.team_id, d.delta);
    END LOOP;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION conversations_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM conversation_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Housekeeping: one row per key, zero rows dropped. Writers wait for it (EXCLUSIVE still lets
-- readers in); it touches only the small counts table. Returns the rows it removed.
CREATE FUNCTION conversation_counts_compact() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  before bigint;
  after bigint;
BEGIN
  LOCK TABLE conversation_counts IN EXCLUSIVE MODE;
  SELECT count(*) INTO before FROM conversation_counts;
  WITH taken AS (DELETE FROM conversation_counts RETURNING account_id, status, assignee_id, team_id, n)
  INSERT INTO conversation_counts (account_id, status, assignee_id, team_id, n)
  SELECT account_id, status, assignee_id, team_id, sum(n) FROM taken
  GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
  SELECT count(*) INTO after FROM conversation_counts;
  RETURN before - after;
END $$;
--> statement-breakpoint
-- No write may slip between the backfill and the triggers (CREATE TRIGGER takes this lock too).
LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE TRIGGER conversations_count_insert AFTER INSERT ON conversations
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversations_count_rows();
--> statement-breakpoint
CREATE TRIGGER conversations_count_update AFTER UPDATE ON conversations
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversations_count_rows();
--> statement-breakpoint
CREATE TRIGGER conversations_count_delete AFTER DELETE ON conversations
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversations_count_rows();
--> statement-breakpoint
CREATE TRIGGER conversations_count_truncate AFTER TRUNCATE ON conversations
FOR EACH STATEMENT EXECUTE FUNCTION conversations_count_truncate();
--> statement-breakpoint
INSERT INTO conversation_counts (account_id, status, assignee_id, team_id, n)
SELECT account_id, status, assignee_id, team_id, count(*) FROM conversations GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- The inbox `q` matches subject, contact name and identifier by substring (ILIKE '%q%'): trigram
-- GIN indexes make that an index scan. pg_trgm ships with PostgreSQL (trusted since 13, so the
-- database owner may create it); where it cannot be created (the embedded PGlite loads no
-- extension, or a role without CREATE) the block is rolled back and the search stays correct,
-- only sequential. Re-running this block in a later migration adds the indexes once possible.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX IF NOT EXISTS conversations_subject_trgm_idx ON conversations USING gin (subject gin_trgm_ops);
  CREATE INDEX IF NOT EXISTS conversations_contact_name_trgm_idx ON conversations USING gin (contact_name gin_trgm_ops);
  CREATE INDEX IF NOT EXISTS conversations_contact_identifier_trgm_idx ON conversations USING gin (contact_identifier gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'inbox search without trigram indexes: %', SQLERRM;
END $$;
