import { CLOSE } from '@zerobase/collab';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { demoEmail, DEMO_PASSWORD } from '../support/http-client';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

async function signIn(who: string): Promise<{ cookie: string; setCookie: string; token: string }> {
  const response = await fetch(`${server.api.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demoEmail(who), password: DEMO_PASSWORD }) });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const token = ((await response.json()) as { accessToken: string }).accessToken;
  return { cookie: setCookie.split(';')[0], setCookie, token };
}

const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(`${server.api.baseUrl}${path}`, init);

describe('the browser session cookie', () => {
  it('is set on login HttpOnly, SameSite=Strict, Path=/ for the token lifetime, not Secure over plain http', async () => {
    const { setCookie, token, cookie } = await signIn('coordinator');
    expect(cookie).toBe(`zb_session=${token}`);
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).toMatch(/; Max-Age=43200(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(setCookie).not.toMatch(/Secure/);
  });

  it('alone authenticates reads; a change needs the X-Requested-With header (403 without, nothing stored)', async () => {
    const { cookie } = await signIn('coordinator');
    const cycles = await call('/api/cycles', { headers: { cookie } });
    expect(cycles.status).toBe(200);
    const cycleName = ((await cycles.json()) as { name: string }[])[0].name;
    expect(cycleName).toBeTruthy();

    const body = JSON.stringify({ name: 'FY2031 cookie only', fiscalYear: 2031, totalQuotaFen: 1 });
    const refused = await call('/api/cycles', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('X-Requested-With');
    const wrongValue = await call('/api/cycles', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' }, body });
    expect(wrongValue.status).toBe(403);

    const accepted = await call('/api/cycles', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'zerobase' }, body: JSON.stringify({ name: 'FY2032 with header', fiscalYear: 2032, totalQuotaFen: 1 }) });
    expect(accepted.status).toBe(201);
    const names = ((await (await call('/api/cycles', { headers: { cookie } })).json()) as { name: string }[]).map((c) => c.name);
    expect(names).toContain('FY2032 with header');
    expect(names).not.toContain('FY2031 cookie only');

    // a bearer client needs no extra header, as before
    expect((await (await server.as('coordinator')).post('/api/cycles', { name: 'FY2033 bearer', fiscalYear: 2033, totalQuotaFen: 1 })).status).toBe(201);
  });

  it('refuses a forged cookie and no credential with 401', async () => {
    expect((await call('/api/cycles', { headers: { cookie: 'zb_session=not.a.jwt' } })).status).toBe(401);
    expect((await call('/api/cycles')).status).toBe(401);
  });

  it('is cleared by logout', async () => {
    const { cookie } = await signIn('power');
    const logout = await call('/api/auth/logout', { method: 'POST', headers: { cookie, 'x-requested-with': 'zerobase' } });
    expect(logout.status).toBe(204);
    const cleared = logout.headers.get('set-cookie') ?? '';
    expect(cleared).toMatch(/^zb_session=;/);
    expect(cleared).toMatch(/; Max-Age=0(;|$)/);
    expect(cleared).toMatch(/; HttpOnly(;|$)/);
    // the browser keeps what Set-Cookie says: an empty cookie, which authenticates nothing
    expect((await call('/api/cycles', { headers: { cookie: cleared.split(';')[0] } })).status).toBe(401);
  });

  it('authenticates the Socket.IO handshake and the /collab upgrade from the same origin, not a cross-site page', async () => {
    const { cookie } = await signIn('coordinator');
    const host = new URL(server.api.baseUrl).host;
    const socketReady = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(server.api.baseUrl, { path: '/socket.io', transports: ['websocket'], reconnection: false, extraHeaders: { cookie, origin } });
        socket.once('ready', (ready: { userId: string }) => (resolve(`ready ${ready.userId}`), socket.disconnect()));
        socket.once('error', (e: { error: string }) => resolve(e.error));
        socket.once('disconnect', () => resolve('disconnected'));
      });
    expect(await socketReady(server.api.baseUrl)).toMatch(/^ready /);
    expect(await socketReady('http://evil.test')).toBe('unauthenticated');

    const coordinator = await server.as('coordinator');
    const packageId = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body[0].id as string;
    const collab = (origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${host}/collab/${packageId}`, { headers: { cookie, origin } });
        ws.binaryType = 'nodebuffer';
        ws.on('message', () => (resolve('message'), ws.close()));
        ws.on('close', (code) => resolve(`closed ${code}`));
        ws.on('error', () => resolve('error'));
      });
    expect(await collab(server.api.baseUrl)).toBe('message');
    expect(await collab('http://evil.test')).toBe(`closed ${CLOSE.unauthenticated}`);
  });
});
