import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { connectSocket, type RecordingSocket } from '../support/socket-client';
import { DEMO_ROLES } from '../security/channels';

const WAN = 1_000_000; // fen per 万元
const EVENT = 'performance:package';

let server: DemoServer;
let coordinator: HttpClient;
let reviewer: HttpClient;
let evaluatorA: HttpClient;
let evaluatorB: HttpClient;
let cycleId: string;
const pkg: Record<string, string> = {};
const userId: Record<string, string> = {};

const line = (wan: number, year = 2026) => ({ department: 'water', category: 'services', description: 'work', quantity: 1, unit: 'lot', unitCostFen: wan * WAN, year });

async function createPackage(code: string, wan: number) {
  const res = await coordinator.post('/api/packages', { cycleId, code, title: `Package ${code}`, leadDepartment: 'water', departments: ['water'], contingencyBasisPoints: 0, costLines: [line(wan)] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function moveCycle(id: string, stage: string) {
  const cycle = (await coordinator.get(`/api/cycles/${id}`)).body;
  expect((await coordinator.patch(`/api/cycles/${id}`, { version: cycle.version, stage })).status).toBe(200);
}

/** A new person engaged as a third-party evaluator of the cycle. */
async function evaluator(name: string): Promise<HttpClient> {
  const email = `${name}@evaluators.example`;
  const created = await coordinator.post('/api/users', { email, displayName: name, password: 'Third-party evaluation 2026' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  userId[name] = created.body.id;
  expect((await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: created.body.id, role: 'evaluator' })).status).toBe(201);
  return server.anonymous.login(email, 'Third-party evaluation 2026');
}

const sheet = (n: number) => ({ scores: { financial: n, serviceUsers: n, internalProcess: n, learningGrowth: n }, comment: `all ${n}` });
const performance = async (who: HttpClient = coordinator) => (await who.get(`/api/cycles/${cycleId}/performance`)).body;
const of = (view: any, code: string) => view.packages.find((p: any) => p.code === code);

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  reviewer = await server.as('reviewer1');
  cycleId = (await coordinator.post('/api/cycles', { name: 'FY2026 evaluation', fiscalYear: 2026, totalQuotaFen: 5_000 * WAN, reserveBasisPoints: 1_000 })).body.id;
  await coordinator.put(`/api/cycles/${cycleId}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
  for (const [code, wan] of [['A', 1_000], ['B', 1_000], ['C', 500], ['D', 800], ['Z', 10_000]] as const) pkg[code] = await createPackage(code, wan);
  userId.reviewer1 = (await reviewer.get('/api/auth/me')).body.userId;
  expect((await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: userId.reviewer1, role: 'reviewer' })).status).toBe(201);
  evaluatorA = await evaluator('evaluator-a');
  evaluatorB = await evaluator('evaluator-b');
  await moveCycle(cycleId, 'execution');
});
afterAll(async () => {
  await server?.close();
});

describe('end-of-cycle evaluation', () => {
  it('assigns scorers to funded packages only, and refuses scoring that is not assigned, a grade outside the scale or a bad sheet — storing nothing', async () => {
    const assign = (code: string, ids: string[]) => coordinator.put(`/api/packages/${pkg[code]}/performance/scorers`, { userIds: ids });
    expect((await assign('A', [userId.reviewer1, userId['evaluator-a']])).status).toBe(200);
    expect((await assign('B', [userId['evaluator-b']])).status).toBe(200);
    expect((await assign('C', [userId.reviewer1])).status).toBe(200);
    expect((await assign('D', [userId.reviewer1])).status).toBe(200);
    const unfunded = await assign('Z', [userId.reviewer1]);
    expect(unfunded.status).toBe(400);
    expect(unfunded.body.fields).toEqual([{ field: 'packageId', reason: 'only funded packages are evaluated' }]);
    const outsider = await assign('A', [(await (await server.as('power')).get('/api/auth/me')).body.userId]);
    expect(outsider.status).toBe(400);
    expect(outsider.body.fields).toEqual([{ field: 'userIds.0', reason: 'is not a reviewer or evaluator of this cycle' }]);

    // still in execution: sheets wait for the evaluation stage
    expect((await evaluatorA.put(`/api/packages/${pkg.A}/performance/sheet`, sheet(95))).status).toBe(409);
    await moveCycle(cycleId, 'evaluation');

    const notAssigned = await evaluatorA.put(`/api/packages/${pkg.B}/performance/sheet`, sheet(10));
    expect(notAssigned.status).toBe(403);
    expect(notAssigned.body.message).toMatch(/not assigned/);
    const outOfRange = await evaluatorA.put(`/api/packages/${pkg.A}/performance/sheet`, { scores: { ...sheet(95).scores, financial: 120 } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.fields).toEqual([{ field: 'scores.financial', reason: 'must be a number from 0 to 100' }]);
    const badGrade = await coordinator.put(`/api/packages/${pkg.C}/performance/grade`, { grade: 'outstanding', reason: 'x' });
    expect(badGrade.status).toBe(400);
    expect(badGrade.body.fields[0].field).toBe('grade');
    expect((await reviewer.put(`/api/packages/${pkg.C}/performance/grade`, { grade: 'good', reason: 'x' })).status).toBe(403);

    const view = await performance();
    expect(view.packages.map((p: any) => p.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(view.packages.flatMap((p: any) => p.sheets)).toEqual([]);
    expect(of(view, 'C').adjustment).toBeNull();
    expect(of(view, 'B').scorers.map((s: any) => [s.name, s.role])).toEqual([['evaluator-b', 'evaluator']]);
  });

  it('grades each package by the declared rule and keeps the coordinator’s adjustment with its reason', async () => {
    for (const [who, code, n] of [[evaluatorA, 'A', 96], [reviewer, 'A', 92], [evaluatorB, 'B', 85], [reviewer, 'C', 40], [reviewer, 'D', 30]] as const) {
      const res = await who.put(`/api/packages/${pkg[code]}/performance/sheet`, sheet(n));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const adjusted = await coordinator.put(`/api/packages/${pkg.C}/performance/grade`, { grade: 'medium', reason: 'delays caused by the flood; rectified' });
    expect(adjusted.status).toBe(200);
    const view = await performance();
    expect(view.packages.map((p: any) => [p.code, p.score.score, p.computedGrade, p.grade])).toEqual([
      ['A', 94, 'excellent', 'excellent'],
      ['B', 85, 'good', 'good'],
      ['C', 40, 'poor', 'medium'],
      ['D', 30, 'poor', 'poor'],
    ]);
    expect(of(view, 'C').adjustment).toMatchObject({ grade: 'medium', reason: 'delays caused by the flood; rectified' });
  });

  it('shows a third-party evaluator only what it evaluates, over REST and Socket.IO', async () => {
    const own = await performance(evaluatorA);
    expect(own.packages.map((p: any) => p.code)).toEqual(['A']);
    // its own sheet, never the other scorer's, the score or the grade (with two scorers they would reveal the other sheet)
    expect(of(own, 'A')).toMatchObject({ assignedToMe: true, mySheet: { scores: sheet(96).scores }, sheets: [], scorers: [], score: null, grade: null });
    expect(JSON.stringify(own)).not.toContain(userId.reviewer1);
    expect((await evaluatorA.get(`/api/packages/${pkg.A}`)).status).toBe(200);
    expect((await evaluatorA.get(`/api/packages/${pkg.B}`)).status).toBe(403);
    for (const path of [`/api/cycles/${cycleId}`, `/api/cycles/${cycleId}/packages`, `/api/cycles/${cycleId}/ranking`, `/api/cycles/${cycleId}/execution`, `/api/cycles/${cycleId}/metrics`, `/api/cycles/${cycleId}/problems`]) {
      expect((await evaluatorA.get(path)).status, path).toBe(403);
    }
    expect((await evaluatorA.get(`/api/cycles/${cycleId}/next-cycle/preview`)).status).toBe(403);

    const sockets: Record<string, RecordingSocket> = {};
    try {
      sockets.a = await connectSocket(server.api.baseUrl, evaluatorA.token!);
      sockets.coordinator = await connectSocket(server.api.baseUrl, coordinator.token!);
      // a change to B reaches the coordinators and B's evaluator, not A's
      expect((await evaluatorB.put(`/api/packages/${pkg.B}/performance/sheet`, sheet(84))).status).toBe(200);
      await sockets.coordinator.next(EVENT, (e) => e.package?.code === 'B' && e.package.score.score === 84);
      // the marker: a change to A, through the same channel
      expect((await evaluatorA.put(`/api/packages/${pkg.A}/performance/sheet`, sheet(97))).status).toBe(200);
      const marker = await sockets.a.next(EVENT, (e) => e.package?.code === 'A');
      expect(marker.package).toMatchObject({ mySheet: { scores: sheet(97).scores }, sheets: [], score: null });
      expect(sockets.a.of(EVENT).map((e) => e.package?.code)).toEqual(['A']);
      expect(JSON.stringify([...sockets.a.received.entries()])).not.toContain(pkg.B);
      expect(sockets.a.of('ranking')).toEqual([]);
    } finally {
      for (const s of Object.values(sockets)) s.close();
    }
  });

  it('pushes each role evaluation changes exactly as its REST view shows them, and nothing of packages it may not read', async () => {
    // the roles × channels matrix for performance pushes: every demo role, plus the cycle's two evaluators
    const clients = new Map<string, HttpClient>([['evaluator-a', evaluatorA], ['evaluator-b', evaluatorB]]);
    for (const role of DEMO_ROLES) clients.set(role, await server.as(role));
    const sockets = new Map<string, RecordingSocket>();
    try {
      for (const [name, client] of clients) sockets.set(name, await connectSocket(server.api.baseUrl, client.token!));
      expect((await reviewer.put(`/api/packages/${pkg.C}/performance/sheet`, sheet(40))).status).toBe(200);
      expect((await evaluatorB.put(`/api/packages/${pkg.B}/performance/sheet`, sheet(85))).status).toBe(200);
      expect((await coordinator.put(`/api/packages/${pkg.C}/performance/grade`, { grade: 'medium', reason: 'delays caused by the flood; rectified' })).status).toBe(200);
      // (the same sheets and adjustment again: the next tests' grades stay as they were)
      // the marker, through the same channel: a change to A reaches the coordinators and A's two scorers
      expect((await evaluatorA.put(`/api/packages/${pkg.A}/performance/sheet`, sheet(97))).status).toBe(200);
      const hearsOfA = new Set(['coordinator', 'reviewer1', 'evaluator-a']);
      for (const [name, socket] of sockets) {
        if (hearsOfA.has(name)) await socket.next(EVENT, (e) => e.package?.packageId === pkg.A, 15_000);
        else expect(await socket.emitAck('meeting:leave', { meetingId: '00000000-0000-4000-8000-000000000000' })).toBeDefined();
      }
      const found: string[] = [];
      const heard = new Map<string, string[]>();
      for (const [name, socket] of sockets) {
        const rest = await clients.get(name)!.get(`/api/cycles/${cycleId}/performance`);
        const latest = new Map<string, unknown>();
        for (const e of socket.of(EVENT)) if (e.package) latest.set(e.package.packageId, e.package);
        heard.set(name, [...latest.keys()].map((id) => Object.keys(pkg).find((code) => pkg[code] === id)!).sort());
        for (const [packageId, pushed] of latest) {
          const own = rest.status === 200 ? rest.body.packages.find((p: { packageId: string }) => p.packageId === packageId) : undefined;
          if (!own) found.push(`${name}: pushed ${packageId}, REST ${rest.status} does not show it`);
          else if (JSON.stringify(own) !== JSON.stringify(pushed)) found.push(`${name}: pushed ${packageId} differs from REST`);
        }
      }
      expect(found).toEqual([]);
      // not vacuous: who heard of which package
      expect(Object.fromEntries(heard)).toEqual({
        'evaluator-a': ['A'],
        'evaluator-b': ['B'],
        coordinator: ['A', 'B', 'C'],
        power: [],
        telecom: [],
        housing: [],
        reviewer1: ['A', 'C'],
        observer: [],
        evaluator: [],
      });
    } finally {
      for (const s of sockets.values()) s.close();
    }
  });

  it('creates the next cycle: successors carried forward as drafts, grades applied by the default rule and explained in the ranking', async () => {
    const preview = await coordinator.get(`/api/cycles/${cycleId}/next-cycle/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.items.map((i: any) => [i.code, i.grade, i.effect, i.capFen, i.carried])).toEqual([
      ['A', 'excellent', 'priority', null, true],
      ['B', 'good', 'noGrowth', 1_000 * WAN, true],
      ['C', 'medium', 'cut', 450 * WAN, true],
      ['D', 'poor', 'cancelled', null, false],
      ['Z', null, 'none', null, true],
    ]);
    expect((await coordinator.post(`/api/cycles/${cycleId}/next-cycle`, { name: '' })).status).toBe(400);
    const created = await coordinator.post(`/api/cycles/${cycleId}/next-cycle`, { name: 'FY2027', totalQuotaFen: 2_500 * WAN, reserveBasisPoints: 0 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ carried: 4, cancelled: 1 });
    const next = created.body.cycleId as string;
    expect((await coordinator.post(`/api/cycles/${cycleId}/next-cycle`, { name: 'again' })).status).toBe(409);
    // the grades that fed the next cycle no longer change
    expect((await coordinator.put(`/api/packages/${pkg.B}/performance/grade`, { grade: 'poor', reason: 'late' })).status).toBe(409);

    const successors = (await coordinator.get(`/api/cycles/${next}/packages`)).body;
    expect(successors.map((p: any) => [p.code, p.stage, p.published])).toEqual([['A', 'drafting', false], ['B', 'drafting', false], ['C', 'drafting', false], ['Z', 'drafting', false]]);
    const b = successors.find((p: any) => p.code === 'B');
    // re-justified from zero: the department asks for more than last year
    const grown = await coordinator.patch(`/api/packages/${b.id}`, { version: b.version, costLines: [line(1_500, 2027)] });
    expect(grown.status, JSON.stringify(grown.body)).toBe(200);
    await coordinator.put(`/api/cycles/${next}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });

    const ranking = (await coordinator.get(`/api/cycles/${next}/ranking`)).body;
    const item = (code: string) => ranking.items.find((i: any) => i.code === code);
    expect(item('A')).toMatchObject({ pinned: true, funded: true, fundedFen: 1_000 * WAN });
    expect(item('A').explanation).toMatchObject({ funding: 'pinned', carryOver: { grade: 'excellent', effect: 'priority', priority: true, predecessorPackageId: pkg.A, predecessorCycleId: cycleId } });
    // good → no growth: 1 500 asked, the ranking considers last year's 1 000
    expect(item('B')).toMatchObject({ costFen: 1_000 * WAN, funded: true, fundedFen: 1_000 * WAN });
    expect(item('B').explanation.carryOver).toMatchObject({ grade: 'good', effect: 'noGrowth', requestedFen: 1_500 * WAN, consideredFen: 1_000 * WAN, previousAllocationFen: 1_000 * WAN });
    // medium → cut 10 %: 500 → at most 450
    expect(item('C')).toMatchObject({ costFen: 450 * WAN });
    expect(item('C').explanation.carryOver).toMatchObject({ grade: 'medium', effect: 'cut', cutBasisPoints: 1_000, capFen: 450 * WAN, requestedFen: 500 * WAN });
    expect(item('Z').explanation.carryOver).toMatchObject({ grade: null, effect: 'none', previousAllocationFen: 0 });
    expect(ranking.items.map((i: any) => i.code)).not.toContain('D');
  });
});

describe('XLSX import of actuals', () => {
  let execCycle: string;
  beforeAll(async () => {
    execCycle = (await coordinator.post('/api/cycles', { name: 'FY2026 import', fiscalYear: 2026, totalQuotaFen: 3_000 * WAN, reserveBasisPoints: 0 })).body.id;
    await coordinator.put(`/api/cycles/${execCycle}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
    for (const code of ['X1', 'X2']) {
      const res = await coordinator.post('/api/packages', { cycleId: execCycle, code, title: code, leadDepartment: 'water', departments: ['water'], contingencyBasisPoints: 0, costLines: [line(1_000)], kpis: [{ id: 'sat', name: '满意度', unit: '%', baseline: 60, target: 80, direction: 'increase' }] });
      expect(res.status).toBe(201);
    }
    await moveCycle(execCycle, 'execution');
  });

  async function workbook(rows: (string | number)[][]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('预算执行月报');
    sheet.addRow(['code', 'month', 'spentWan', 'kpi:sat']);
    for (const r of rows) sheet.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  }
  const spent = async () => (await coordinator.get(`/api/cycles/${execCycle}/execution?month=2`)).body.packages.map((p: any) => [p.code, p.spentFen]);

  it('reports the two bad rows with row and field and stores nothing, unless the good rows are chosen', async () => {
    const xlsx = await workbook([
      ['X1', 1, 80.5, 61],
      ['X2', 1, -3, ''], // negative amount
      ['X2', 2, 90, ''],
      ['NOPE', 2, 10, ''], // not a funded package
      ['X1', 2, 75, 63],
    ]);
    const refused = await coordinator.post(`/api/cycles/${execCycle}/actuals/import-xlsx`, { xlsxBase64: xlsx });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { field: 'row 3: spentWan', reason: 'must not be negative' },
      { field: 'row 5: code', reason: '"NOPE" is not a funded package of this cycle' },
    ]);
    expect(await spent()).toEqual([['X1', 0], ['X2', 0]]);

    const applied = await coordinator.post(`/api/cycles/${execCycle}/actuals/import-xlsx`, { xlsxBase64: xlsx, applyValidRows: true });
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(3);
    expect(applied.body.errors.map((e: any) => [e.row, e.field])).toEqual([[3, 'spentWan'], [5, 'code']]);
    expect(await spent()).toEqual([['X1', 155.5 * WAN], ['X2', 90 * WAN]]);

    const notAWorkbook = await coordinator.post(`/api/cycles/${execCycle}/actuals/import-xlsx`, { xlsxBase64: Buffer.from('code,month\n').toString('base64') });
    expect(notAWorkbook.status).toBe(400);
    expect(notAWorkbook.body.fields).toEqual([{ field: 'xlsxBase64', reason: 'is not an XLSX workbook with a sheet' }]);
  });
});
