import type { HttpApp } from '@turumba/platform/http';

/** Largest webhook body accepted: email with attachments is the big one. */
export const WEBHOOK_BODY_LIMIT_BYTES = 25 * 1024 * 1024;

/**
 * Runs `register` in an encapsulated scope whose routes receive the request body as the exact
 * Buffer sent, whatever its type (JSON, form, multipart, MIME, text...): providers sign bytes,
 * and re-serialised JSON would not verify. Parsers of the rest of the app are untouched.
 */
export function withRawBody(app: HttpApp, register: (scope: HttpApp) => void): void {
  // Loaded with the app's other plugins on ready(); nothing to await here.
  void app.register(async (scope) => {
    const raw = scope as unknown as HttpApp;
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    register(raw);
  });
}

/** The body as bytes (an empty POST has none). */
export function rawBodyOf(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}
