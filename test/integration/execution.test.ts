import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

const WAN = 1_000_000; // fen per 万元

let server: DemoServer;
let coordinator: HttpClient;
let cycleId: string;
const pkg: Record<string, string> = {};

const satisfaction = { id: 'sat', name: '居民满意度', unit: '%', baseline: 60, target: 80, direction: 'increase' };

async function createPackage(code: string, wan: number, kpis: unknown[] = []) {
  const res = await coordinator.post('/api/packages', {
    cycleId, code, title: `Package ${code}`, leadDepartment: 'water', departments: ['water'], contingencyBasisPoints: 0, kpis,
    costLines: [{ department: 'water', category: 'services', description: 'work', quantity: 1, unit: 'lot', unitCostFen: wan * WAN, year: 2026 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function moveCycle(id: string, stage: string) {
  const cycle = (await coordinator.get(`/api/cycles/${id}`)).body;
  expect((await coordinator.patch(`/api/cycles/${id}`, { version: cycle.version, stage })).status).toBe(200);
}

const status = async (month: number) => (await coordinator.get(`/api/cycles/${cycleId}/execution?month=${month}`)).body;
const of = (body: any, code: string) => body.packages.find((p: any) => p.code === code);

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  cycleId = (await coordinator.post('/api/cycles', { name: 'FY2026 execution', fiscalYear: 2026, totalQuotaFen: 5_000 * WAN, reserveBasisPoints: 1_000 })).body.id;
  await coordinator.put(`/api/cycles/${cycleId}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
  pkg.A = await createPackage('A', 1_000, [satisfaction]);
  pkg.B = await createPackage('B', 1_000, [satisfaction]);
  pkg.C = await createPackage('C', 500);
  pkg.D = await createPackage('D', 10_000); // does not fit the quota
  await moveCycle(cycleId, 'execution');
});
afterAll(async () => {
  await server?.close();
});

describe('execution monitoring', () => {
  it('should refuse actuals for an unfunded package, a future month, out of execution, or with bad amounts — storing nothing', async () => {
    const bad = async (id: string, month: number | string, body: unknown) => coordinator.put(`/api/packages/${id}/actuals/${month}`, body);
    const unfunded = await bad(pkg.D, 1, { spentFen: 1 });
    expect(unfunded.status).toBe(400);
    expect(unfunded.body.fields).toEqual([{ field: 'package', reason: 'the package is not funded' }]);
    const negative = await bad(pkg.A, 1, { spentFen: -5 });
    expect(negative.status).toBe(400);
    expect(negative.body.fields[0].field).toBe('spentFen');
    expect((await bad(pkg.A, 1, { spentFen: 'abc' })).status).toBe(400);
    expect((await bad(pkg.A, 13, { spentFen: 1 })).body.fields).toEqual([{ field: 'month', reason: 'must be a month from 1 to 12' }]);
    const kpi = await bad(pkg.A, 1, { spentFen: 1, kpiActuals: [{ kpi: 'nope', value: 1 }] });
    expect(kpi.body.fields).toEqual([{ field: 'kpiActuals.0.kpi', reason: 'the package has no KPI "nope"' }]);

    // a cycle of next year: its months are still in the future
    const next = (await coordinator.post('/api/cycles', { name: 'FY2099', fiscalYear: 2099, totalQuotaFen: 100 * WAN, reserveBasisPoints: 0 })).body.id;
    await coordinator.put(`/api/cycles/${next}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
    const future = (await coordinator.post('/api/packages', { cycleId: next, code: 'F', title: 'F', leadDepartment: 'water', departments: ['water'], contingencyBasisPoints: 0, costLines: [{ department: 'water', category: 'services', description: 'w', quantity: 1, unit: 'lot', unitCostFen: 10 * WAN, year: 2099 }] })).body.id;
    expect((await bad(future, 1, { spentFen: 1 })).status).toBe(409); // still drafting
    await moveCycle(next, 'execution');
    expect((await bad(future, 1, { spentFen: 1 })).body.fields).toEqual([{ field: 'month', reason: 'month 1 of 2099 is in the future' }]);
    expect((await (await server.as('power')).put(`/api/packages/${pkg.A}/actuals/1`, { spentFen: 1 })).status).toBe(403);

    expect(of(await status(6), 'A').spentFen).toBe(0);
    expect((await status(6)).packages.map((p: any) => p.code)).toEqual(['A', 'B', 'C']);
  });

  it('should flag the package behind plan at the second-quarter review, not the one on plan, and track its problem to closure', async () => {
    for (let month = 1; month <= 6; month++) {
      const last = month === 6;
      expect((await coordinator.put(`/api/packages/${pkg.A}/actuals/${month}`, { spentFen: 50 * WAN, ...(last ? { kpiActuals: [{ kpi: 'sat', value: 62 }] } : {}) })).status).toBe(200);
      expect((await coordinator.put(`/api/packages/${pkg.B}/actuals/${month}`, { spentFen: 90 * WAN, ...(last ? { kpiActuals: [{ kpi: 'sat', value: 71 }] } : {}) })).status).toBe(200);
      expect((await coordinator.put(`/api/packages/${pkg.C}/actuals/${month}`, { spentFen: 45 * WAN })).status).toBe(200);
    }
    const q2 = await status(6);
    expect(of(q2, 'A')).toMatchObject({ spentFen: 300 * WAN, executionBasisPoints: 3_000, projectionBasisPoints: 6_000, offTrack: true, reasons: ['execution', 'kpi', 'projection'] });
    expect(of(q2, 'A').quarters.map((q: any) => q.spentFen)).toEqual([150 * WAN, 150 * WAN, 0, 0]);
    expect(of(q2, 'B')).toMatchObject({ executionBasisPoints: 5_400, offTrack: false });
    expect(of(q2, 'B').kpis[0]).toMatchObject({ actual: 71, completion: 0.55, behind: false });

    const review = await coordinator.post(`/api/cycles/${cycleId}/execution/review`, { month: 6 });
    expect(review.status).toBe(200);
    expect(review.body.opened.map((p: any) => p.packageId)).toEqual([pkg.A]);
    expect((await coordinator.post(`/api/cycles/${cycleId}/execution/review`, { month: 6 })).body.opened).toEqual([]);
    const problem = review.body.opened[0];
    expect(problem).toMatchObject({ source: 'offTrack', status: 'open' });

    const tracked = await coordinator.patch(`/api/problems/${problem.id}`, { owner: '水务局 张科长', measures: '加快招标，7 月底前完成合同签订', dueDate: '2026-07-31', status: 'inProgress' });
    expect(tracked.body).toMatchObject({ status: 'inProgress', owner: '水务局 张科长', dueDate: '2026-07-31', overdue: true });
    expect((await coordinator.get(`/api/cycles/${cycleId}/problems?overdue=true`)).body.map((p: any) => p.id)).toEqual([problem.id]);
    const noEvidence = await coordinator.post(`/api/problems/${problem.id}/close`);
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.fields).toEqual([{ field: 'evidence', reason: 'record the rectification evidence before closing' }]);
    expect((await coordinator.patch(`/api/problems/${problem.id}`, { evidence: '合同编号 SW-2026-031，7 月支出 260 万元' })).status).toBe(200);
    expect((await (await server.as('power')).post(`/api/problems/${problem.id}/close`)).status).toBe(403);
    const closed = await coordinator.post(`/api/problems/${problem.id}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', overdue: false });
    expect(closed.body.closedAt).not.toBeNull();
    expect((await coordinator.patch(`/api/problems/${problem.id}`, { owner: 'x' })).status).toBe(409);
    expect((await coordinator.get(`/api/cycles/${cycleId}/problems?status=closed`)).body).toHaveLength(1);
  });

  it('should change the allocation when the coordinator approves a reallocation, and record it', async () => {
    const before = await status(6);
    const proposed = await coordinator.post(`/api/cycles/${cycleId}/adjustments`, { kind: 'reallocate', fromPackageId: pkg.A, toPackageId: pkg.C, amountFen: 200 * WAN, reason: '执行滞后，调剂至 C' });
    expect(proposed.status).toBe(201);
    expect(of(await status(6), 'A').allocatedFen).toBe(of(before, 'A').allocatedFen); // not before approval
    const approved = await coordinator.post(`/api/adjustments/${proposed.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(approved.body.decidedAt).not.toBeNull();
    const after = await status(6);
    expect(of(after, 'A')).toMatchObject({ rankedFen: 1_000 * WAN, adjustedFen: -200 * WAN, allocatedFen: 800 * WAN, executionBasisPoints: 3_750 });
    expect(of(after, 'C')).toMatchObject({ adjustedFen: 200 * WAN, allocatedFen: 700 * WAN });
    expect((await coordinator.post(`/api/adjustments/${proposed.body.id}/approve`)).status).toBe(409);
    const list = (await coordinator.get(`/api/cycles/${cycleId}/adjustments`)).body;
    expect(list).toEqual([expect.objectContaining({ id: proposed.body.id, kind: 'reallocate', amountFen: 200 * WAN, status: 'approved' })]);

    const tooMuch = await coordinator.post(`/api/cycles/${cycleId}/adjustments`, { kind: 'cut', fromPackageId: pkg.C, amountFen: 5_000 * WAN, reason: 'x' });
    const refused = await coordinator.post(`/api/adjustments/${tooMuch.body.id}/approve`);
    expect(refused.status).toBe(400);
    expect(refused.body.fields[0].field).toBe('amountFen');
    expect(of(await status(6), 'C').allocatedFen).toBe(700 * WAN);
    expect((await coordinator.post(`/api/cycles/${cycleId}/adjustments`, { kind: 'reallocate', fromPackageId: pkg.A, amountFen: 1, reason: 'x' })).body.fields[0].field).toBe('toPackageId');
  });

  it('should import a CSV with two bad rows: nothing stored, then the good rows when the user chooses', async () => {
    const csv = ['code,month,spentWan,kpi:sat', 'A,7,260,70', 'NOPE,7,10,', 'B,7,-3,', 'B,8,95.5,'].join('\r\n');
    const refused = await coordinator.post(`/api/cycles/${cycleId}/actuals/import`, { csv });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { field: 'row 3: code', reason: '"NOPE" is not a funded package of this cycle' },
      { field: 'row 4: spentWan', reason: 'must not be negative' },
    ]);
    expect(of(await status(8), 'A').spentFen).toBe(300 * WAN);
    expect(of(await status(8), 'B').spentFen).toBe(540 * WAN);

    const applied = await coordinator.post(`/api/cycles/${cycleId}/actuals/import`, { csv, applyValidRows: true });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: 2 });
    expect(applied.body.errors.map((e: any) => [e.row, e.field])).toEqual([[3, 'code'], [4, 'spentWan']]);
    const august = await status(8);
    expect(of(august, 'A')).toMatchObject({ spentFen: 560 * WAN });
    expect(of(august, 'A').kpis[0].actual).toBe(70);
    expect(of(august, 'B').spentFen).toBe(635.5 * WAN);
  });

  it('should publish the reported results with the targets', async () => {
    expect((await coordinator.post(`/api/cycles/${cycleId}/publications`)).status).toBe(201);
    const published = (await server.anonymous.get(`/api/public/cycles/${cycleId}`)).body;
    expect(published).toMatchObject({ publishedStage: 'execution', allocationPublished: true });
    expect(published.packages.map((p: any) => [p.code, p.allocatedFen])).toEqual([['A', 800 * WAN], ['B', 1_000 * WAN], ['C', 700 * WAN]]); // with the approved reallocation
    expect(published.totals.allocatedFen).toBe(2_500 * WAN);
    expect(published.packages[0].targets).toEqual([{ name: '居民满意度', unit: '%', baseline: 60, target: 80, direction: 'increase', result: 70 }]);
  });
});
