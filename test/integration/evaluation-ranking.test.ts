import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

let server: DemoServer;
let coordinator: HttpClient;
let cycleId: string;
const pkg: Record<string, string> = {};
const reviewers: Record<string, HttpClient> = {};
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  // a small cycle of our own, to compute the expectation by hand
  cycleId = (await coordinator.post('/api/cycles', { name: 'Hand-computed cycle', fiscalYear: 2028, totalQuotaFen: 1_000_000, reserveBasisPoints: 1_000 })).body.id;
  await coordinator.put(`/api/cycles/${cycleId}/criteria`, {
    criteria: [
      { key: 'impact', nameZh: '影响', nameEn: 'Impact', weight: 60 },
      { key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 40 },
    ],
  });
  const users = (await coordinator.get('/api/users')).body as { id: string; email: string }[];
  const userId = (email: string) => users.find((u) => u.email === email)!.id;
  for (const r of ['reviewer1', 'reviewer2', 'reviewer3']) {
    await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: userId(`${r}@demo.zerobase`), role: 'reviewer' });
    reviewers[r] = await server.as(r);
  }
  const line = (department: string, fen: number) => ({ department, category: 'services', description: 'work', quantity: 1, unit: 'lot', unitCostFen: fen, year: 2028 });
  for (const [code, department, cost] of [
    ['A', 'water', 400_000],
    ['B', 'health', 300_000],
    ['C', 'culture', 350_000],
  ] as const) {
    pkg[code] = (await coordinator.post('/api/packages', { cycleId, code, title: `Package ${code}`, leadDepartment: department, departments: [department], contingencyBasisPoints: 0, costLines: [line(department, cost)] })).body.id;
  }
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.close();
});

const score = (who: string, code: string, impact: number, ce: number) =>
  reviewers[who].put(`/api/packages/${pkg[code]}/scores/mine`, { scores: [{ criterion: 'impact', score: impact }, { criterion: 'costEffectiveness', score: ce, comment: 'ok' }] });

describe('evaluation: scoring, ranking and allocation through the API', () => {
  it('should rank and allocate exactly as computed by hand once three reviewers have scored', async () => {
    // composite = 0.6 × mean(impact) + 0.4 × mean(cost-effectiveness)
    // A: impact 90, 80, 70 → 80; ce 60, 60, 60 → 60 → 72
    // B: impact 95, 95, 95 → 95; ce 90, 80, 85 → 85 → 91
    // C: impact 50, 60, 70 → 60; ce 70, 70, 70 → 70 → 64
    for (const [who, a, b, c] of [
      ['reviewer1', [90, 60], [95, 90], [50, 70]],
      ['reviewer2', [80, 60], [95, 80], [60, 70]],
      ['reviewer3', [70, 60], [95, 85], [70, 70]],
    ] as const) {
      expect((await score(who, 'A', a[0], a[1])).status).toBe(200);
      expect((await score(who, 'B', b[0], b[1])).status).toBe(200);
      expect((await score(who, 'C', c[0], c[1])).status).toBe(200);
    }
    expect((await coordinator.post(`/api/cycles/${cycleId}/scoring/close`)).body.scoringClosed).toBe(true);
    const ranking = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body;
    expect(ranking.items.map((i: any) => [i.code, i.rank, i.score, i.tier, i.funded])).toEqual([
      ['B', 1, 91, 'high', true],
      ['A', 2, 72, 'medium', true],
      ['C', 3, 64, 'medium', false],
    ]);
    // quota 1 000 000 fen less 10 % = 900 000; B 300 000 + A 400 000 = 700 000; C (350 000) does not fit
    expect(ranking.totals).toMatchObject({ quotaFen: 1_000_000, reserveFen: 100_000, availableFen: 900_000, allocatedFen: 700_000, remainderFen: 200_000 });
    expect(ranking.cutoff).toMatchObject({ rank: 2, firstUnfundedRank: 3, shortfallFen: 150_000 });
    expect(ranking.perDepartment.find((d: any) => d.department === 'culture')).toMatchObject({ fundedFen: 0, unfundedFen: 350_000 });
    expect(ranking.items[0].explanation.parts.map((p: any) => [p.key, p.value])).toEqual([
      ['impact', 95],
      ['costEffectiveness', 85],
    ]);
  });

  it('should refuse scoring after close, out of range or on an unknown criterion, storing nothing', async () => {
    const before = await server.db.query(`SELECT * FROM reviewer_score WHERE cycle_id = $1 ORDER BY id`, [cycleId]);
    expect((await score('reviewer1', 'A', 10, 10)).status).toBe(409);
    await coordinator.post(`/api/cycles/${cycleId}/scoring/reopen`);
    const outOfRange = await score('reviewer1', 'A', 101, 10);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.fields[0].field).toBe('scores.0.score');
    const unknown = await reviewers.reviewer1.put(`/api/packages/${pkg.A}/scores/mine`, { scores: [{ criterion: 'impact', score: 10 }, { criterion: 'charisma', score: 10 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0]).toMatchObject({ field: 'scores.1.criterion' });
    expect(await server.db.query(`SELECT * FROM reviewer_score WHERE cycle_id = $1 ORDER BY id`, [cycleId])).toEqual(before);
    expect((await coordinator.put(`/api/cycles/${cycleId}/criteria`, { criteria: [{ key: 'impact', nameZh: 'x', nameEn: 'x', weight: 70 }] })).status).toBe(400);
  });

  it('should hide other reviewers’ scores until scoring closes', async () => {
    const own = (await reviewers.reviewer2.get(`/api/packages/${pkg.B}/scores`)).body;
    expect(own.scoringClosed).toBe(false);
    expect(new Set(own.scores.map((s: any) => s.reviewer))).toEqual(new Set(['reviewer2@demo.zerobase']));
    await coordinator.post(`/api/cycles/${cycleId}/scoring/close`);
    const all = (await reviewers.reviewer2.get(`/api/packages/${pkg.B}/scores`)).body;
    expect(new Set(all.scores.map((s: any) => s.reviewer)).size).toBe(3);
    await coordinator.post(`/api/cycles/${cycleId}/scoring/reopen`);
  });

  it('should not let a reviewer score a package of their own department', async () => {
    const user = (await coordinator.post('/api/users', { email: 'water-expert@demo.zerobase', displayName: '水务专家', password: 'water-expert-pw', department: 'water' })).body;
    await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: user.id, role: 'reviewer' });
    const expert = await server.anonymous.login('water-expert@demo.zerobase', 'water-expert-pw');
    const own = await expert.put(`/api/packages/${pkg.A}/scores/mine`, { scores: [{ criterion: 'impact', score: 100 }] });
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('conflict of interest');
    const other = await expert.put(`/api/packages/${pkg.B}/scores/mine`, { scores: [{ criterion: 'impact', score: 90 }] });
    expect(other.status).toBe(200);
  });

  it('should push the new ranking to the cycle room when a score changes', async () => {
    const socket = io(server.api.baseUrl, { path: '/socket.io', auth: { token: reviewers.reviewer3.token }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('ready', () => resolve()));
    const received: any[] = [];
    socket.on('ranking', (r) => received.push(r));
    // C climbs above A: impact 100 from every reviewer → C = 0.6 × 100 + 0.4 × 70 = 88
    for (const who of ['reviewer1', 'reviewer2', 'reviewer3']) await score(who, 'C', 100, 70);
    const pushed = await eventually(() => received.filter((r) => r.cycleId === cycleId).at(-1), (r) => r?.items?.[0]?.code === 'C' || r?.items?.[1]?.code === 'C', 5_000, 'ranking push');
    expect(pushed.items.find((i: any) => i.code === 'C').score).toBeGreaterThan(72);
  });

  it('should compute what-if without saving, and save a named scenario', async () => {
    const before = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body;
    const whatIf = await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { quotaFen: 2_000_000, allocationMode: 'skipAndContinue' });
    expect(whatIf.status).toBe(200);
    expect(whatIf.body.totals.availableFen).toBe(1_800_000);
    expect(whatIf.body.items.every((i: any) => i.funded)).toBe(true);
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body.totals).toEqual(before.totals);
    const saved = await coordinator.post(`/api/cycles/${cycleId}/scenarios`, { name: 'double quota', quotaFen: 2_000_000 });
    expect(saved.status).toBe(201);
    const list = (await coordinator.get(`/api/cycles/${cycleId}/scenarios`)).body;
    expect(list.map((s: any) => s.name)).toEqual(['double quota']);
    expect((await reviewers.reviewer1.post(`/api/cycles/${cycleId}/ranking/what-if`, {})).status).toBe(403);
    expect((await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { weights: [{ key: 'nope', weight: 10 }] })).status).toBe(400);
  });

  it('should rank the demo cycle into 5 high, 10 medium and 5 low with a cutoff inside the quota', async () => {
    const demo = (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body;
    expect(demo.tierCounts).toEqual({ high: 5, medium: 10, low: 5 });
    expect(demo.items).toHaveLength(20);
    expect(demo.totals.allocatedFen).toBeLessThanOrEqual(demo.totals.availableFen);
    expect(demo.cutoff.firstUnfundedItemId).not.toBeNull();
  });
});
