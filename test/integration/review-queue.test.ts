import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
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
