import { describe, expect, it } from 'vitest';
import { toProblem } from './api-error';
import { buildRequest, CSRF_HEADERS, readResponse } from './http-request';

describe('the app’s HTTP requests', () => {
  it('should send API calls with the CSRF header and the same-origin cookie, and objects as JSON', () => {
    const { url, init } = buildRequest('POST', '/api/cycles/c1/packages', { body: { code: 'DP-9' } });
    expect(url).toBe('/api/cycles/c1/packages');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"code":"DP-9"}' });
    expect(init.headers).toEqual({ ...CSRF_HEADERS, 'Content-Type': 'application/json' });
  });

  it('should leave empty query parameters out and keep the others', () => {
    expect(buildRequest('GET', '/api/cycles/c1/packages', { params: { department: 'power', stage: '', tier: undefined, page: 2 } }).url).toBe('/api/cycles/c1/packages?department=power&page=2');
    expect(buildRequest('GET', '/api/x?a=1', { params: { b: 'z y' } }).url).toBe('/api/x?a=1&b=z+y');
  });

  it('should send files as they are, with the Content-Type the caller gives, and no body for null', () => {
    const file = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    const upload = buildRequest('POST', '/api/packages/p/attachments', { body: file, headers: { 'Content-Type': 'application/pdf' } });
    expect(upload.init.body).toBe(file);
    expect(upload.init.headers).toEqual({ ...CSRF_HEADERS, 'Content-Type': 'application/pdf' });
    const logout = buildRequest('POST', '/api/auth/logout', { body: null });
    expect(logout.init.body).toBeUndefined();
    expect(buildRequest('GET', '/assets/x.json').init.headers).toEqual({});
  });

  it('should read JSON, an empty body as null, blobs as bytes, and a failure’s body so that it maps to its message', async () => {
    expect(await readResponse(new Response('{"a":1}', { status: 200 }))).toEqual({ a: 1 });
    expect(await readResponse(new Response(null, { status: 204 }))).toBeNull();
    const blob = (await readResponse(new Response('a;b\n', { status: 200 }), 'blob')) as Blob;
    expect(await blob.text()).toBe('a;b\n');
    const body = await readResponse(new Response('{"error":"validation","fields":[{"field":"code","reason":"bad"}]}', { status: 400 }), 'blob');
    expect(toProblem({ status: 400, error: body })).toMatchObject({ key: 'error.validation', params: { fields: 'code' } });
    expect(await readResponse(new Response('Bad Gateway', { status: 502 }))).toBe('Bad Gateway');
    await expect(readResponse(new Response('not json', { status: 200 }))).rejects.toThrow();
  });
});
