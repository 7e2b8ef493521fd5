import type { Logger } from '../logger';
import { createInProcessBus } from './in-process-bus';
import { createRabbitMqBus } from './rabbitmq-bus';
import type { RetryPolicy } from './retry-policy';
import type { BusNames, EventBus } from './types';

export { createInProcessBus, InProcessBus, type InProcessBusOptions } from './in-process-bus';
export { createRabbitMqBus, RabbitMqBus, type RabbitMqBusOptions } from './rabbitmq-bus';
export { defaultMaxAttempts, defaultPrefetch, defaultRetryPolicy, type RetryPolicy } from './retry-policy';
export { matchesPattern } from './topic-pattern';
export * from './types';

export interface CreateBusOptions {
  /** RabbitMQ URL; without it the bus is in-process. */
  url?: string;
  names?: Partial<BusNames>;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
}

export async function createBus(options: CreateBusOptions = {}): Promise<EventBus> {
  const { url, ...rest } = options;
  if (url) return createRabbitMqBus({ url, ...rest });
  return createInProcessBus({ retry: options.retry });
}
