import { departmentSection, getTitle, rowArray, setTitle, setQuantity, setUnitCost, sharedText } from '@zerobase/collab';
import { MAX_LINE_FEN, MAX_PACKAGE_TOTAL_FEN, MAX_QUANTITY_MILLI, MAX_UNIT_COST_FEN } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { collabEdit, storedRows } from './collab-edits';

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
let packageId: string;

const tables = () =>
  server.db.query(
    `SELECT p.*, (SELECT json_agg(c ORDER BY c.id) FROM cost_line c WHERE c.package_id = p.id) AS lines,
            (SELECT json_agg(d ORDER BY d.department_id) FROM package_department d WHERE d.package_id = p.id) AS owners
       FROM decision_package p ORDER BY p.id`,
  );
const line = (over: Record<string, unknown> = {}) => ({ id: 'b1', department: 'power', category: 'materials', description: '电缆', quantity: 1, unit: 'km', unitCostFen: 100, year: 2027, ...over });
const base = (code: string, over: Record<string, unknown> = {}) => ({ cycleId: server.cycleId, code, title: '边界', leadDepartment: 'power', departments: ['power'], contingencyBasisPoints: 0, ...over });
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);

beforeAll(async () => {
  server = await startDemoServer({ COLLAB_IDLE_UNLOAD_MS: '400' });
  coordinator = await server.as('coordinator');
  power = await server.as('power');
  const created = await power.post('/api/packages', base('SEC-B', { costLines: [line()] }));
  expect(created.status).toBe(201);
  packageId = created.body.id;
});
afterAll(async () => {
  await server?.close();
});

describe('money that cannot overflow', () => {
  it('should accept the exact bounds over REST and refuse one more, naming the field, storing nothing', async () => {
    const atBounds = await power.post('/api/packages', base('SEC-MAX', { costLines: [line({ quantity: 1, unitCostFen: MAX_UNIT_COST_FEN })] }));
    expect(atBounds.status).toBe(201);
    expect(atBounds.body.totals.totalFen).toBe(MAX_PACKAGE_TOTAL_FEN);
    const maxQuantity = await power.post('/api/packages', base('SEC-MAXQ', { costLines: [line({ quantity: MAX_QUANTITY_MILLI / 1000, unitCostFen: 1000 })] }));
    expect(maxQuantity.status).toBe(201);
    expect(maxQuantity.body.costLines[0].amountFen).toBe(MAX_LINE_FEN);

    const before = await tables();
    const cases: { name: string; body: unknown; field: string }[] = [
      { name: 'unit cost bound + 1', body: base('SEC-X1', { costLines: [line({ unitCostFen: MAX_UNIT_COST_FEN + 1 })] }), field: 'costLines.0.unitCostFen' },
      { name: 'quantity bound + 0.001', body: base('SEC-X2', { costLines: [line({ quantity: MAX_QUANTITY_MILLI / 1000 + 0.001 })] }), field: 'costLines.0.quantity' },
      { name: 'line amount bound + 1 fen', body: base('SEC-X3', { costLines: [line({ quantity: 1.001, unitCostFen: 999_000_999_002 })] }), field: 'costLines.0.unitCostFen' },
      { name: 'quantity 10^9 × unit cost near 2^53', body: base('SEC-X4', { costLines: [line({ quantity: 1e9, unitCostFen: 2 ** 53 - 1 })] }), field: 'costLines.0.unitCostFen' },
      {
        name: 'two lines that only together pass the package bound',
        body: base('SEC-X5', { costLines: [line({ id: 'x1', unitCostFen: MAX_LINE_FEN / 2 + 1 }), line({ id: 'x2', unitCostFen: MAX_LINE_FEN / 2 })] }),
        field: 'costLines',
      },
      { name: 'contingency pushing the total past the bound', body: base('SEC-X6', { contingencyBasisPoints: 1, costLines: [line({ unitCostFen: MAX_UNIT_COST_FEN })] }), field: 'costLines' },
      { name: 'quantity 1e-7', body: base('SEC-X7', { costLines: [line({ quantity: 1e-7 })] }), field: 'costLines.0.quantity' },
      { name: 'year 99999', body: base('SEC-X8', { costLines: [line({ year: 99999 })] }), field: 'costLines.0.year' },
      { name: 'negative unit cost', body: base('SEC-X9', { costLines: [line({ unitCostFen: -1 })] }), field: 'costLines.0.unitCostFen' },
    ];
    for (const c of cases) {
      const response = await power.post('/api/packages', c.body);
      expect({ name: c.name, status: response.status }).toEqual({ name: c.name, status: 400 });
      expect(fieldsOf(response.body), c.name).toContain(c.field);
    }
    const version = (await power.get(`/api/packages/${packageId}`)).body.version;
    const patch = await power.patch(`/api/packages/${packageId}`, { version, costLines: [line({ unitCostFen: MAX_UNIT_COST_FEN + 1 })] });
    expect(patch.status).toBe(400);
    expect(fieldsOf(patch.body)).toContain('costLines.0.unitCostFen');
    expect(await tables()).toEqual(before);
  });

  it('should apply the same bounds to collab edits: the boundary is stored, one more is refused naming the path', async () => {
    const token = power.token!;
    const section = departmentSection('power');
    expect(await collabEdit(server, packageId, token, (doc) => setUnitCost(doc, section, 'b1', MAX_UNIT_COST_FEN))).toBeNull();
    await eventually(() => power.get(`/api/packages/${packageId}`), (r) => r.body.totals.totalFen === MAX_PACKAGE_TOTAL_FEN, 5_000, 'the boundary projected');

    const stored = await storedRows(server, packageId);
    const refusedCost = await collabEdit(server, packageId, token, (doc) => setUnitCost(doc, section, 'b1', MAX_UNIT_COST_FEN + 1));
    expect(refusedCost).toMatchObject({ code: 4409 });
    expect(refusedCost!.reason).toContain('costLines.b1.unitCostFen');
    const refusedQuantity = await collabEdit(server, packageId, token, (doc) => setQuantity(doc, section, 'b1', 1_000_000_000 * 1000));
    expect(refusedQuantity).toMatchObject({ code: 4409 });
    expect(refusedQuantity!.reason).toContain('costLines.b1');
    expect(await storedRows(server, packageId)).toBe(stored);

    // a positive signal through the same channel, then the refused values are nowhere
    expect(await collabEdit(server, packageId, token, (doc) => setTitle(doc, 'after the refusals'))).toBeNull();
    const view = await eventually(() => power.get(`/api/packages/${packageId}`), (r) => r.body.title === 'after the refusals', 5_000, 'marker projected');
    expect(view.body.costLines[0]).toMatchObject({ unitCostFen: MAX_UNIT_COST_FEN, quantityMilli: 1000 });
  });

  it('should keep reading a package, the list, the ranking and what-if when stored amounts are out of range', async () => {
    const target = (await coordinator.get(`/api/cycles/${server.cycleId}/packages?department=education`)).body[0];
    await server.db.query(`UPDATE cost_line SET quantity_milli = 1000000000000, unit_cost_fen = 9007199254740991 WHERE package_id = $1`, [target.id]);
    const read = await coordinator.get(`/api/packages/${target.id}`);
    expect(read.status).toBe(200);
    expect(read.body.amountProblem).toMatch(/out of range/);
    expect(read.body.totals.totalFen).toBe(0);
    const list = await coordinator.get(`/api/cycles/${server.cycleId}/packages`);
    expect(list.status).toBe(200);
    expect(list.body.map((p: { id: string }) => p.id)).toContain(target.id);
    const ranking = await coordinator.get(`/api/cycles/${server.cycleId}/ranking`);
    expect(ranking.status).toBe(200);
    expect(JSON.stringify(ranking.body)).not.toContain(target.id);
    const whatIf = await coordinator.post(`/api/cycles/${server.cycleId}/ranking/what-if`, { quotaFen: 2_000_000 });
    expect(whatIf.status).toBe(200);
    for (const who of ['power', 'observer', 'reviewer1']) expect((await (await server.as(who)).get(`/api/cycles/${server.cycleId}/packages`)).status).toBe(200);
  });
});

describe('validation parity: collab edits follow the REST field rules', () => {
  const refusals: { name: string; edit: (doc: import('yjs').Doc) => void; path: string }[] = [
    { name: 'a 500 KB title', edit: (doc) => setTitle(doc, 't'.repeat(500 * 1024)), path: 'title' },
    { name: 'a NUL byte in the title', edit: (doc) => setTitle(doc, 'bad\u0000title'), path: 'title' },
    { name: 'a 300 000-character narrative', edit: (doc) => sharedText(doc, 'narrative').insert(0, 'n'.repeat(300_000)), path: 'narrative' },
    {
      name: 'year 99999',
      edit: (doc) => rowArray(doc, departmentSection('power'), 'costLines').get(0).set('year', 99999),
      path: 'costLines.b1.year',
    },
    {
      name: 'a negative unit cost',
      edit: (doc) => rowArray(doc, departmentSection('power'), 'costLines').get(0).set('unitCostFen', -500),
      path: 'unitCostFen',
    },
  ];

  it.each(refusals)('should refuse $name whole, naming the field, storing nothing', async ({ edit, path }) => {
    const stored = await storedRows(server, packageId);
    const refused = await collabEdit(server, packageId, power.token!, edit);
    expect(refused).toMatchObject({ code: 4409 });
    expect(refused!.reason).toContain(path);
    expect(await storedRows(server, packageId)).toBe(stored);
    // the coordinator is held to the same rules
    expect(await collabEdit(server, packageId, coordinator.token!, edit)).toMatchObject({ code: 4409 });
    const marker = `marker ${path} ${Date.now()}`;
    expect(await collabEdit(server, packageId, power.token!, (doc) => setTitle(doc, marker))).toBeNull();
    const view = await eventually(() => power.get(`/api/packages/${packageId}`), (r) => r.body.title === marker, 5_000, 'marker projected');
    expect(view.body.costLines[0].year).toBe(2027);
    expect(view.body.costLines[0].unitCostFen).toBeGreaterThanOrEqual(0);
  });

  it('should refuse a 36 MB narrative (closing the connection) and keep serving the document', async () => {
    const stored = await storedRows(server, packageId);
    const client = connectCollab(server.api.baseUrl, packageId, power.token!);
    await client.synced();
    sharedText(client.doc, 'narrative').insert(0, 'x'.repeat(36 * 1024 * 1024));
    const closes = await eventually(() => client.closes, (c) => c.length > 0, 20_000, 'close');
    client.destroy();
    expect([1009, 4409]).toContain(closes[0].code);
    expect(await storedRows(server, packageId)).toBe(stored);
    const fresh = connectCollab(server.api.baseUrl, packageId, power.token!);
    await fresh.synced();
    expect(sharedText(fresh.doc, 'narrative').length).toBeLessThan(1000);
    expect(getTitle(fresh.doc)).toMatch(/^marker/);
    fresh.destroy();
  });

  it('should answer a NUL byte and JSON nested 5 000 deep on REST with 400, storing nothing', async () => {
    const before = await tables();
    const nul = await power.post('/api/packages', base('SEC-NUL', { title: 'bad\u0000title' }));
    expect(nul.status).toBe(400);
    expect(fieldsOf(nul.body)).toContain('title');
    const nested = await power.request('POST', '/api/packages', `{"cycleId":"${server.cycleId}","code":"SEC-DEEP","title":"x","leadDepartment":"power","departments":["power"],"purpose":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(nested.status).toBe(400);
    const version = (await power.get(`/api/packages/${packageId}`)).body.version;
    const nulPatch = await power.patch(`/api/packages/${packageId}`, { version, purpose: 'x\u0000y' });
    expect(nulPatch.status).toBe(400);
    expect(fieldsOf(nulPatch.body)).toContain('purpose');
    expect(await tables()).toEqual(before);
    expect((await server.anonymous.get('/api/health')).status).toBe(200);
  });
});
