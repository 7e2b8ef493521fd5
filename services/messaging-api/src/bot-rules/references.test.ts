import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboxKit, inboxKit, member } from '../conversations/test-kit';
import { createTestMessagingApi } from '../test-support';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const otherAccount = randomUUID();
const admin = member(account, 'admin');

beforeAll(async () => {
  api = await createTestMessagingApi();
  kit = inboxKit(api);
});
afterAll(() => api?.cleanup());

const rule = (assign_team_id: string) => ({
  name: `Team ${assign_team_id.slice(0, 8)}`,
  trigger_type: 'new_conversation',
  actions: { assign_team_id },
});

describe("a bot rule's team", () => {
  it("must be one of the account's teams: another account's or an unknown one is 422", async () => {
    const ours = randomUUID();
    const theirs = randomUUID();
    api.directory.addTeams(account, ours);
    api.directory.addTeams(otherAccount, theirs);

    expect((await kit.call('POST', '/v1/bot-rules', admin, rule(ours))).status).toBe(201);
    for (const team of [theirs, randomUUID()]) {
      const res = await kit.call('POST', '/v1/bot-rules', admin, rule(team));
      expect(res).toMatchObject({
        status: 422,
        body: {
          details: {
            errors: [{ field: 'body.actions.assign_team_id', message: 'Not a team of this account' }],
          },
        },
      });
    }
    const created = await kit.call('POST', '/v1/bot-rules', admin, rule(ours));
    const repointed = await kit.call('PATCH', `/v1/bot-rules/${created.body.data.id}`, admin, {
      actions: { assign_team_id: theirs },
    });
    expect(repointed.status).toBe(422);
  });

  it('is refused with 503 while the Account API cannot tell', async () => {
    api.directory.setUnavailable(true);
    try {
      const res = await kit.call('POST', '/v1/bot-rules', admin, rule(randomUUID()));
      expect(res.status).toBe(503);
    } finally {
      api.directory.setUnavailable(false);
    }
  });
});
