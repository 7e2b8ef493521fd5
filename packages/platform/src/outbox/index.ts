export { type BackoffOptions, backoffDelayMs } from './backoff';
export { enqueue, enqueueAll, type NewEvent, OUTBOX_CHANNEL } from './enqueue';
export { type RunOnceResult, runOnce } from './processed-events';
export { pruneProcessedEvents, prunePublishedOutboxEvents } from './prune';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay';
export { outboxEvents, processedEvents } from './tables';
