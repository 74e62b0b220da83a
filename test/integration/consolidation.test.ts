import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

let server: DemoServer;
let coordinator: HttpClient;
let cycleId: string;
const ids = new Map<string, string>();

interface Item {
  id: string;
  packageId: string;
  code: string;
  rank: number;
  score: number;
  funded: boolean;
  explanation: {
    funding: string;
    mandated?: boolean;
    alternativeGroup?: string;
    belowLine?: { beat: unknown; unitAbove?: { itemId: string } };
    consolidation?: { unitId: string; unitRank: number; unitSize: number; heldBy?: string; overrides?: { otherPackageId: string; above: boolean; reason: string }[] };
  };
}
interface Ranking {
  settings: { consolidation: boolean; allocationMode: string };
  items: Item[];
  totals: { availableFen: number; allocatedFen: number };
}
interface Consolidation {
  enabled: boolean;
  units: { department: string; parent: string | null; ordered: boolean; packages: { packageId: string; code: string }[] }[];
  overrides: { id: string; code: string; aboveCode: string; department: string; reason: string; createdBy: string | null; stale?: string }[];
}

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  cycleId = server.cycleId;
  for (const i of (await ranking()).items) ids.set(i.code, i.packageId);
});
afterAll(async () => {
  await server?.close();
});

const ranking = async (): Promise<Ranking> => (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body as Ranking;
const consolidation = async (): Promise<Consolidation> => (await coordinator.get(`/api/cycles/${cycleId}/consolidation`)).body as Consolidation;
const codes = (r: Ranking) => r.items.map((i) => i.code);
const item = (r: Ranking, code: string) => r.items.find((i) => i.code === code)!;
const override = (code: string, above: string, reason: string | undefined, as = coordinator) =>
  as.post(`/api/cycles/${cycleId}/consolidation/overrides`, { packageId: ids.get(code), aboveId: ids.get(above), ...(reason === undefined ? {} : { reason }) });
/** every unit's packages keep the unit's order in the ranking */
const expectUnitOrdersKept = (r: Ranking, c: Consolidation) => {
  for (const unit of c.units) {
    const inUnit = new Set(unit.packages.map((p) => p.code));
    expect(codes(r).filter((code) => inUnit.has(code)), unit.department).toEqual(unit.packages.map((p) => p.code));
  }
};

describe('order-preserving consolidation on the demo cycle', () => {
  let off: Ranking;

  it('is off by default: the ranking is the scoring order, and the unit orders are listed', async () => {
    off = await ranking();
    expect(off.settings.consolidation).toBe(false);
    expect(off.items.every((i) => i.explanation.consolidation === undefined)).toBe(true);
    // the scoring order: scores never rise down the ranking
    for (let k = 1; k < off.items.length; k++) expect(off.items[k]!.score).toBeLessThanOrEqual(off.items[k - 1]!.score);
    const c = await consolidation();
    expect(c.enabled).toBe(false);
    expect(c.overrides).toEqual([]);
    const unit = (d: string) => c.units.find((u) => u.department === d)!;
    expect(unit('transport')).toMatchObject({ ordered: true, parent: null, packages: ['DP-19', 'DP-03', 'DP-07', 'DP-06'].map((code) => ({ code })) });
    expect(unit('environment')).toMatchObject({ ordered: true, packages: [{ code: 'DP-12' }, { code: 'DP-11' }] });
    // a unit without an order of its own keeps the scoring order; a joint package belongs to its lead (DP-01: power)
    expect(unit('water')).toMatchObject({ ordered: false, packages: [{ code: 'DP-10' }, { code: 'DP-18' }] });
    expect(unit('power').packages.map((p) => p.code)).toEqual(['DP-01']);
    expect(c.units.some((u) => u.packages.some((p) => p.code === 'DP-20') && u.department === 'city')).toBe(true);
  });

  it('refuses bad input naming the problem, and stores nothing', async () => {
    const missing = await override('DP-03', 'DP-19', undefined);
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toContain('reason');
    const blank = await override('DP-03', 'DP-19', '   ');
    expect(blank.status).toBe(400);
    expect(blank.body.fields).toEqual([{ field: 'reason', reason: "is required: say why the unit's order is overridden" }]);
    const across = await override('DP-03', 'DP-11', '跨单元');
    expect(across.status).toBe(400);
    expect(across.body.fields).toEqual([
      { field: 'aboveId', reason: 'packages DP-03 (unit transport) and DP-11 (unit environment) are in different units: an override reorders the packages of one unit' },
    ]);
    expect((await override('DP-03', 'DP-03', '自身')).body.fields[0].field).toBe('aboveId');
    // a cycle among transport's overrides: DP-06 above DP-07 above DP-03, then DP-03 above DP-06
    expect((await override('DP-06', 'DP-07', '安全整改')).status).toBe(201);
    expect((await override('DP-07', 'DP-03', '分期拨款')).status).toBe(201);
    const cycle = await override('DP-03', 'DP-06', '通车目标');
    expect(cycle.status).toBe(400);
    expect(cycle.body.fields).toEqual([{ field: 'aboveId', reason: 'makes a cycle in the order of unit transport: DP-03 above DP-06 above DP-07 above DP-03' }]);
    const both = await override('DP-07', 'DP-06', '反向');
    expect(both.body.fields).toEqual([{ field: 'aboveId', reason: 'contradicts overrides[0], which ranks DP-06 above DP-07' }]);
    const stored = await consolidation();
    expect(stored.overrides.map((o) => [o.code, o.aboveCode])).toEqual([
      ['DP-06', 'DP-07'],
      ['DP-07', 'DP-03'],
    ]);
    for (const o of stored.overrides) expect((await coordinator.delete(`/api/cycles/${cycleId}/consolidation/overrides/${o.id}`)).status).toBe(204);
    expect((await coordinator.delete(`/api/cycles/${cycleId}/consolidation/overrides/${stored.overrides[0]!.id}`)).status).toBe(404);

    // a cycle in the hierarchy: transport under its own division
    const departments = (await coordinator.get('/api/departments')).body as { id: string; code: string; parent: string | null }[];
    const transport = departments.find((d) => d.code === 'transport')!;
    const loop = await coordinator.patch(`/api/departments/${transport.id}`, { parent: 'transport-roads' });
    expect(loop.status).toBe(400);
    expect(loop.body.fields).toEqual([{ field: 'parent', reason: 'is one of the unit’s own divisions (the hierarchy would loop)' }]);
    expect(((await coordinator.get('/api/departments')).body as { code: string; parent: string | null }[]).find((d) => d.code === 'transport')!.parent).toBeNull();

    // unit orders: only the unit's own packages, each once; only its liaison or a coordinator
    const wrong = await coordinator.put(`/api/cycles/${cycleId}/consolidation/units/transport`, { packageIds: [ids.get('DP-03'), ids.get('DP-11')] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([{ field: 'packageIds.1', reason: 'package DP-11 is not a package of unit transport' }]);
    const power = await server.as('power');
    expect((await power.put(`/api/cycles/${cycleId}/consolidation/units/transport`, { packageIds: [ids.get('DP-03')] })).status).toBe(403);
    expect((await power.put(`/api/cycles/${cycleId}/consolidation/units/power`, { packageIds: [ids.get('DP-01')] })).status).toBe(200);
    expect((await override('DP-03', 'DP-19', '理由', power)).status).toBe(403);
    expect((await power.put(`/api/cycles/${cycleId}/evaluation-settings`, { consolidation: true })).status).toBe(403);
    expect((await consolidation()).units.find((u) => u.department === 'transport')!.packages.map((p) => p.code)).toEqual(['DP-19', 'DP-03', 'DP-07', 'DP-06']);
    expect((await ranking()).settings.consolidation).toBe(false);
  });

  it("keeps every unit's order once turned on, in every mode and what-if, and says what held a package", async () => {
    expect((await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { consolidation: true })).status).toBe(200);
    const on = await ranking();
    expect(on.settings.consolidation).toBe(true);
    const c = await consolidation();
    expect(c.enabled).toBe(true);
    expectUnitOrdersKept(on, c);
    // the expressway (78) scores above the electric buses (68) but transport ranks the buses first
    expect(item(off, 'DP-03').rank).toBeLessThan(item(off, 'DP-19').rank);
    expect(item(on, 'DP-03').rank).toBe(item(on, 'DP-19').rank + 1);
    expect(item(on, 'DP-03').explanation.consolidation).toMatchObject({ unitRank: 2, unitSize: 4, heldBy: ids.get('DP-19') });
    expect(item(on, 'DP-11').explanation.consolidation?.heldBy).toBe(ids.get('DP-12'));
    // below the line: no better score moves DP-11 past DP-12, which is not funded
    expect(item(on, 'DP-12').funded).toBe(false);
    expect(item(on, 'DP-11').explanation.belowLine).toMatchObject({ beat: null, unitAbove: { itemId: ids.get('DP-12') } });
    expect(item(on, 'DP-19').explanation.consolidation?.heldBy).toBeUndefined();
    // a package whose unit did not hold it keeps its place relative to the others
    const unheld = (r: Ranking) => codes(r).filter((code) => !['DP-03', 'DP-11'].includes(code));
    expect(unheld(on)).toEqual(unheld(off));

    for (const allocationMode of ['strict', 'skipAndContinue', 'optimal']) {
      const r = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { allocationMode, quotaFen: 400_000_000_00 })).body as Ranking;
      expectUnitOrdersKept(r, c);
      expect(r.totals.allocatedFen).toBeLessThanOrEqual(r.totals.availableFen);
    }
    // a what-if may look at the ranking without consolidation
    const without = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { consolidation: false })).body as Ranking;
    expect(codes(without)).toEqual(codes(off));
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/modes`)).status).toBe(200);
    // members read it with the ranking's rules
    const liaison = (await (await server.as('housing')).get(`/api/cycles/${cycleId}/ranking`)).body as Ranking;
    expect(item(liaison, 'DP-03').explanation.consolidation?.heldBy).toBe(ids.get('DP-19'));
  });

  it("funds, in the optimal mode, nothing below an unfunded package of its unit: ranking, what-if and the mode comparison", async () => {
    const c = await consolidation();
    // the funded items (by id) that a package above them in their unit, neither funded nor set aside by a rule, should have kept out
    const violations = (r: Ranking, fundedIds: ReadonlySet<string>) => {
      const out: string[] = [];
      for (const unit of c.units) {
        let blockedBy: string | null = null;
        for (const p of unit.packages) {
          const it = r.items.find((i) => i.code === p.code)!;
          const funded = fundedIds.has(it.id);
          // decided outside the ranking: mandated (the demo has no pins or cuts)
          if (it.explanation.mandated === true) continue;
          // set aside: another package of its alternatives group is funded
          const group = it.explanation.alternativeGroup;
          const excluded = group !== undefined && r.items.some((x) => x.packageId !== it.packageId && x.explanation.alternativeGroup === group && fundedIds.has(x.id));
          if (funded && blockedBy !== null) out.push(`${p.code} funded below unfunded ${blockedBy}`);
          if (!funded && !excluded && blockedBy === null) blockedBy = p.code;
        }
      }
      return out;
    };
    const fundedOf = (r: Ranking) => new Set(r.items.filter((i) => i.funded).map((i) => i.id));
    let brokenWithout = 0;
    for (const quotaFen of [600_000_000_00, 500_000_000_00, 400_000_000_00, 300_000_000_00, 200_000_000_00]) {
      const on = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { allocationMode: 'optimal', quotaFen })).body as Ranking & { optimizer: { proven: boolean } };
      expect(on.settings.consolidation).toBe(true);
      expect(on.optimizer.proven).toBe(true);
      expect(violations(on, fundedOf(on)), `quota ${quotaFen}`).toEqual([]);
      expect(on.totals.allocatedFen).toBeLessThanOrEqual(on.totals.availableFen);
      const off = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { allocationMode: 'optimal', quotaFen, consolidation: false })).body as Ranking;
      brokenWithout += violations(on, fundedOf(off)).length;
    }
    // the mode comparison allocates the same consolidated ranking in every mode, the optimal one included
    const modes = (await coordinator.get(`/api/cycles/${cycleId}/ranking/modes`)).body as { modes: { mode: string; fundedItemIds: string[] }[] };
    const current = await ranking();
    expect(modes.modes.map((m) => m.mode)).toContain('optimal');
    for (const m of modes.modes) expect(violations(current, new Set(m.fundedItemIds)), m.mode).toEqual([]);
    // without consolidation the optimum skips a unit's package for a cheaper one below it at some quota: the check bites
    expect(brokenWithout).toBeGreaterThan(0);
  });

  it("lets the coordinator lift a package within its unit for a recorded reason, listed and shown in the explanation", async () => {
    const added = await override('DP-03', 'DP-19', '快速路为市重点工程，须先行');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ code: 'DP-03', aboveCode: 'DP-19', department: 'transport', reason: '快速路为市重点工程，须先行', createdBy: '财政局 统筹协调人' });
    const r = await ranking();
    const c = await consolidation();
    expect(c.units.find((u) => u.department === 'transport')!.packages.map((p) => p.code)).toEqual(['DP-03', 'DP-19', 'DP-07', 'DP-06']);
    expectUnitOrdersKept(r, c);
    expect(item(r, 'DP-03').rank).toBe(item(off, 'DP-03').rank);
    expect(item(r, 'DP-03').explanation.consolidation?.overrides).toEqual([{ otherPackageId: ids.get('DP-19'), above: true, reason: '快速路为市重点工程，须先行' }]);
    expect(item(r, 'DP-19').explanation.consolidation?.overrides).toEqual([{ otherPackageId: ids.get('DP-03'), above: false, reason: '快速路为市重点工程，须先行' }]);
    expect(c.overrides[0]!.stale).toBeUndefined();

    // DP-19's lead department changes (to water): the two packages no longer share a unit, so the ranking
    // ignores the override — and the list says so, with why, instead of showing it as if it applied
    const leadOf = async (code: string) => (await server.db.query<{ lead: string }>(`SELECT lead_department_id AS lead FROM decision_package WHERE id = $1`, [ids.get(code)]))[0]!.lead;
    const transportId = await leadOf('DP-19');
    const waterId = await leadOf('DP-10');
    await server.db.query(`UPDATE decision_package SET lead_department_id = $1 WHERE id = $2`, [waterId, ids.get('DP-19')]);
    const moved = await consolidation();
    expect(moved.overrides.map((o) => [o.code, o.aboveCode])).toEqual([['DP-03', 'DP-19']]);
    expect(moved.overrides[0]!.stale).toBe('packages DP-03 (unit transport) and DP-19 (unit water) are in different units: an override reorders the packages of one unit');
    const ignored = await ranking();
    expect(item(ignored, 'DP-03').explanation.consolidation?.overrides).toBeUndefined();
    expect(item(ignored, 'DP-19').explanation.consolidation?.unitId).toBe(waterId);
    // back in one unit: it applies again and is no longer marked
    await server.db.query(`UPDATE decision_package SET lead_department_id = $1 WHERE id = $2`, [transportId, ids.get('DP-19')]);
    expect((await consolidation()).overrides[0]!.stale).toBeUndefined();
    expect(item(await ranking(), 'DP-03').explanation.consolidation?.overrides).toHaveLength(1);
  });

  it('carries the unit orders and overrides in the exported run, which recomputes to the same hash', async () => {
    const run = (await coordinator.get(`/api/cycles/${cycleId}/ranking/run`)).body;
    expect(run.input.settings.consolidation.overrides).toEqual([{ packageId: ids.get('DP-03'), aboveId: ids.get('DP-19'), reason: '快速路为市重点工程，须先行' }]);
    expect(run.input.settings.consolidation.unitOrders.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(run));
    const out = spawnSync(process.execPath, ['tools/recompute.mjs', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(`${out.stdout}${out.stderr}`).toContain(`hash ${run.hash}`);
    expect(out.status).toBe(0);

    // off again: the ranking is what it was
    expect((await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { consolidation: false })).status).toBe(200);
    expect(codes(await ranking())).toEqual(codes(off));
  }, 60_000);
});
