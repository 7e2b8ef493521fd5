/**
 * One realtime instance in its own process for bench/realtime.ts (so its memory is measured
 * alone). Configured by the BENCH_SERVER JSON variable; driven over IPC:
 * `{type: 'publish', accounts, perSecond, seconds}` publishes conversation.created events on the
 * in-process bus (embedded mode) stamped with the wall-clock send time; `{type: 'stats'}`
 * answers memory and socket counts; `{type: 'close'}` stops.
 */
import { createBus, createInProcessBus, type EventBus } from '@turumba/platform/bus';
import { createSilentLogger } from '@turumba/platform/logger';
import { loadConfig } from '../config';
import { startRealtime } from '../start';
import { publishAtRate } from './load-publish';

interface ServerOptions {
  env: Record<string, string>;
  /** RabbitMQ bus to consume from; otherwise an in-process one this process publishes on. */
  rabbit?: { url: string; exchange: string };
  /** Consume nothing (a second instance that only holds sockets). */
  isolated?: boolean;
}

const options = JSON.parse(process.env.BENCH_SERVER ?? '{}') as ServerOptions;
const send = (message: unknown) => process.send?.(message);
async function openBus(): Promise<EventBus> {
  if (options.rabbit && !options.isolated) {
    const { url, exchange } = options.rabbit;
    return createBus({
      url,
      names: { exchange, deadLetterExchange: `${exchange}.dlx`, deadLetterQueue: `${exchange}.dlq` },
    });
  }
  return createInProcessBus();
}

const bus = await openBus();
const realtime = await startRealtime(loadConfig({ LOG_LEVEL: 'silent', ...options.env }), {
  logger: createSilentLogger(),
  shared: { bus },
});

process.on(
  'message',
  async (message: { type: string; accounts?: string[]; perSecond?: number; seconds?: number }) => {
    if (message.type === 'publish') {
      const sent = await publishAtRate(
        bus,
        message.accounts ?? [],
        message.perSecond ?? 0,
        message.seconds ?? 0,
      );
      send({ type: 'published', sent });
    } else if (message.type === 'stats') {
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      send({ type: 'stats', ...memory, sockets: realtime.io.of('/agents').sockets.size });
    } else if (message.type === 'heap') {
      const { writeHeapSnapshot } = await import('node:v8');
      send({ type: 'heap', file: writeHeapSnapshot('/tmp/realtime-bench.heapsnapshot') });
    } else if (message.type === 'close') {
      await realtime.close();
      await bus.close();
      process.exit(0);
    }
  },
);
send({ type: 'ready', url: realtime.url });
