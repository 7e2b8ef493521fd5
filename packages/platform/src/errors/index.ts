import type { ErrorCode } from '@turumba/contracts';

export const statusByCode: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation_error: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

/** A failure the API reports to the client as the error envelope of ARCHITECTURE.md §3. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export class BadRequest extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('bad_request', message, details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'Authentication required') {
    super('unauthorized', message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'Not allowed') {
    super('forbidden', message);
  }
}

export class NotFound extends AppError {
  constructor(resource: string) {
    super('not_found', `${resource} not found`);
  }
}

export class Conflict extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('conflict', message, details);
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationFailed extends AppError {
  constructor(errors: FieldError[], message = 'Request validation failed') {
    super('validation_error', message, { errors });
  }
}

export class RateLimited extends AppError {
  constructor(retryAfterSeconds: number) {
    super(
      'rate_limited',
      'Too many requests',
      { retry_after: retryAfterSeconds },
      {
        'retry-after': String(retryAfterSeconds),
      },
    );
  }
}

export class ServiceUnavailable extends AppError {
  constructor(message = 'Service unavailable', retryAfterSeconds?: number) {
    super(
      'service_unavailable',
      message,
      {},
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    );
  }
}
