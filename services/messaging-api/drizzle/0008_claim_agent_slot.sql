-- One round trip per routing claim (routing/claim-agent.ts). The function walks the ranking: it
-- locks the best-ranked agent row no other transaction holds (SKIP LOCKED), then counts that
-- agent's active conversations in a later statement (a VOLATILE function takes a new snapshot per
-- statement under READ COMMITTED, so every claim that held the lock before has committed and is
-- counted) and takes the slot only below the agent's limit. Outcomes: 'taken' (user_id set, the
-- row stays locked until commit), 'none' (nobody in the ranking has room or a routing row),
-- 'busy' (every agent left is held by other claims and this call holds nothing: back off and call
-- again), 'contended' (it holds full agents' rows and the rest are held: the ranking was stale,
-- roll back and route again).
CREATE OR REPLACE FUNCTION claim_agent_slot(
  p_account uuid, p_ranking uuid[], p_max integer[], p_now timestamptz,
  OUT user_id uuid, OUT outcome text
) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  held_full uuid[] := '{}';
  candidate uuid;
BEGIN
  LOOP
    IF cardinality(held_full) = cardinality(p_ranking) THEN
      outcome := 'none';
      RETURN;
    END IF;
    SELECT s.user_id INTO candidate
      FROM agent_routing_state s
     WHERE s.account_id = p_account AND s.user_id = ANY (p_ranking) AND NOT (s.user_id = ANY (held_full))
     ORDER BY array_position(p_ranking, s.user_id)
     LIMIT 1
       FOR UPDATE SKIP LOCKED;
    IF candidate IS NULL THEN
      IF cardinality(held_full) > 0 THEN
        outcome := 'contended';
      ELSIF EXISTS (SELECT 1 FROM agent_routing_state s
                     WHERE s.account_id = p_account AND s.user_id = ANY (p_ranking)) THEN
        outcome := 'busy';
      ELSE
        outcome := 'none';
      END IF;
      RETURN;
    END IF;
    UPDATE agent_routing_state s
       SET last_assigned_at = p_now, assignments_total = s.assignments_total + 1, updated_at = p_now
     WHERE s.account_id = p_account AND s.user_id = candidate
       AND (SELECT count(*) FROM conversations c
             WHERE c.account_id = p_account AND c.assignee_id = candidate
               AND c.status IN ('assigned', 'pending'))
           < coalesce(p_max[array_position(p_ranking, candidate)], 0);
    IF FOUND THEN
      user_id := candidate;
      outcome := 'taken';
      RETURN;
    END IF;
    held_full := held_full || candidate;
  END LOOP;
END
$$;
