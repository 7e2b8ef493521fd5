import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { buildUrl, createHttp, type HttpAuth } from './http';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('buildUrl', () => {
  it('repeats array values and drops empty ones', () => {
    expect(buildUrl('/v1/x', { filter: ['a:eq:1', 'b:eq:2'], q: '', skip: 0, cursor: undefined })).toBe(
      '/v1/x?filter=a%3Aeq%3A1&filter=b%3Aeq%3A2&skip=0',
    );
  });
});

describe('createHttp', () => {
  it('unwraps the envelope and sends the bearer and the account', async () => {
    const seen: Headers[] = [];
    const http = createHttp(
      { accessToken: () => 'tok', accountId: () => 'acc', refreshAfterUnauthorized: async () => false },
      async (_url, init) => {
        seen.push(new Headers(init?.headers));
        return json(200, { success: true, data: [{ id: 1 }], meta: { skip: 0, limit: 1, next_cursor: 'c' } });
      },
    );
    const page = await http.list('/v1/things');
    expect(page).toEqual({ data: [{ id: 1 }], meta: { skip: 0, limit: 1, next_cursor: 'c' } });
    expect(seen[0]?.get('authorization')).toBe('Bearer tok');
    expect(seen[0]?.get('x-account-id')).toBe('acc');
  });

  it('throws the error envelope as an ApiError with field errors', async () => {
    const http = createHttp(null, async () =>
      json(422, {
        success: false,
        error: 'validation_error',
        message: 'Invalid body',
        details: { errors: [{ field: 'body.name', message: 'Required' }] },
      }),
    );
    const err = await http.post('/v1/x', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('validation_error');
    expect((err as ApiError).fieldErrors).toEqual({ name: 'Required' });
  });

  it('refreshes once after a 401 and retries with the new token', async () => {
    let token = 'old';
    let refreshes = 0;
    const auth: HttpAuth = {
      accessToken: () => token,
      accountId: () => null,
      refreshAfterUnauthorized: async () => {
        refreshes++;
        token = 'new';
        return true;
      },
    };
    const http = createHttp(auth, async (_url, init) =>
      new Headers(init?.headers).get('authorization') === 'Bearer new'
        ? json(200, { success: true, data: 'ok', message: null })
        : json(401, { success: false, error: 'unauthorized', message: 'expired', details: {} }),
    );
    expect(await http.get('/v1/x')).toBe('ok');
    expect(refreshes).toBe(1);
  });

  it('does not loop when the retried request is refused again', async () => {
    let refreshes = 0;
    const http = createHttp(
      {
        accessToken: () => 't',
        accountId: () => null,
        refreshAfterUnauthorized: async () => {
          refreshes++;
          return true;
        },
      },
      async () => json(401, { success: false, error: 'unauthorized', message: 'no', details: {} }),
    );
    await expect(http.get('/v1/x')).rejects.toMatchObject({ status: 401 });
    expect(refreshes).toBe(1);
  });

  it('reports a non-JSON gateway error as service unavailable', async () => {
    const http = createHttp(null, async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(http.get('/v1/x')).rejects.toMatchObject({ code: 'service_unavailable' });
  });
});
