import { ACCESS_REVOKED, CLOSE, getTitle, setTitle } from '@zerobase/collab';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess } from '../support/api-process';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { HttpClient } from '../support/http-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

/** Revocation through Redis: the change is made on one instance, the connections live on the other. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let db: TestDatabase;
let first: ApiProcess;
let second: ApiProcess;
const clients: CollabClient[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  db = await createTestDatabase('zb_sec_multi');
  [first, second] = await Promise.all([ApiProcess.start({ DATABASE_URL: db.url, REDIS_URL }), ApiProcess.start({ DATABASE_URL: db.url, REDIS_URL })]);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) s.close();
  await Promise.all([first?.stop(), second?.stop()]);
  await db?.drop();
});

describe('revocation across instances', () => {
  it('should close the collab socket and empty the rooms held on the other instance', async () => {
    const coordinator = await new HttpClient(first.baseUrl).login('coordinator@demo.zerobase');
    const telecom = await new HttpClient(second.baseUrl).login('telecom@demo.zerobase');
    const cycleId = (await coordinator.get('/api/cycles')).body[0].id;
    const packageId = (await coordinator.get(`/api/cycles/${cycleId}/packages?department=telecom`)).body[0].id;
    const watcher = connectCollab(second.baseUrl, packageId, coordinator.token);
    const liaison = connectCollab(second.baseUrl, packageId, telecom.token);
    liaison.provider.messageHandlers[2] = () => undefined;
    clients.push(watcher, liaison);
    await Promise.all([watcher.synced(), liaison.synced()]);
    const socket = io(second.baseUrl, { path: '/socket.io', auth: { token: telecom.token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const roomEvents: string[][] = [];
    socket.on('rooms', (e: { rooms: string[] }) => roomEvents.push(e.rooms));
    await new Promise<void>((resolve) => socket.once('ready', () => resolve()));

    const telecomId = (await telecom.get('/api/auth/me')).body.userId;
    const memberships = (await coordinator.get(`/api/cycles/${cycleId}/memberships`)).body as { id: string; userId: string }[];
    expect((await coordinator.delete(`/api/cycles/${cycleId}/memberships/${memberships.find((m) => m.userId === telecomId)!.id}`)).status).toBe(204);

    const close = await eventually(() => liaison.closes[0], (c) => c !== undefined, 10_000, 'the close on the other instance');
    expect(close.code).toBe(CLOSE.forbidden);
    expect(close.reason.startsWith(ACCESS_REVOKED)).toBe(true);
    const rooms = await eventually(() => roomEvents[0], (r) => r !== undefined, 10_000, 'the room refresh on the other instance');
    expect(rooms.some((r) => r.includes(cycleId))).toBe(false);

    setTitle(liaison.doc, '撤销后');
    const { version } = (await coordinator.get(`/api/packages/${packageId}`)).body;
    expect((await coordinator.patch(`/api/packages/${packageId}`, { version, title: '两实例标记' })).status).toBe(200);
    await eventually(() => getTitle(watcher.doc), (t) => t === '两实例标记', 10_000, 'the marker');
    expect((await coordinator.get(`/api/packages/${packageId}`)).body.title).toBe('两实例标记');
  });
});
