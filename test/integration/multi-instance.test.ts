import { minutesText, sharedText } from '@zerobase/collab';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess } from '../support/api-process';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { HttpClient } from '../support/http-client';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let db: TestDatabase;
let first: ApiProcess;
let second: ApiProcess;
const clients: CollabClient[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  db = await createTestDatabase('zb_multi');
  // both start together: migrations and the demo seed must run once
  [first, second] = await Promise.all([ApiProcess.start({ DATABASE_URL: db.url, REDIS_URL }), ApiProcess.start({ DATABASE_URL: db.url, REDIS_URL })]);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) s.close();
  await Promise.all([first?.stop(), second?.stop()]);
  await db?.drop();
});

describe('several instances behind Redis', () => {
  it('should migrate and seed once when two instances start together', async () => {
    expect(await db.query(`SELECT count(*)::int AS n FROM budget_cycle`)).toEqual([{ n: 1 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM decision_package`)).toEqual([{ n: 20 }]);
  });

  it('should relay document edits between clients of different instances', async () => {
    const a = await new HttpClient(first.baseUrl).login('coordinator@demo.zerobase');
    const b = await new HttpClient(second.baseUrl).login('power@demo.zerobase');
    const cycleId = (await a.get('/api/cycles')).body[0].id;
    const packageId = (await a.get(`/api/cycles/${cycleId}/packages?department=power`)).body[0].id;
    const onFirst = connectCollab(first.baseUrl, packageId, a.token);
    const onSecond = connectCollab(second.baseUrl, packageId, b.token);
    clients.push(onFirst, onSecond);
    await Promise.all([onFirst.synced(), onSecond.synced()]);
    sharedText(onFirst.doc, 'narrative').insert(0, 'from instance one. ');
    await eventually(() => sharedText(onSecond.doc, 'narrative').toString(), (t) => t.includes('from instance one. '), 5_000, 'edit crosses instances');
    sharedText(onSecond.doc, 'narrative').insert(0, 'from instance two. ');
    await eventually(() => sharedText(onFirst.doc, 'narrative').toString(), (t) => t.includes('from instance two. '), 5_000, 'edit crosses back');
    expect(sharedText(onFirst.doc, 'narrative').toString()).toBe(sharedText(onSecond.doc, 'narrative').toString());
  });

  it('should push Socket.IO events to clients of every instance', async () => {
    const coordinator = await new HttpClient(first.baseUrl).login('coordinator@demo.zerobase');
    const reviewer = await new HttpClient(second.baseUrl).login('reviewer1@demo.zerobase');
    const cycleId = (await coordinator.get('/api/cycles')).body[0].id;
    const socket = io(second.baseUrl, { path: '/socket.io', auth: { token: reviewer.token }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('ready', () => resolve()));
    const pushed: any[] = [];
    socket.on('ranking', (r) => pushed.push(r));
    const cycle = (await coordinator.get(`/api/cycles/${cycleId}`)).body;
    await coordinator.patch(`/api/cycles/${cycleId}`, { version: cycle.version, totalQuotaFen: cycle.totalQuotaFen * 2 });
    const received = await eventually(() => pushed.at(-1), (r) => r?.totals?.quotaFen === cycle.totalQuotaFen * 2, 5_000, 'ranking pushed through Redis');
    expect(received.cycleId).toBe(cycleId);
  });

  it('should relay a meeting’s minutes between instances, and narrow an open connection on the other instance when the minutes close', async () => {
    const chairOnFirst = await new HttpClient(first.baseUrl).login('coordinator@demo.zerobase');
    const chairOnSecond = await new HttpClient(second.baseUrl).login('coordinator@demo.zerobase');
    const liaison = await new HttpClient(second.baseUrl).login('power@demo.zerobase');
    const cycleId = (await chairOnFirst.get('/api/cycles')).body[0].id;
    const meeting = (
      await chairOnFirst.post(`/api/cycles/${cycleId}/meetings`, { title: '跨实例联席会议', scheduledAt: '2026-12-03T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ title: '线路迁改' }] })
    ).body;
    expect((await chairOnFirst.post(`/api/meetings/${meeting.id}/start`)).status).toBe(200);
    const document = `minutes:${meeting.id}`;
    const chair = connectCollab(first.baseUrl, document, chairOnFirst.token);
    const power = connectCollab(second.baseUrl, document, liaison.token);
    const chairElsewhere = connectCollab(second.baseUrl, document, chairOnSecond.token);
    clients.push(chair, power, chairElsewhere);
    await Promise.all([chair.synced(), power.synced(), chairElsewhere.synced()]);
    const notes = (c: CollabClient) => minutesText(c.doc, 'notes').toString();
    minutesText(chair.doc, 'notes').insert(0, '主持人（一号实例）。');
    await eventually(() => notes(power), (t) => t.includes('主持人（一号实例）。'), 5_000, 'the chair’s minutes reach the other instance');
    minutesText(power.doc, 'notes').insert(notes(power).length, '供电公司（二号实例）。');
    await eventually(() => notes(chair), (t) => t.includes('供电公司（二号实例）。'), 5_000, 'the liaison’s minutes reach back');
    expect(notes(chair)).toBe(notes(power));

    // ended and closed through the first instance: the chair's open connection on the second becomes read-only
    expect((await chairOnFirst.post(`/api/meetings/${meeting.id}/end`)).status).toBe(200);
    expect((await chairOnFirst.post(`/api/meetings/${meeting.id}/minutes/close`)).status).toBe(200);
    const closed = notes(chair);
    minutesText(chairElsewhere.doc, 'notes').insert(0, '【定稿后】');
    await eventually(() => chairElsewhere.closes.length, (n) => n > 0, 10_000, 'the edit after closing is refused on the other instance');
    expect(chairElsewhere.closes[0]).toMatchObject({ code: 4409 });
    // a client that connects afterwards, on either instance, reads the closed text
    for (const api of [first, second]) {
      const late = connectCollab(api.baseUrl, document, liaison.token);
      clients.push(late);
      await late.synced();
      expect(notes(late)).toBe(closed);
    }
    expect((await liaison.get(`/api/meetings/${meeting.id}/minutes`)).body.notes).toBe(closed);
  });
});
