import type { ConversationStatus } from '@turumba/contracts';
import { BadRequest, Conflict, NotFound, ServiceUnavailable } from '@turumba/platform/errors';
import { allowedTransitions } from './status-machine';

export class ConversationNotFound extends NotFound {
  constructor() {
    super('Conversation');
  }
}

/** 400 naming the statuses the conversation may move to (`details.allowed`). */
export class InvalidTransition extends BadRequest {
  constructor(from: ConversationStatus, to: ConversationStatus) {
    super(`A ${from} conversation cannot become ${to}`, {
      from,
      to,
      allowed: [...allowedTransitions[from]],
    });
  }
}

export class ConversationClosed extends Conflict {
  constructor() {
    super('The conversation is closed; closed conversations cannot change');
  }
}

export class ActiveConversationExists extends Conflict {
  constructor(conversationId: string | null) {
    super('This contact already has an active conversation on this channel', {
      conversation_id: conversationId,
    });
  }
}

/** An agent tried to take a conversation someone else holds (also the loser of a take race). */
export class ConversationTaken extends Conflict {
  constructor(assigneeId: string) {
    super('The conversation is already assigned to another agent', { assignee_id: assigneeId });
  }
}

/** The Account API could not say whether an id belongs to the account: the client retries. */
export class DirectoryUnavailable extends ServiceUnavailable {
  constructor() {
    super('The account directory is unavailable; retry shortly', 5);
  }
}
