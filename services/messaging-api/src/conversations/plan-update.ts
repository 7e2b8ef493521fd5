import type { ConversationPriority, ConversationStatus } from '@turumba/contracts';
import { Forbidden } from '@turumba/platform/errors';
import type { Changes } from './activity';
import { ConversationClosed, ConversationTaken, InvalidTransition } from './errors';
import { canTransition } from './status-machine';
import type { conversations } from './tables';

type Row = typeof conversations.$inferSelect;
export type ConversationPatch = Partial<
  Pick<
    Row,
    | 'status'
    | 'assigneeId'
    | 'teamId'
    | 'priority'
    | 'labels'
    | 'subject'
    | 'resolvedAt'
    | 'queuedAt'
    | 'waitingSince'
  >
>;

/** A requested change; `undefined` leaves a field alone, `null` clears it. */
export interface UpdateRequest {
  status?: ConversationStatus;
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: ConversationPriority;
  labels?: string[];
  subject?: string | null;
}

export interface Actor {
  userId: string | null;
  isManager: boolean;
}

export interface UpdatePlan {
  patch: ConversationPatch;
  changes: Changes;
  /** The assignee or team changed: the open assignment row ends and, if someone holds it, a new one starts. */
  isHolderChanged: boolean;
  isClosing: boolean;
}

function ensureTransition(from: ConversationStatus, to: ConversationStatus) {
  if (!canTransition(from, to)) throw new InvalidTransition(from, to);
}

/** Agents may take an unassigned conversation and release their own; the rest needs a manager. */
function checkAssigneeChange(from: string | null, to: string | null, actor: Actor) {
  if (actor.isManager || actor.userId === null) return;
  if (to !== null && to === actor.userId) {
    if (from !== null) throw new ConversationTaken(from);
    return;
  }
  if (to === null && from === actor.userId) return;
  throw new Forbidden('Only admins and supervisors can assign or unassign other agents');
}

/** Assigning moves it to `assigned`; unassigning an assigned one returns it to the queue (`open`). */
function statusAfterAssigneeChange(
  status: ConversationStatus,
  assigneeId: string | null,
): ConversationStatus {
  if (assigneeId !== null) {
    if (status !== 'assigned') ensureTransition(status, 'assigned');
    return 'assigned';
  }
  if (status === 'assigned') return 'open';
  if (status === 'pending') throw new InvalidTransition(status, 'open');
  return status;
}

function rejectOnClosed(current: Row, request: UpdateRequest) {
  if (request.status !== undefined && request.status !== 'closed') {
    throw new InvalidTransition('closed', request.status);
  }
  const fields: (keyof UpdateRequest & keyof Row)[] = ['assigneeId', 'teamId', 'priority', 'subject'];
  const differs =
    fields.some((f) => request[f] !== undefined && request[f] !== current[f]) ||
    (request.labels !== undefined && !sameLabels(request.labels, current.labels));
  if (differs) throw new ConversationClosed();
}

const sameLabels = (a: string[], b: string[]) => a.length === b.length && a.every((l, i) => l === b[i]);

/**
 * Decides what one update does (pure, ARCHITECTURE.md §5): assignment first, then the requested
 * status through the machine, then the plain fields; derived columns (resolved_at, queued_at)
 * follow the resulting status and holder. Throws the 400/403/409 a client gets.
 */
export function planUpdate(current: Row, request: UpdateRequest, actor: Actor, now: Date): UpdatePlan {
  if (current.status === 'closed') rejectOnClosed(current, request);
  let { status, assigneeId } = current;
  if (request.assigneeId !== undefined && request.assigneeId !== current.assigneeId) {
    checkAssigneeChange(current.assigneeId, request.assigneeId, actor);
    assigneeId = request.assigneeId;
    status = statusAfterAssigneeChange(status, assigneeId);
  }
  const teamId = request.teamId === undefined ? current.teamId : request.teamId;
  if (request.status !== undefined && request.status !== status) {
    ensureTransition(status, request.status);
    if (request.status === 'open' && assigneeId !== null) {
      // Back to the queue: nobody holds an open conversation.
      if (status === 'assigned') checkAssigneeChange(assigneeId, null, actor);
      assigneeId = null;
    }
    status = request.status;
  }
  const isMoved = status !== current.status || assigneeId !== current.assigneeId;
  if (isMoved && (status === 'assigned' || status === 'pending') && assigneeId === null) {
    throw new InvalidTransition(current.status, status);
  }

  const patch: ConversationPatch = {};
  const changes: Changes = {};
  const set = <K extends keyof ConversationPatch>(key: K, field: string, from: Row[K], to: Row[K]) => {
    if (from === to) return;
    patch[key] = to;
    changes[field] = { from, to };
  };
  set('status', 'status', current.status, status);
  set('assigneeId', 'assignee_id', current.assigneeId, assigneeId);
  set('teamId', 'team_id', current.teamId, teamId);
  if (request.priority !== undefined) set('priority', 'priority', current.priority, request.priority);
  if (request.subject !== undefined) set('subject', 'subject', current.subject, request.subject || null);
  if (request.labels !== undefined && !sameLabels(request.labels, current.labels)) {
    patch.labels = request.labels;
    changes.labels = { from: current.labels, to: request.labels };
  }

  if (changes.status) {
    if (status === 'resolved') patch.resolvedAt = now;
    if (current.status === 'resolved') patch.resolvedAt = null;
    if (status === 'resolved' || status === 'closed') patch.waitingSince = null;
  }
  const isQueued = status === 'open' && assigneeId === null;
  if (!isQueued && current.queuedAt !== null) patch.queuedAt = null;
  if (isQueued && current.queuedAt === null) patch.queuedAt = now;

  return {
    patch,
    changes,
    isHolderChanged: Boolean(changes.assignee_id || changes.team_id),
    isClosing: status === 'closed' && current.status !== 'closed',
  };
}
