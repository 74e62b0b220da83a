/**
 * Every error a user can see, in one table: its HTTP status, a stable type and a message.
 * Features throw these typed classes; the global filter turns them into JSON.
 */
export interface FieldError {
  field: string;
  reason: string;
}

export const ERROR_TABLE = {
  validation: { status: 400, message: 'The request is not valid' },
  badRequest: { status: 400, message: 'The request cannot be processed' },
  unauthenticated: { status: 401, message: 'Sign in first' },
  invalidCredentials: { status: 401, message: 'Wrong email or password' },
  forbidden: { status: 403, message: 'You may not do this' },
  notFound: { status: 404, message: 'Not found' },
  staleVersion: { status: 409, message: 'Someone changed this since you read it; reload and try again' },
  conflict: { status: 409, message: 'This conflicts with the current state' },
  payloadTooLarge: { status: 413, message: 'The request body is too large' },
  unsupportedMediaType: { status: 415, message: 'This kind of file is not accepted' },
  tooManyRequests: { status: 429, message: 'Too many requests; wait a minute and try again' },
  busy: { status: 503, message: 'The database did not answer in time; try again shortly' },
} as const;

export type ErrorType = keyof typeof ERROR_TABLE;

export class AppError extends Error {
  constructor(
    readonly type: ErrorType,
    message?: string,
    readonly fields?: FieldError[],
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_TABLE[type].message);
  }

  get status(): number {
    return ERROR_TABLE[this.type].status;
  }
}

export class ValidationFailed extends AppError {
  constructor(fields: FieldError[]) {
    super('validation', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields);
  }
}

export class Unauthenticated extends AppError {
  constructor(message?: string) {
    super('unauthenticated', message);
  }
}

export class Forbidden extends AppError {
  constructor(message?: string) {
    super('forbidden', message);
  }
}

export class NotFound extends AppError {
  constructor(resource: string, id: string) {
    super('notFound', `${resource} ${id} does not exist`, undefined, { resource, id });
  }
}

export class StaleVersion extends AppError {
  constructor(resource: string, expected: number, actual: number) {
    super('staleVersion', `${resource} is at version ${actual}, not ${expected}; reload and try again`, [
      { field: 'version', reason: `expected ${actual}` },
    ]);
  }
}

export class StateConflict extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, undefined, details);
  }
}

export class TooManyRequests extends AppError {
  constructor(retryAfterSeconds: number) {
    super('tooManyRequests', undefined, undefined, { retryAfterSeconds });
  }
}
