import { describe, expect, it } from 'vitest';
import { bearerToken, cookieRequestAllowed, cookieToken, handshakeCookieToken, parseCookies, sessionCookie } from './session-cookie';

describe('session cookie helpers', () => {
  it('parses cookie headers, keeping the first of repeated names and raw bad escapes', () => {
    expect(parseCookies('a=1; zb_session=x.y.z;b="q%20r"')).toEqual({ a: '1', zb_session: 'x.y.z', b: 'q r' });
    expect(parseCookies('a=1; a=2; =3; noequals; c=%E0')).toEqual({ a: '1', c: '%E0' });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies(['a=1', 'b=2'])).toEqual({ a: '1', b: '2' });
  });

  it('finds the token in the Authorization header or the cookie', () => {
    expect(bearerToken({ authorization: 'Bearer abc' })).toBe('abc');
    expect(bearerToken({ authorization: 'Basic abc' })).toBeNull();
    expect(cookieToken({ cookie: 'other=1; zb_session=tok' })).toBe('tok');
    expect(cookieToken({ cookie: 'zb_session=' })).toBeNull();
  });

  it('accepts a handshake cookie only from the same origin or from a non-browser client', () => {
    expect(handshakeCookieToken({ cookie: 'zb_session=t', host: 'a.test:3000', origin: 'http://a.test:3000' })).toBe('t');
    expect(handshakeCookieToken({ cookie: 'zb_session=t', host: 'a.test:3000' })).toBe('t');
    expect(handshakeCookieToken({ cookie: 'zb_session=t', host: 'a.test:3000', origin: 'http://evil.test' })).toBeNull();
    expect(handshakeCookieToken({ cookie: 'zb_session=t', host: 'a.test:3000', origin: 'null' })).toBeNull();
  });

  it('lets cookie-only reads through and changes only with the custom header', () => {
    expect(cookieRequestAllowed('GET', {})).toBe(true);
    expect(cookieRequestAllowed('POST', {})).toBe(false);
    expect(cookieRequestAllowed('DELETE', { 'x-requested-with': 'XMLHttpRequest' })).toBe(false);
    expect(cookieRequestAllowed('PUT', { 'x-requested-with': 'zerobase' })).toBe(true);
  });

  it('writes an HttpOnly, SameSite=Strict cookie, Secure when asked', () => {
    expect(sessionCookie('a.b', 60, false)).toBe('zb_session=a.b; Path=/; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(sessionCookie('', 0, true)).toBe('zb_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure');
  });
});
