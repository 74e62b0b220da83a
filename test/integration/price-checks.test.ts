import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

const WAN = 1_000_000; // fen per 万元
const YUAN = 100;

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
let observer: HttpClient;
const pkg: Record<string, string> = {};

const catalogue = async () => (await coordinator.get('/api/price-catalogue')).body as any[];
const entryOf = (entries: any[], category: string, unit: string) => entries.find((e) => e.category === category && e.unit === unit);
const cycleChecks = async (who: HttpClient = coordinator) => (await who.get(`/api/cycles/${server.cycleId}/price-checks`)).body;
const flagOf = (view: any, lineId: string) => view.flagged.find((f: any) => f.lineId === lineId);

async function workbook(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('参考价目录');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

beforeAll(async () => {
  server = await startDemoServer();
  [coordinator, power, observer] = await Promise.all([server.as('coordinator'), server.as('power'), server.as('observer')]);
  const packages = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[];
  for (const p of packages) pkg[p.code] = p.id;
});
afterAll(async () => {
  await server?.close();
});

describe('reference prices and claim plausibility', () => {
  it('seeds the catalogue with the demo’s categories and units, readable by every member', async () => {
    const entries = (await power.get('/api/price-catalogue')).body;
    expect(entries).toHaveLength(9);
    expect(entryOf(entries, 'materials', '米')).toMatchObject({ item: '地下电力及通信线路（含管材）', priceFen: 900 * YUAN, edition: '2026 目录', lowBasisPoints: 5_000, highBasisPoints: 15_000, version: 1 });
  });

  it('flags the demo cycle’s outliers against the catalogue: two too dear, one too cheap, with the entry used', async () => {
    const view = await cycleChecks();
    expect(view).toMatchObject({ checkedLines: 41, withCatalogue: 11, withPastUnitCost: 0, pastCompared: true });
    expect(view.flagged.map((f: any) => f.lineId).sort()).toEqual(['DP-02-l6', 'DP-06-l1', 'DP-16-l1']);
    expect(flagOf(view, 'DP-02-l6')).toMatchObject({
      packageId: pkg['DP-02'],
      packageCode: 'DP-02',
      department: 'power',
      category: 'materials',
      unit: '米',
      unitCostFen: 2_000 * YUAN,
      catalogue: { item: '地下电力及通信线路（含管材）', edition: '2026 目录', referenceFen: 900 * YUAN, ratioBasisPoints: 22_222, deviationPercent: 122, verdict: 'high' },
      history: null,
      flagged: true,
    });
    expect(flagOf(view, 'DP-06-l1').catalogue).toMatchObject({ deviationPercent: 150, verdict: 'high' });
    expect(flagOf(view, 'DP-16-l1').catalogue).toMatchObject({ deviationPercent: -58, verdict: 'low' });
    // the telecom line of the same category and unit is within the band
    expect(flagOf(view, 'DP-02-l8')).toBeUndefined();
  });

  it('checks a package’s lines under the package’s read rule: liaisons, observers of a published package; not an unpublished one', async () => {
    const mine = await power.get(`/api/packages/${pkg['DP-02']}/price-checks`);
    expect(mine.status).toBe(200);
    expect(mine.body.lines.map((l: any) => l.lineId)).toEqual(['DP-02-l1', 'DP-02-l2', 'DP-02-l3', 'DP-02-l4', 'DP-02-l5', 'DP-02-l6', 'DP-02-l7', 'DP-02-l8']);
    expect(mine.body.lines.find((l: any) => l.lineId === 'DP-02-l6')).toMatchObject({ flagged: true, catalogue: { verdict: 'high' } });
    expect(mine.body.lines.find((l: any) => l.lineId === 'DP-02-l1')).toMatchObject({ unit: '项', catalogue: null, flagged: false });
    expect(mine.body.catalogue).toHaveLength(9);

    const published = await observer.get(`/api/packages/${pkg['DP-02']}/price-checks`);
    expect(published.status).toBe(200);
    expect(published.body.pastCompared).toBe(false);
    expect((await observer.get(`/api/packages/${pkg['DP-06']}/price-checks`)).status).toBe(403);
    // the observer's cycle list holds the published packages only
    const observed = await cycleChecks(observer);
    expect(observed.flagged.map((f: any) => f.lineId)).toEqual(['DP-02-l6']);
  });

  it('lets only coordinators keep the catalogue: a liaison may not add, change, delete or import', async () => {
    const before = await catalogue();
    const materials = entryOf(before, 'materials', '米');
    const add = await power.post('/api/price-catalogue', { category: 'other', unit: '次', item: '检测', priceFen: 100, edition: '2026 目录' });
    expect(add.status).toBe(403);
    expect(add.body.message).toBe('Only coordinators keep the reference-price catalogue');
    expect((await power.patch(`/api/price-catalogue/${materials.id}`, { version: materials.version, priceFen: 1 })).status).toBe(403);
    expect((await power.delete(`/api/price-catalogue/${materials.id}`)).status).toBe(403);
    expect((await power.post('/api/price-catalogue/import', { csv: 'category,unit,item,priceYuan,edition\nmaterials,米,线路,1,x\n' })).status).toBe(403);
    expect(await catalogue()).toEqual(before);
  });

  it('refuses a CSV or XLSX import with bad rows, naming each row and column, and stores nothing', async () => {
    const before = await catalogue();
    const csv = ['category,unit,item,priceYuan,edition', 'materials,米,地下线路,2500,2027 目录', 'machinery,台班,挖掘机,-5,2027 目录', 'magic,个,法器,10,2027 目录', '人工,工日,施工人工,0,2027 目录'].join('\n');
    const refused = await coordinator.post('/api/price-catalogue/import', { csv });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { field: 'row 3: priceYuan', reason: 'must not be negative' },
      { field: 'row 4: category', reason: '"magic" is not a cost category' },
      { field: 'row 5: priceYuan', reason: 'must be greater than 0' },
    ]);
    const xlsx = await workbook([
      ['类别', '单位', '名称', '参考单价（元）', '目录版本'],
      ['材料', '米', '地下电力及通信线路（含管材）', 2_500, '2027 目录'],
      ['机械', '台班', '挖掘机台班', -800, '2027 目录'],
    ]);
    const refusedXlsx = await coordinator.post('/api/price-catalogue/import-xlsx', { xlsxBase64: xlsx });
    expect(refusedXlsx.status).toBe(400);
    expect(refusedXlsx.body.fields).toEqual([{ field: 'row 3: 参考单价（元）', reason: 'must not be negative' }]);
    expect((await coordinator.post('/api/price-catalogue/import-xlsx', { xlsxBase64: Buffer.from('category,unit\n').toString('base64') })).body.fields).toEqual([
      { field: 'xlsxBase64', reason: 'is not an XLSX workbook with a sheet' },
    ]);
    expect(await catalogue()).toEqual(before);
    expect(flagOf(await cycleChecks(), 'DP-02-l6')).toBeDefined();
  });

  it('applies a good XLSX import whole: the entry of the same category and unit is replaced, a new one added, and the flags follow', async () => {
    const xlsx = await workbook([
      ['类别', '单位', '名称', '参考单价（元）', '目录版本', '下限倍数'],
      ['材料', '米', '地下电力及通信线路（含管材）', 2_500, '2027 目录', 0.5],
      ['机械', '台班', '挖掘机台班', 1_200, '2027 目录', ''],
    ]);
    const applied = await coordinator.post('/api/price-catalogue/import-xlsx', { xlsxBase64: xlsx });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toEqual({ created: 1, updated: 1 });
    const entries = await catalogue();
    expect(entries).toHaveLength(10);
    expect(entryOf(entries, 'materials', '米')).toMatchObject({ priceFen: 2_500 * YUAN, edition: '2027 目录', version: 2 });
    const view = await cycleChecks();
    // power's 2 000 元/米 is now within; telecom's 1 200 元/米 is below half of 2 500
    expect(flagOf(view, 'DP-02-l6')).toBeUndefined();
    expect(flagOf(view, 'DP-02-l8').catalogue).toMatchObject({ referenceFen: 2_500 * YUAN, edition: '2027 目录', verdict: 'low' });
  });

  it('adds, changes and deletes an entry by hand, refusing a negative price, a stale version and a second entry for the same category and unit', async () => {
    const negative = await coordinator.post('/api/price-catalogue', { category: 'services', unit: '次', item: '水质检测', priceFen: -100, edition: '2026 目录' });
    expect(negative.status).toBe(400);
    expect(negative.body.fields).toEqual([{ field: 'priceFen', reason: 'must not be negative' }]);
    const created = await coordinator.post('/api/price-catalogue', { category: 'services', unit: '次', item: '水质检测', priceFen: 300 * YUAN, edition: '2026 目录', highBasisPoints: 20_000 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ lowBasisPoints: 5_000, highBasisPoints: 20_000, version: 1 });
    expect((await coordinator.post('/api/price-catalogue', { category: 'services', unit: ' 次', item: '另一条', priceFen: 1, edition: 'x' })).status).toBe(409);
    const changed = await coordinator.patch(`/api/price-catalogue/${created.body.id}`, { version: 1, priceFen: 320 * YUAN });
    expect(changed.body).toMatchObject({ priceFen: 320 * YUAN, version: 2, item: '水质检测' });
    expect((await coordinator.patch(`/api/price-catalogue/${created.body.id}`, { version: 1, priceFen: 1 })).status).toBe(409);
    const badBand = await coordinator.patch(`/api/price-catalogue/${created.body.id}`, { version: 2, lowBasisPoints: 12_000 });
    expect(badBand.status).toBe(400);
    expect(badBand.body.fields[0].field).toBe('lowBasisPoints');
    expect((await coordinator.delete(`/api/price-catalogue/${created.body.id}`)).status).toBe(204);
    expect((await coordinator.delete(`/api/price-catalogue/${created.body.id}`)).status).toBe(404);
  });

  it('compares a line with what its department actually paid per unit in an earlier cycle, or states the spend rate when the unit differs', async () => {
    // FY2026: power buried 3 000 m of cable planned at 1 000 元/米 and spent 270 万 of 300 万 → 900 元/米;
    // housing bought 100 t of steel planned at 5 000 元/吨 and spent 40 万 of 50 万 (80 %)
    const cycle = (await coordinator.post('/api/cycles', { name: '2026 年度 线路', fiscalYear: 2026, totalQuotaFen: 5_000 * WAN, reserveBasisPoints: 0 })).body.id;
    await coordinator.put(`/api/cycles/${cycle}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
    const cable = await coordinator.post('/api/packages', {
      cycleId: cycle, code: 'P26', title: '线路入地（2026）', leadDepartment: 'power', departments: ['power', 'housing'], contingencyBasisPoints: 0,
      costLines: [
        { department: 'power', category: 'materials', description: '电力线路入地', quantity: 3_000, unit: '米', unitCostFen: 1_000 * YUAN, year: 2026 },
        { department: 'housing', category: 'materials', description: '钢材', quantity: 100, unit: '吨', unitCostFen: 5_000 * YUAN, year: 2026 },
      ],
    });
    expect(cable.status, JSON.stringify(cable.body)).toBe(201);
    const moved = (await coordinator.get(`/api/cycles/${cycle}`)).body;
    expect((await coordinator.patch(`/api/cycles/${cycle}`, { version: moved.version, stage: 'execution' })).status).toBe(200);
    // 310 万 spent in all, spread 300 : 50 over the two lines → power 265.71 万, housing 44.29 万
    expect((await coordinator.put(`/api/packages/${cable.body.id}/actuals/3`, { spentFen: 200 * WAN })).status).toBe(200);
    expect((await coordinator.put(`/api/packages/${cable.body.id}/actuals/9`, { spentFen: 110 * WAN })).status).toBe(200);

    const checks = (await power.get(`/api/packages/${pkg['DP-02']}/price-checks`)).body;
    expect(checks.pastCompared).toBe(true);
    expect(checks.past).toContainEqual({ department: 'power', category: 'materials', unit: '米', fiscalYears: [2026], packages: 1, quantityMilli: 3_000_000, plannedFen: 300 * WAN, spentFen: 265_714_286, unitCostFen: 88_571 });
    const cableLine = checks.lines.find((l: any) => l.lineId === 'DP-02-l6');
    // 2 000 元/米 against 885.71 元/米 actually paid: 2.26×, above the band
    expect(cableLine.history).toMatchObject({ basis: 'perUnit', referenceFen: 88_571, ratioBasisPoints: 22_581, deviationPercent: 126, verdict: 'high', fiscalYears: [2026] });
    expect(cableLine.flagged).toBe(true);
    // housing's renovation materials are a lump sum (项): the spend rate of its past materials instead, not flagged on it
    const housing = checks.lines.find((l: any) => l.lineId === 'DP-02-l1');
    expect(housing.history).toEqual({ basis: 'spendRate', fiscalYears: [2026], packages: 1, plannedFen: 50 * WAN, spentFen: 44_285_714, rateBasisPoints: 8_857 });
    expect(housing.flagged).toBe(false);

    const view = await cycleChecks();
    expect(view.withPastUnitCost).toBe(1);
    expect(flagOf(view, 'DP-02-l6').history).toMatchObject({ basis: 'perUnit', verdict: 'high' });
    // an observer sees no past actuals (they come from other cycles' unpublished packages)
    const observed = (await observer.get(`/api/packages/${pkg['DP-02']}/price-checks`)).body;
    expect(observed.past).toEqual([]);
    expect(observed.lines.every((l: any) => l.history === null)).toBe(true);
  });
});
