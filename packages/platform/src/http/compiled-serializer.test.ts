import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer, serializationSchema } from './compiled-serializer';

const Row = z.object({
  id: z.uuid(),
  display_id: z.number().int(),
  status: z.enum(['open', 'assigned']),
  contact_id: z.uuid().nullable(),
  contact_name: z.string().nullable(),
  labels: z.array(z.string()),
  last_message_at: z.iso.datetime(),
  resolved_at: z.iso.datetime().nullable(),
  bot_context: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  unread_count: z.number().int(),
});
const Page = z.object({
  success: z.literal(true),
  data: z.array(Row),
  meta: z.object({ total: z.number().int().optional(), next_cursor: z.string().nullable().optional() }),
});

const row = {
  id: '0b6f6f1e-9d1c-4a53-9f0e-1c2d3e4f5a6b',
  display_id: 42,
  status: 'open',
  contact_id: null,
  contact_name: 'Abebe "Abe" Kebede\n<ሰላም>',
  labels: ['billing', 'vip'],
  last_message_at: '2026-11-25T10:00:00.000Z',
  resolved_at: null,
  bot_context: { routing: { outcome: 'queued', nested: [1, null, { x: 'y' }] } },
  metadata: {},
  unread_count: 3,
};

describe('compileSerializer', () => {
  it.each([
    [
      'a page with every kind of field',
      {
        success: true,
        data: [row, { ...row, contact_id: row.id, bot_context: null }],
        meta: { total: 2, next_cursor: null },
      },
    ],
    ['an empty page without a total', { success: true, data: [], meta: {} }],
  ])('writes what the zod encoder writes: %s', (_label, value) => {
    const compiled = compileSerializer(Page)(value);
    expect(compiled).toBe(JSON.stringify(z.encode(Page, value as z.output<typeof Page>)));
    expect(Page.parse(JSON.parse(compiled))).toEqual(value);
  });

  it('leaves out properties the schema does not declare, as the zod encoder does', () => {
    const value = {
      success: true,
      data: [{ ...row, sort_key: 'internal', password: 'x' }],
      meta: { secret: 1 },
    };
    const parsed = JSON.parse(compileSerializer(Page)(value));
    expect(parsed.data[0]).not.toHaveProperty('sort_key');
    expect(parsed.data[0]).not.toHaveProperty('password');
    expect(parsed.meta).toEqual({});
  });

  it('refuses an answer missing a required property', () => {
    const { id: _missing, ...withoutId } = row;
    expect(() => compileSerializer(Page)({ success: true, data: [withoutId], meta: {} })).toThrow(/id/);
  });

  it("turns zod's nullable anyOf into a type list and drops validation-only keywords", () => {
    expect(
      serializationSchema({ anyOf: [{ type: 'string', format: 'uuid', pattern: '^x$' }, { type: 'null' }] }),
    ).toEqual({
      type: ['string', 'null'],
    });
  });
});
