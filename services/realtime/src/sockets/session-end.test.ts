import { randomUUID } from 'node:crypto';
import { SESSION_ENDED } from '@turumba/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from '../start';
import { connect, sleep } from '../testing/clients';
import { createHarness, type Harness } from '../testing/harness';

let harness: Harness;
let realtime: RunningRealtime;
const sockets: Socket[] = [];
beforeAll(async () => {
  harness = await createHarness('session-end');
  realtime = await harness.start();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await harness?.close();
});

async function socketOf(user: ReturnType<Harness['addUser']>, sid?: string) {
  const token = await harness.tokenFor(user, '5m', sid ? { sid } : {});
  const socket = await connect(realtime.url, '/agents', { token });
  sockets.push(socket);
  const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  return { socket, closed };
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, sleep(ms).then(() => 'still open' as const)]);

describe('auth.session.ended', () => {
  it("closes the ended sign-in's sockets and leaves the user's other sign-ins and other users alone", async () => {
    const account = randomUUID();
    const user = harness.addUser({ [account]: 'agent' });
    const other = harness.addUser({ [account]: 'agent' });
    const [ended, kept, legacy] = [randomUUID(), randomUUID(), randomUUID()];
    const a = await socketOf(user, ended);
    const aTab = await socketOf(user, ended); // a second tab of the same sign-in
    const b = await socketOf(user, kept);
    const c = await socketOf(other, legacy);

    await harness.publish(SESSION_ENDED, null, { user_id: user.userId, session_id: ended, reason: 'logout' });

    expect(await within(a.closed, 5_000)).toBe('io server disconnect');
    expect(await within(aTab.closed, 5_000)).toBe('io server disconnect');
    expect(await within(b.closed, 300)).toBe('still open');
    expect(b.socket.connected).toBe(true);

    // Every sign-in of the user (logout without a refresh token): the rest of theirs, nobody else's.
    await harness.publish(SESSION_ENDED, null, { user_id: user.userId, session_id: null, reason: 'logout' });
    expect(await within(b.closed, 5_000)).toBe('io server disconnect');
    expect(await within(c.closed, 300)).toBe('still open');
    expect(c.socket.connected).toBe(true);
  });

  it('ignores a malformed one', async () => {
    const account = randomUUID();
    const user = harness.addUser({ [account]: 'agent' });
    const a = await socketOf(user, randomUUID());
    await harness.publish(SESSION_ENDED, null, { user_id: 'not-a-uuid', session_id: null });
    expect(await within(a.closed, 300)).toBe('still open');
  });
});
