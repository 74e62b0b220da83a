import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { connectSocket, type RecordingSocket } from '../support/socket-client';
import type { HttpClient } from '../support/http-client';

let server: DemoServer;
let coordinator: HttpClient;
let cycleId: string;
let scorer: HttpClient;
const pkg: Record<string, string> = {};

/**
 * The reviewer's queue (GET /api/cycles/:id/queue/mine) on a cycle of our own: a reviewer who
 * works in the health department is recused from the package health owns.
 */
beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  cycleId = (await coordinator.post('/api/cycles', { name: '评审队列测试', nameEn: 'Queue test', fiscalYear: 2028, totalQuotaFen: 10_000_000, reserveBasisPoints: 0 })).body.id;
  await coordinator.put(`/api/cycles/${cycleId}/criteria`, {
    criteria: [
      { key: 'impact', nameZh: '影响', nameEn: 'Impact', descriptionZh: '受益范围', descriptionEn: 'Reach', weight: 60 },
      { key: 'cost', nameZh: '成本', nameEn: 'Cost', weight: 40 },
    ],
  });
  const user = await coordinator.post('/api/users', { email: 'health-reviewer@demo.zerobase', displayName: '卫健评审', password: 'reviewer-pass-1', department: 'health' });
  expect(user.status).toBe(201);
  expect((await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: user.body.id, role: 'reviewer' })).status).toBe(201);
  scorer = await server.anonymous.login('health-reviewer@demo.zerobase', 'reviewer-pass-1');
  for (const [code, departments, stage] of [
    ['A', ['water'], 'scoring'],
    ['B', ['health', 'water'], 'scoring'],
    ['C', ['culture'], 'scoring'],
    ['D', ['culture'], 'drafting'],
  ] as const) {
    const created = await coordinator.post('/api/packages', { cycleId, code, title: `Package ${code}`, leadDepartment: departments[0], departments });
    expect(created.status).toBe(201);
    pkg[code] = created.body.id;
    if (stage !== 'drafting') expect((await coordinator.patch(`/api/packages/${created.body.id}`, { version: created.body.version, stage })).status).toBe(200);
  }
});
afterAll(async () => {
  await server?.close();
});

describe('the reviewer’s queue', () => {
  it('should list the packages up for scoring with recusals and their reason, and count progress', async () => {
    const queue = await scorer.get(`/api/cycles/${cycleId}/queue/mine`);
    expect(queue.status).toBe(200);
    expect(queue.body.criteria).toEqual([
      { key: 'impact', nameZh: '影响', nameEn: 'Impact', descriptionZh: '受益范围', descriptionEn: 'Reach', weight: 60 },
      { key: 'cost', nameZh: '成本', nameEn: 'Cost', descriptionZh: '', descriptionEn: '', weight: 40 },
    ]);
    expect(queue.body.items.map((i: { code: string; status: string; recusedFor: string[] }) => [i.code, i.status, i.recusedFor])).toEqual([
      ['A', 'open', []],
      ['B', 'recused', ['health']],
      ['C', 'open', []],
    ]);
    expect(queue.body.progress).toEqual({ scored: 0, total: 2, recused: 1, nextPackageId: pkg['A'] });
  });

  it('should move the progress as the reviewer scores, partly then fully', async () => {
    expect((await scorer.put(`/api/packages/${pkg['A']}/scores/mine`, { scores: [{ criterion: 'impact', score: 70 }] })).status).toBe(200);
    let queue = (await scorer.get(`/api/cycles/${cycleId}/queue/mine`)).body;
    expect(queue.items[0]).toMatchObject({ code: 'A', status: 'partial', scoredCriteria: 1 });
    expect(queue.progress).toMatchObject({ scored: 0, nextPackageId: pkg['A'] });
    expect((await scorer.put(`/api/packages/${pkg['A']}/scores/mine`, { scores: [{ criterion: 'cost', score: 50 }] })).status).toBe(200);
    queue = (await scorer.get(`/api/cycles/${cycleId}/queue/mine`)).body;
    expect(queue.items[0].status).toBe('scored');
    expect(queue.progress).toEqual({ scored: 1, total: 2, recused: 1, nextPackageId: pkg['C'] });
    // the recused package stays refused
    expect((await scorer.put(`/api/packages/${pkg['B']}/scores/mine`, { scores: [{ criterion: 'cost', score: 50 }] })).status).toBe(403);
  });

  it('should answer only reviewers of the cycle, and 404/400 for a missing or malformed cycle', async () => {
    expect((await coordinator.get(`/api/cycles/${cycleId}/queue/mine`)).status).toBe(403);
    expect((await (await server.as('observer')).get(`/api/cycles/${cycleId}/queue/mine`)).status).toBe(403);
    expect((await (await server.as('reviewer1')).get(`/api/cycles/${cycleId}/queue/mine`)).status).toBe(403);
    expect((await scorer.get('/api/cycles/00000000-0000-4000-8000-000000000000/queue/mine')).status).toBe(404);
    expect((await scorer.get('/api/cycles/not-a-uuid/queue/mine')).status).toBe(400);
    expect((await server.anonymous.get(`/api/cycles/${cycleId}/queue/mine`)).status).toBe(401);
    // and the server keeps serving
    expect((await scorer.get(`/api/cycles/${cycleId}/queue/mine`)).status).toBe(200);
  });

  it('should keep a cycle’s English name beside its name', async () => {
    expect((await coordinator.get(`/api/cycles/${cycleId}`)).body).toMatchObject({ name: '评审队列测试', nameEn: 'Queue test' });
  });
});

describe('the reviewer’s queue, live over Socket.IO', () => {
  let sockets: RecordingSocket[] = [];
  let other: HttpClient;
  const queueOf = (socket: RecordingSocket, check: (q: any) => boolean) => socket.next('queue', (q) => q.cycleId === cycleId && check(q), 15_000);
  const codes = (q: { items: { code: string; status: string }[] }) => q.items.map((i) => `${i.code}:${i.status}`).join(' ');

  beforeAll(async () => {
    // a second reviewer without a department: B is open to them, recused for the health reviewer
    other = await server.as('reviewer1');
    const me = (await other.get('/api/auth/me')).body;
    expect((await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: me.userId, role: 'reviewer' })).status).toBe(201);
  });
  afterAll(() => {
    for (const s of sockets) s.close();
  });

  it('should push each reviewer their own queue as a package enters and leaves scoring, and nothing to anyone else', async () => {
    const [mine, theirs, chair] = (sockets = await Promise.all([scorer, other, coordinator].map((c) => connectSocket(server.api.baseUrl, c.token!))));
    const d = (await coordinator.get(`/api/packages/${pkg['D']}`)).body;
    expect((await coordinator.patch(`/api/packages/${pkg['D']}`, { version: d.version, stage: 'scoring' })).status).toBe(200);

    const pushed = await queueOf(mine, (q) => q.items.some((i: { code: string }) => i.code === 'D'));
    expect(codes(pushed)).toBe('A:scored B:recused C:open D:open');
    expect(pushed).toEqual((await scorer.get(`/api/cycles/${cycleId}/queue/mine`)).body);
    const theirsPushed = await queueOf(theirs, (q) => q.items.some((i: { code: string }) => i.code === 'D'));
    expect(codes(theirsPushed)).toBe('A:open B:open C:open D:open');
    expect(theirsPushed).toEqual((await other.get(`/api/cycles/${cycleId}/queue/mine`)).body);
    // the coordinator is no reviewer: after a round trip on its own socket, still no queue
    await chair.emitAck('meeting:join', { meetingId: '00000000-0000-4000-8000-000000000000' });
    expect(chair.of('queue')).toEqual([]);

    const moved = (await coordinator.get(`/api/packages/${pkg['D']}`)).body;
    expect((await coordinator.patch(`/api/packages/${pkg['D']}`, { version: moved.version, stage: 'drafting' })).status).toBe(200);
    expect(codes(await queueOf(mine, (q) => !q.items.some((i: { code: string }) => i.code === 'D')))).toBe('A:scored B:recused C:open');
  });

  it('should move the progress live when the reviewer scores from elsewhere', async () => {
    const [mine] = (sockets = [...sockets, await connectSocket(server.api.baseUrl, scorer.token!)]).slice(-1);
    expect((await scorer.put(`/api/packages/${pkg['C']}/scores/mine`, { scores: [{ criterion: 'impact', score: 80 }, { criterion: 'cost', score: 60 }] })).status).toBe(200);
    const pushed = await queueOf(mine, (q) => q.progress.scored === 2);
    expect(pushed.progress).toEqual({ scored: 2, total: 2, recused: 1, nextPackageId: null });
  });

  it('should recuse a reviewer live once the unit owning a package moves into their bureau, and lift it when it moves out', async () => {
    const [mine] = (sockets = [...sockets, await connectSocket(server.api.baseUrl, scorer.token!)]).slice(-1);
    const culture = ((await coordinator.get('/api/departments')).body as { id: string; code: string }[]).find((x) => x.code === 'culture')!;
    expect((await coordinator.patch(`/api/departments/${culture.id}`, { parent: 'health' })).status).toBe(200);
    try {
      const pushed = await queueOf(mine, (q) => q.items.find((i: { code: string }) => i.code === 'C')?.status === 'recused');
      expect(pushed.items.find((i: { code: string }) => i.code === 'C').recusedFor).toEqual(['culture']);
      expect(pushed).toEqual((await scorer.get(`/api/cycles/${cycleId}/queue/mine`)).body);
      // and saving a score is refused by the same rule
      expect((await scorer.put(`/api/packages/${pkg['C']}/scores/mine`, { scores: [{ criterion: 'cost', score: 61 }] })).status).toBe(403);
    } finally {
      expect((await coordinator.patch(`/api/departments/${culture.id}`, { parent: null })).status).toBe(200);
    }
    expect(codes(await queueOf(mine, (q) => q.items.find((i: { code: string }) => i.code === 'C')?.status === 'scored'))).toBe('A:scored B:recused C:scored');
  });
});
