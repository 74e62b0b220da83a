/**
 * The browser's session: the access token in an HttpOnly cookie, so no script on the page can
 * read it. Pure helpers shared by the HTTP guard, the Socket.IO handshake and the /collab upgrade
 * (see docs/decisions/session-cookie.md).
 */
export const SESSION_COOKIE = 'zb_session';
/** What the web client sends on every API call; a cross-site form or image cannot set it. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'zerobase';

type Headers = Record<string, string | string[] | undefined>;

/** `a=1; b=2` → { a: '1', b: '2' }; the first of repeated names wins, bad escapes stay raw. */
export function parseCookies(header: string | string[] | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  const raw = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

/** The bearer token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(headers: Headers): string | null {
  const header = headers['authorization'];
  const match = /^Bearer (.+)$/i.exec(typeof header === 'string' ? header : '');
  return match ? match[1] : null;
}

/** The session cookie's token, or null. */
export function cookieToken(headers: Headers): string | null {
  return parseCookies(headers['cookie'])[SESSION_COOKIE] || null;
}

/**
 * The session cookie's token on a WebSocket handshake, only when the page that opened it is on
 * this server's origin (or sent no Origin: not a browser): a cross-site page must not ride on it.
 */
export function handshakeCookieToken(headers: Headers): string | null {
  const token = cookieToken(headers);
  if (!token) return null;
  const origin = headers['origin'];
  if (typeof origin !== 'string' || !origin) return token;
  try {
    return new URL(origin).host === headers['host'] ? token : null;
  } catch {
    return null;
  }
}

/** Whether a request that only the cookie authenticates may go on: reads always, changes only with the custom header. */
export function cookieRequestAllowed(method: string, headers: Headers): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return true;
  const value = headers[CSRF_HEADER];
  return typeof value === 'string' && value.toLowerCase() === CSRF_HEADER_VALUE;
}

/** The Set-Cookie value that stores a token for `maxAgeSeconds` (0 clears it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
