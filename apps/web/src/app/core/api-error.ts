import type { MessageKey, MessageParams } from './i18n';

/** A failed request as the user should read it: a message key in their language, never the server's English. */
export interface ApiProblem {
  status: number;
  /** the server's stable error type ('notFound', 'forbidden', …) or 'network' */
  type: string;
  key: MessageKey;
  params: MessageParams;
  /** fields the server named (validation), for marking inputs */
  fields: { field: string; reason: string }[];
  details: Record<string, unknown>;
  /** worth retrying by itself: the server was unreachable or unavailable */
  transient: boolean;
}

const KEY_BY_TYPE: Record<string, MessageKey> = {
  validation: 'error.validation',
  badRequest: 'error.badRequest',
  unauthenticated: 'error.unauthenticated',
  invalidCredentials: 'login.failed',
  forbidden: 'error.forbidden',
  notFound: 'error.notFound',
  staleVersion: 'error.staleVersion',
  conflict: 'error.conflict',
  payloadTooLarge: 'error.payloadTooLarge',
  tooManyRequests: 'error.tooManyRequests',
};

interface HttpErrorLike {
  status?: number;
  error?: unknown;
}

/** Maps an HttpErrorResponse (or anything thrown) to an ApiProblem by status and error type. */
export function toProblem(error: unknown): ApiProblem {
  const e = (error ?? {}) as HttpErrorLike;
  const status = typeof e.status === 'number' ? e.status : 0;
  const body = (e.error && typeof e.error === 'object' ? e.error : {}) as { error?: string; fields?: { field: string; reason: string }[]; details?: Record<string, unknown> };
  const type = status === 0 ? 'network' : (body.error ?? (status >= 500 ? 'server' : 'unknown'));
  const transient = status === 0 || status === 502 || status === 503 || status === 504;
  let key: MessageKey = KEY_BY_TYPE[type] ?? (status >= 500 || status === 0 ? 'error.server' : 'error.unknown');
  if (transient) key = 'error.network';
  const fields = Array.isArray(body.fields) ? body.fields : [];
  return { status, type, key, params: { fields: fields.map((f) => f.field).join(', ') }, fields, details: body.details ?? {}, transient };
}
