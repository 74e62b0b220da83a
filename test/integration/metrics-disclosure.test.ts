import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nonPublicKeys } from '@zerobase/domain';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

const M = (millions: number) => millions * 100_000_000; // fen

let server: DemoServer;
let coordinator: HttpClient;
let packages: { id: string; code: string; version: number; costLines: any[] }[];
const byCode = (code: string) => packages.find((p) => p.code === code)!;

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  packages = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body;
});
afterAll(async () => {
  await server?.close();
});

describe('collaboration metrics through the API', () => {
  it('should reproduce the source figures on the demo cycle: 60 M → 50 M and two 15 M lines → one 20 M line', async () => {
    const res = await coordinator.get(`/api/cycles/${server.cycleId}/metrics`);
    expect(res.status).toBe(200);
    const pkg = (code: string) => res.body.packages.find((p: any) => p.code === code);
    expect(pkg('DP-02')).toMatchObject({ separateRequestsFen: M(60), jointBudgetFen: M(50), savedFen: M(10) });
    expect(pkg('DP-01')).toMatchObject({ separateRequestsFen: M(30), jointBudgetFen: M(20), savedFen: M(10) });
    expect(res.body.cycle).toMatchObject({ packages: 20, jointPackages: 5, savedFen: M(20) });
    // meetings are read from the meetings module: the demo cycle has held none yet
    expect(res.body.meetingsRecorded).toBe(true);
    expect(res.body.cycle.meetings).toBe(0);
    expect(res.body.pairs.find((p: any) => p.departments.join() === 'power,telecom')).toMatchObject({ packages: 2, savedFen: M(20) });
    expect(res.body.correlations.scoreVsSaved.n).toBeGreaterThan(2);
    expect(res.body.rule.weights).toEqual({ sharing: 25, jointness: 15, savings: 25, conflicts: 15, decisions: 10, meetings: 10 });
  });

  it('should pool the correlations over the packages of every cycle the coordinator runs, and refuse cycles they do not', async () => {
    const second = await coordinator.post('/api/cycles', { name: '2028 年度 联合项目', fiscalYear: 2028, totalQuotaFen: M(100), reserveBasisPoints: 0 });
    expect(second.status).toBe(201);
    const pooled = await coordinator.get('/api/metrics/correlations');
    expect(pooled.status).toBe(200);
    expect(pooled.body.cycles.map((c: any) => c.cycleId).sort()).toEqual([server.cycleId, second.body.id].sort());
    // each cycle's own figures are the cycle's metrics; the pooled one rests on every cycle's pairs
    const perCycle = await Promise.all([server.cycleId, second.body.id].map(async (id) => (await coordinator.get(`/api/cycles/${id}/metrics`)).body.correlations));
    for (const c of pooled.body.cycles) {
      const own = perCycle[c.cycleId === server.cycleId ? 0 : 1];
      expect(c.scoreVsSaved).toEqual(own.scoreVsSaved);
      expect(c.scoreVsSatisfaction).toEqual(own.scoreVsSatisfaction);
    }
    expect(pooled.body.scoreVsSaved.n).toBe(perCycle[0].samples.scoreVsSaved.length + perCycle[1].samples.scoreVsSaved.length);
    expect(pooled.body.scoreVsSaved.n).toBeGreaterThan(2);
    const named = await coordinator.get(`/api/metrics/correlations?cycles=${server.cycleId}`);
    expect(named.body.cycles).toHaveLength(1);
    expect(named.body.scoreVsSaved).toEqual(perCycle[0].scoreVsSaved);
    // a liaison coordinates nothing: asking for the demo cycle is refused; a malformed list names the field
    expect((await (await server.as('power')).get(`/api/metrics/correlations?cycles=${server.cycleId}`)).status).toBe(403);
    const bad = await coordinator.get('/api/metrics/correlations?cycles=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(['cycles']);
  });

  it('should count cross-department edits from the edit log and decisions from stage moves', async () => {
    const power = await server.as('power');
    const telecom = await server.as('telecom');
    const line = byCode('DP-01');
    // power edits the shared purpose (cross-department), telecom its own cost line (not)
    const first = await power.patch(`/api/packages/${line.id}`, { version: line.version, purpose: '共用管沟，一次开挖（联合修订）' });
    expect(first.status).toBe(200);
    const own = first.body.costLines.map(({ id, department, category, description, location, quantity, unit, unitCostFen, year }: any) => ({
      id, department, category, description, ...(location ? { location } : {}), quantity, unit, year,
      unitCostFen: department === 'telecom' && category === 'labour' ? unitCostFen - 10_000_000 : unitCostFen,
    }));
    const second = await telecom.patch(`/api/packages/${line.id}`, { version: first.body.version, costLines: own });
    expect(second.status, JSON.stringify(second.body)).toBe(200);

    // a package of our own taken through two review rounds to a decision
    const created = await coordinator.post('/api/packages', {
      cycleId: server.cycleId, code: 'DP-M1', title: '联合测试包', leadDepartment: 'water', departments: ['water', 'city'], contingencyBasisPoints: 0,
      costLines: [{ department: 'water', category: 'services', description: 'work', quantity: 1, unit: 'lot', unitCostFen: 1_000_000, year: 2027 }],
    });
    expect(created.status).toBe(201);
    let version = created.body.version;
    for (const stage of ['review', 'drafting', 'review', 'scoring']) {
      const moved = await coordinator.patch(`/api/packages/${created.body.id}`, { version, stage });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      version = moved.body.version;
    }

    const res = await coordinator.get(`/api/cycles/${server.cycleId}/metrics`);
    const pkg = (code: string) => res.body.packages.find((p: any) => p.code === code);
    expect(pkg('DP-01')).toMatchObject({ edits: 2, crossDepartmentEdits: 1 });
    expect(pkg('DP-M1')).toMatchObject({ decided: 1, meanDecisionRounds: 2 });
    expect(res.body.pairs.find((p: any) => p.departments.join() === 'power,telecom')).toMatchObject({ coEditedPackages: 1 });
    expect(res.body.departments.find((d: any) => d.department === 'power')).toMatchObject({ edits: 1, crossDepartmentEdits: 1 });

    const filtered = await coordinator.get(`/api/cycles/${server.cycleId}/metrics?department=telecom`);
    expect(filtered.body.departments.map((d: any) => d.department)).toEqual(['telecom']);
    expect(filtered.body.packages.map((p: any) => p.code).sort()).toEqual(['DP-01', 'DP-02']);
    const later = await coordinator.get(`/api/cycles/${server.cycleId}/metrics?from=2099-01-01`);
    expect(later.body.cycle).toMatchObject({ edits: 0, decided: 0 });

    const series = await coordinator.get(`/api/cycles/${server.cycleId}/metrics/series?bucket=week`);
    expect(series.status).toBe(200);
    expect(series.body.points.reduce((s: number, p: any) => s + p.edits, 0)).toBe(res.body.cycle.edits);
    expect(series.body.points.at(-1).cumulativeScore).toBe(res.body.cycle.score);
  });

  it('should refuse bad filters, non-coordinators and bad separate requests, storing nothing', async () => {
    const liaison = await server.as('power');
    expect((await liaison.get(`/api/cycles/${server.cycleId}/metrics`)).status).toBe(403);
    const backwards = await coordinator.get(`/api/cycles/${server.cycleId}/metrics?from=2027-02-01&to=2027-01-01`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields).toEqual([{ field: 'to', reason: 'must be after from' }]);
    const unknown = await coordinator.get(`/api/cycles/${server.cycleId}/metrics?department=nowhere`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe('department');
    expect((await coordinator.get(`/api/cycles/${server.cycleId}/metrics?bucket=day`)).status).toBe(400);

    const renovation = byCode('DP-02');
    const before = (await coordinator.get(`/api/packages/${renovation.id}/separate-requests`)).body;
    expect(before).toEqual([
      { department: 'city', amountFen: M(10), note: '分别申请' },
      { department: 'housing', amountFen: M(30), note: '分别申请' },
      { department: 'planning', amountFen: M(20), note: '分别申请' },
    ]);
    const stranger = await coordinator.put(`/api/packages/${renovation.id}/separate-requests`, { requests: [{ department: 'housing', amountFen: M(31) }, { department: 'education', amountFen: M(1) }] });
    expect(stranger.status).toBe(400);
    expect(stranger.body.fields[0].field).toBe('requests.1.department');
    const negative = await coordinator.put(`/api/packages/${renovation.id}/separate-requests`, { requests: [{ department: 'housing', amountFen: -1 }] });
    expect(negative.status).toBe(400);
    expect(negative.body.fields[0].field).toMatch(/^requests\.0\.amountFen/);
    const solo = await coordinator.put(`/api/packages/${byCode('DP-04').id}/separate-requests`, { requests: [{ department: 'education', amountFen: M(1) }] });
    expect(solo.status).toBe(400);
    expect((await liaison.put(`/api/packages/${byCode('DP-04').id}/separate-requests`, { requests: [] })).status).toBe(403);
    expect((await coordinator.get(`/api/packages/${renovation.id}/separate-requests`)).body).toEqual(before);
  });
});

describe('exports', () => {
  it('should export an XLSX that reads back equal to the API: Chinese headers, 万元 formats', async () => {
    const response = await fetch(`${server.api.baseUrl}/api/cycles/${server.cycleId}/exports/all.xlsx`, { headers: { authorization: `Bearer ${coordinator.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['决策包与成本明细', '排序与资金分配', '协同指标']);

    const ranking = (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body;
    const sheet = workbook.getWorksheet('排序与资金分配')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['排名', '编号', '名称', '层级', '综合得分', '优先级', '申请金额（万元）', '分配金额（万元）', '累计金额（万元）', '是否获资助']);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => (n > 1 ? rows.push((row.values as unknown[]).slice(1)) : undefined));
    expect(rows.map((r) => [r[0], r[1], r[6], r[7]])).toEqual(ranking.items.map((i: any) => [i.rank, i.code, i.costFen / 1_000_000, i.fundedFen / 1_000_000]));
    expect(sheet.getCell('H2').numFmt).toContain('万元');

    const packagesSheet = workbook.getWorksheet('决策包与成本明细')!;
    const current: { costLines: unknown[] }[] = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body;
    const lineCount = current.reduce((s, p) => s + Math.max(1, p.costLines.length), 0);
    expect(packagesSheet.rowCount).toBe(lineCount + 1);
    const metrics = workbook.getWorksheet('协同指标')!;
    const dp02 = (metrics.getRow([...Array(metrics.rowCount).keys()].map((i) => i + 1).find((n) => metrics.getRow(n).getCell(2).value === 'DP-02')!).values as unknown[]).slice(1);
    expect(dp02.slice(-4)).toEqual([6000, 5000, 1000, expect.any(Number)]);
  });

  it('should export CSV with a byte-order mark and refuse bad names and non-coordinators', async () => {
    const csv = await coordinator.get(`/api/cycles/${server.cycleId}/exports/ranking.csv`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    const ranking = (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body;
    expect(lines).toHaveLength(ranking.items.length + 1);
    expect(lines[1].split(',').slice(0, 2)).toEqual(['1', ranking.items[0].code]);
    const bad = await coordinator.get(`/api/cycles/${server.cycleId}/exports/secrets.csv`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('file');
    expect((await coordinator.get(`/api/cycles/${server.cycleId}/exports/ranking.pdf`)).status).toBe(400);
    expect((await (await server.as('power')).get(`/api/cycles/${server.cycleId}/exports/ranking.csv`)).status).toBe(403);
  });
});

describe('public disclosure', () => {
  it('should answer nothing before the coordinator publishes, and refuse publishing to others', async () => {
    expect((await server.anonymous.get(`/api/public/cycles/${server.cycleId}`)).status).toBe(404);
    expect((await (await server.as('power')).post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(403);
    expect((await (await server.as('observer')).post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(403);
    expect((await server.anonymous.post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(401);
  });

  it('should publish per stage, without login, and never carry an internal field', async () => {
    // internal material that must never appear: a reviewer comment and the users' e-mails and names
    const reviewer = await server.as('reviewer1');
    const scored = await reviewer.put(`/api/packages/${byCode('DP-01').id}/scores/mine`, { scores: [{ criterion: 'strategic', score: 90, comment: 'INTERNAL-REVIEW-COMMENT' }] });
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    const users = (await coordinator.get('/api/users')).body as { email: string; displayName: string }[];

    const scoring = await coordinator.post(`/api/cycles/${server.cycleId}/publications`);
    expect(scoring.status).toBe(201);
    const pub1 = await server.anonymous.get(`/api/public/cycles/${server.cycleId}`);
    expect(pub1.status).toBe(200);
    expect(pub1.body).toMatchObject({ publishedStage: 'scoring', allocationPublished: false, totals: { allocatedFen: null }, checkpoint: null });
    // before allocation: the packages the coordinator marked published, with what they ask for
    expect(pub1.body.packages.map((p: any) => p.code)).toEqual(['DP-01', 'DP-02', 'DP-04', 'DP-05', 'DP-09']);
    expect(pub1.body.packages[1]).toMatchObject({ title: '老旧小区综合改造（联合）', requestedFen: M(50), allocatedFen: null });
    expect(pub1.body.packages[1].targets[0]).toEqual({ name: '居民满意度', unit: '%', baseline: 62, target: 80, direction: 'increase', result: null });

    const cycle = (await coordinator.get(`/api/cycles/${server.cycleId}`)).body;
    expect((await coordinator.patch(`/api/cycles/${server.cycleId}`, { version: cycle.version, stage: 'allocation' })).status).toBe(200);
    // a recorded run before publishing: the public page carries the chain's head as its checkpoint
    const recorded = await coordinator.post(`/api/cycles/${server.cycleId}/ranking/runs`, {});
    expect(recorded.status).toBe(201);
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(201);
    const pub2 = await server.anonymous.get(`/api/public/cycles/${server.cycleId}`);
    expect(pub2.body.checkpoint).toEqual({ hash: recorded.body.hash, runs: 1, recordedAt: recorded.body.recordedAt });
    expect((await coordinator.get(`/api/cycles/${server.cycleId}/ranking/runs`)).body.head).toBe(pub2.body.checkpoint.hash);
    const ranking = (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body;
    const funded = ranking.perPackage.filter((p: any) => p.fundedFen > 0);
    expect(pub2.body.allocationPublished).toBe(true);
    expect(pub2.body.packages).toHaveLength(funded.length);
    expect(pub2.body.totals.allocatedFen).toBe(ranking.totals.allocatedFen);
    expect(pub2.body.amountsByDepartment.reduce((s: number, d: any) => s + d.allocatedFen, 0)).toBe(ranking.totals.allocatedFen);

    for (const payload of [pub1.body, pub2.body]) {
      expect(nonPublicKeys(payload)).toEqual([]);
      const text = JSON.stringify(payload);
      expect(text).toContain('电力与通信线路联合升级改造'); // the positive signal: the payload is the real one
      expect(text).not.toContain('INTERNAL-REVIEW-COMMENT');
      for (const u of users) {
        expect(text).not.toContain(u.email);
        expect(text).not.toContain(u.displayName);
      }
    }

    const list = await server.anonymous.get('/api/public/cycles');
    expect(list.body).toEqual([expect.objectContaining({ id: server.cycleId, publishedStage: 'allocation' })]);
    const csv = await server.anonymous.get(`/api/public/cycles/${server.cycleId}/csv`);
    expect(csv.status).toBe(200);
    const rows = String(csv.body).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toContain('编号');
    expect(rows).toHaveLength(funded.length + 1);
    expect((await coordinator.get(`/api/cycles/${server.cycleId}/publications`)).body.map((p: any) => p.stage)).toEqual(['allocation', 'scoring']);
  });
});
