// The app's HTTP requests as plain data: what is sent for a call, and how an answer is read (no Angular here).

/** The header the server asks for on changes authenticated by the session cookie (CSRF). */
export const CSRF_HEADERS = { 'X-Requested-With': 'zerobase' } as const;

/** Query parameters; empty, null and undefined values are left out. */
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  params?: QueryParams;
  /** 'json' (the default) parses the body, an empty body gives null; 'blob' gives the bytes */
  responseType?: 'json' | 'blob';
  body?: unknown;
  /** extra headers, e.g. an upload's Content-Type */
  headers?: Record<string, string>;
}

/** A failed request, shaped as the rest of the app reads it (`toProblem`): HTTP status (0: no answer) and the parsed body. */
export interface HttpFailure {
  status: number;
  statusText: string;
  /** the server's JSON error body, its text, or the network error */
  error: unknown;
  message: string;
  url: string;
}

/** The request as the browser sends it: same-origin cookie, CSRF header, a JSON body unless it is form data, a blob or text. */
export function buildRequest(method: string, url: string, options: RequestOptions = {}): { url: string; init: RequestInit } {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.params ?? {})) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const search = query.toString();
  const headers: Record<string, string> = { ...(url.startsWith('/api/') ? CSRF_HEADERS : {}), ...options.headers };
  const body = options.body;
  let sent: BodyInit | undefined;
  if (body === undefined || body === null) sent = undefined;
  else if (body instanceof FormData || body instanceof Blob || body instanceof URLSearchParams || typeof body === 'string') sent = body;
  else {
    sent = JSON.stringify(body);
    headers['Content-Type'] ??= 'application/json';
  }
  return {
    url: search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url,
    init: { method, headers, body: sent, credentials: 'same-origin' },
  };
}

/** A response's body as the caller asked for it; a failed response's body as JSON when it is JSON, its text otherwise. */
export async function readResponse(response: Response, responseType: 'json' | 'blob' = 'json'): Promise<unknown> {
  if (response.ok && responseType === 'blob') return response.blob();
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (response.ok) throw error;
    return text;
  }
}
