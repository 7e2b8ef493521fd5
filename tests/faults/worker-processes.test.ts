import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactIdentifiers } from '../../services/messaging-api/src/contact-identifiers/tables';
import { conversations } from '../../services/messaging-api/src/conversations/tables';
import { messages } from '../../services/messaging-api/src/messages/tables';
import {
  type AcceptedMessage,
  type FaultStack,
  realServices,
  startFaultStack,
  streamWebhooks,
  waitFor,
  whatsappText,
} from './harness';
import { type InvariantInput, settleAndCheck } from './invariants';

// Worker processes are separate OS processes sharing this test's database and queues, so they
// need PostgreSQL and RabbitMQ (PGlite and the in-process bus live inside one process).
const needs = Boolean(realServices.postgres && realServices.rabbitmq);
const workerEntry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

let h: FaultStack;
let channel: { id: string; path: string };
const accepted: AcceptedMessage[] = [];
const children = new Set<ChildProcess>();
/** The worker processes started after the kill; still running for the next test. */
const survivors: ChildProcess[] = [];

/** Starts the workers in a child process and resolves once it consumes. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', workerEntry], {
    env: { ...process.env, ...h.childEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker process not ready in 120 s: ${stderr}`)),
      120_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        if (process.env.FAULTS_DEBUG) console.error(`worker process ready in ${Date.now() - started} ms`);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker process exited (${code}) before ready: ${stderr}`));
    });
  });
  return child;
}

async function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function countOf(table: typeof messages | typeof conversations, channelId: string) {
  const [row] = await h.db.select({ n: count() }).from(table).where(eq(table.channelId, channelId));
  return row!.n;
}

const invariants = (): InvariantInput => ({
  db: h.db,
  accountId: h.accountId,
  acceptedMessages: accepted,
  ready: h.ready,
});

beforeAll(async () => {
  if (!needs) return;
  // No workers in this process: only the child processes consume.
  h = await startFaultStack({ workers: false });
  channel = await h.createWhatsappChannel();
});
afterAll(async () => {
  for (const child of [...children]) await stopWorkerProcess(child);
  await h?.cleanup();
});

describe.skipIf(!needs)('worker processes', () => {
  it('loses and duplicates nothing when a worker process is SIGKILLed mid-batch', async () => {
    const first = await startWorkerProcess();
    const stream = streamWebhooks(h, channel, {
      label: 'kill',
      count: 300,
      senders: 60,
      concurrency: 8,
      accepted,
    });
    await waitFor(async () => (await countOf(messages, channel.id)) >= 30, 'the first worker busy', 60_000);
    first.kill('SIGKILL');
    const killedAt = await countOf(messages, channel.id);
    await stream;
    // Two fresh processes take over (the second test reuses them as its pair of competing workers).
    survivors.push(...(await Promise.all([startWorkerProcess(), startWorkerProcess()])));
    await waitFor(
      async () => (await countOf(messages, channel.id)) >= accepted.length,
      'the new workers to finish the backlog',
      90_000,
    );
    // The kill happened with work left, or the test proved nothing.
    expect(killedAt).toBeLessThan(300);
    expect(accepted).toHaveLength(300);
    expect(await countOf(messages, channel.id)).toBe(300);
    expect(await settleAndCheck(invariants(), 90_000)).toEqual([]);
  }, 300_000);

  it('makes one contact, one conversation and 50 messages from 50 concurrent first messages on two worker processes', async () => {
    while (survivors.length < 2) survivors.push(await startWorkerProcess());
    const waId = '251922000050';
    const body = (n: number) => `wamid.first-${n}`;
    const statuses = await Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const status = await h.postWebhook(channel.path, whatsappText(waId, body(n)));
        if (status === 200) accepted.push({ channelId: channel.id, providerMessageId: body(n) });
        return status;
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const ofContact = and(
      eq(conversations.channelId, channel.id),
      eq(conversations.contactIdentifier, `+${waId}`),
    );
    await waitFor(
      async () => {
        const [row] = await h.db
          .select({ n: count() })
          .from(messages)
          .innerJoin(conversations, eq(conversations.id, messages.conversationId))
          .where(ofContact);
        return row!.n === 50;
      },
      '50 messages',
      90_000,
    );
    expect(await h.db.select().from(conversations).where(ofContact)).toHaveLength(1);
    const identifiers = await h.db
      .select()
      .from(contactIdentifiers)
      .where(
        and(eq(contactIdentifiers.accountId, h.accountId), eq(contactIdentifiers.identifier, `+${waId}`)),
      );
    expect(identifiers).toHaveLength(1);
    expect(h.accountApi.contacts.filter((c) => c.phone === `+${waId}`)).toHaveLength(1);
    expect(await settleAndCheck(invariants(), 90_000)).toEqual([]);
  }, 300_000);
});
