import { z } from 'zod';
import type { AssignmentRow } from './repo';
import { assignmentReasons } from './tables';

export const AssignmentDto = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  conversation_id: z.uuid(),
  assignee_id: z.uuid().nullable(),
  team_id: z.uuid().nullable(),
  assigned_by: z.uuid().nullable(),
  reason: z.enum(assignmentReasons),
  started_at: z.iso.datetime(),
  /** Null while this assignment holds the conversation. */
  ended_at: z.iso.datetime().nullable(),
});
export type AssignmentDto = z.infer<typeof AssignmentDto>;

export function toAssignmentDto(row: AssignmentRow): AssignmentDto {
  return {
    id: row.id,
    account_id: row.accountId,
    conversation_id: row.conversationId,
    assignee_id: row.assigneeId,
    team_id: row.teamId,
    assigned_by: row.assignedBy,
    reason: row.reason,
    started_at: row.startedAt.toISOString(),
    ended_at: row.endedAt ? row.endedAt.toISOString() : null,
  };
}
