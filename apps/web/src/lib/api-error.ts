/** A failed API call, read from the error envelope of ARCHITECTURE.md §3 when there is one. */
export class ApiError extends Error {
  readonly status: number;
  /** `not_found`, `validation_error`… or a domain code such as `whatsapp_window_closed`. */
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** `details.errors` of a 422: one message per field. */
  get fieldErrors(): Record<string, string> {
    const errors = this.details.errors;
    if (!Array.isArray(errors)) return {};
    const byField: Record<string, string> = {};
    for (const item of errors) {
      if (item && typeof item === 'object' && 'field' in item && 'message' in item) {
        byField[String(item.field).replace(/^body\./, '')] = String(item.message);
      }
    }
    return byField;
  }

  /** True when the code or a detail names `code` (domain errors may nest their reason). */
  hasCode(code: string): boolean {
    const d = this.details;
    return this.code === code || d.code === code || d.reason === code || d.error === code;
  }
}

/** Builds an ApiError from any response body (envelope, plain text, HTML from a proxy). */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'success' in body && body.success === false) {
    const b = body as { error?: unknown; message?: unknown; details?: unknown };
    const details = b.details && typeof b.details === 'object' ? (b.details as Record<string, unknown>) : {};
    return new ApiError(status, String(b.error ?? 'error'), String(b.message ?? 'Request failed'), details);
  }
  if (status === 404) return new ApiError(404, 'not_found', 'Not found (this endpoint may not exist yet).');
  if (status >= 500)
    return new ApiError(status, 'service_unavailable', 'The server is unavailable. Try again.');
  return new ApiError(status, 'error', `Request failed (${status}).`);
}

/** A message fit for the UI from any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = Object.entries(err.fieldErrors);
    if (fields.length > 0) return `${err.message}: ${fields.map(([f, m]) => `${f} ${m}`).join('; ')}`;
    return err.message;
  }
  if (err instanceof TypeError) return 'Cannot reach the server. Check your connection.';
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
