import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, parseConfig } from './index';

const schema = z.object({
  PORT: env.port(8080),
  DATABASE_URL: env.optionalUrl(),
  GATEWAY_SHARED_SECRET: env.secret(),
  DEBUG: env.bool(false),
});

describe('parseConfig', () => {
  it('applies defaults and coerces values', () => {
    const config = parseConfig(schema, {
      GATEWAY_SHARED_SECRET: 'x'.repeat(20),
      DEBUG: 'yes',
      DATABASE_URL: '',
    });
    expect(config).toEqual({ PORT: 8080, GATEWAY_SHARED_SECRET: 'x'.repeat(20), DEBUG: true });
  });

  it('leaves an unset optional boolean undefined so the caller can derive it', () => {
    const optional = z.object({ SEED: env.optionalBool() });
    expect(parseConfig(optional, {}).SEED).toBeUndefined();
    expect(parseConfig(optional, { SEED: 'false' }).SEED).toBe(false);
    expect(parseConfig(optional, { SEED: '1' }).SEED).toBe(true);
  });

  it('fails naming every offending variable at once', () => {
    let error: unknown;
    try {
      parseConfig(schema, { PORT: 'eighty', DATABASE_URL: 'not a url', DEBUG: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'GATEWAY_SHARED_SECRET', 'DEBUG'])
      expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });
});
