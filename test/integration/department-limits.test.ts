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

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  cycleId = server.cycleId;
});
afterAll(async () => {
  await server?.close();
});

interface Dept {
  department: string;
  departmentId: string;
  requestedFen: number;
  fundedFen: number;
  unfundedFen: number;
}
interface Outcome {
  department: string;
  floorFen: number | null;
  capFen: number | null;
  fundedFen: number;
  floorMet: boolean | null;
  floorIssue: string | null;
  capBinding: boolean;
}
interface Ranking {
  items: { code: string; packageId: string; funded: boolean; explanation: { funding: string; belowLine?: { departmentCap?: { departmentId: string; capFen: number } } } }[];
  perDepartment: Dept[];
  departmentLimits?: Outcome[];
  totals: { availableFen: number; allocatedFen: number };
  perPackage: { packageId: string; status: string; requestedFen: number; byDepartment: { departmentId: string; requestedFen: number }[] }[];
}
const ranking = async (): Promise<Ranking> => (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body as Ranking;
const fundedOf = (r: { perDepartment: Dept[] }, code: string) => r.perDepartment.find((d) => d.department === code)?.fundedFen ?? 0;
const put = (limits: unknown[]) => coordinator.put(`/api/cycles/${cycleId}/department-limits`, { limits });

describe('department floors and caps through the API', () => {
  let capped: Dept;
  let floored: Dept;

  it('should refuse bad limits naming the field and reason, and store nothing', async () => {
    const before = await ranking();
    expect(before.departmentLimits).toBeUndefined();
    const sorted = [...before.perDepartment].sort((a, b) => b.fundedFen - a.fundedFen);
    capped = sorted[0]!;
    // the department of the cheapest unfunded package (one owner), other than the capped one
    const cheapest = [...before.perPackage]
      .filter((p) => p.status === 'unfunded' && p.byDepartment.length === 1 && p.byDepartment[0]!.departmentId !== capped.departmentId)
      .sort((a, b) => a.requestedFen - b.requestedFen)[0]!;
    floored = before.perDepartment.find((d) => d.departmentId === cheapest.byDepartment[0]!.departmentId)!;
    expect(capped.fundedFen).toBeGreaterThan(0);
    expect(floored.unfundedFen).toBeGreaterThan(0);

    const above = await put([{ department: capped.department, floorFen: 500, capFen: 400 }]);
    expect(above.status).toBe(400);
    expect(above.body.fields).toEqual([{ field: 'limits.0.floorFen', reason: `floor 500 fen is above the cap 400 fen of department ${capped.department}` }]);
    const unknown = await put([{ department: capped.department, capFen: 1 }, { department: 'no-such-unit', capFen: 1 }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'limits.1.department', reason: 'unknown department "no-such-unit"' }]);
    const twice = await put([{ department: capped.department, capFen: 1 }, { department: capped.department, floorFen: 1 }]);
    expect(twice.status).toBe(400);
    expect(twice.body.fields[0].field).toBe('limits.1.department');
    const negative = await put([{ department: capped.department, capFen: -5 }]);
    expect(negative.status).toBe(400);
    expect(JSON.stringify(negative.body.fields)).toContain('limits.0.capFen');
    const empty = await put([{ department: capped.department }]);
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toEqual([{ field: 'limits.0', reason: 'set a floor, a cap or both' }]);
    expect((await (await server.as('power')).put(`/api/cycles/${cycleId}/department-limits`, { limits: [] })).status).toBe(403);
    expect((await coordinator.get(`/api/cycles/${cycleId}/department-limits`)).body).toEqual({ limits: [] });
  });

  it('should hold a capped department under its cap in the ranking, every mode and a what-if, and name the cap below the line', async () => {
    const cap = Math.floor(capped.fundedFen / 2);
    const set = await put([{ department: capped.department, capFen: cap }]);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ limits: [{ department: capped.department, floorFen: null, capFen: cap }] });

    const r = await ranking();
    expect(fundedOf(r, capped.department)).toBeLessThanOrEqual(cap);
    expect(r.departmentLimits).toEqual([expect.objectContaining({ department: capped.department, capFen: cap, capBinding: true, floorMet: null })]);
    const stopped = r.items.filter((i) => i.explanation.funding === 'departmentCap');
    expect(stopped.length).toBeGreaterThan(0);
    for (const i of stopped) expect(i.explanation.belowLine?.departmentCap).toEqual({ departmentId: capped.departmentId, capFen: cap });

    // a what-if with all the money in the world still keeps the cap
    const rich = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { quotaFen: 1e14, allocationMode: 'skipAndContinue' })).body as Ranking;
    expect(fundedOf(rich, capped.department)).toBeLessThanOrEqual(cap);
    // everything else is funded: only the cap (or an alternative) leaves a package out
    expect(rich.items.filter((i) => !i.funded).map((i) => i.explanation.funding).sort()).toEqual(expect.arrayContaining(['departmentCap']));
    for (const i of rich.items.filter((x) => !x.funded)) expect(['departmentCap', 'alternativeFunded']).toContain(i.explanation.funding);

    const modes = (await coordinator.get(`/api/cycles/${cycleId}/ranking/modes`)).body as { modes: { mode: string; fundedItemIds: string[]; optimizer?: { proven: boolean } }[] };
    const costOf = new Map<string, number>();
    const shares = new Map<string, number>();
    const view = await ranking();
    for (const p of view.perPackage) {
      costOf.set(p.packageId, p.requestedFen);
      shares.set(p.packageId, p.byDepartment.find((b) => b.departmentId === capped.departmentId)?.requestedFen ?? 0);
    }
    for (const m of modes.modes) {
      // the capped department's share of what each mode funds (whole packages: increments are off on the demo cycle)
      expect(m.fundedItemIds.reduce((s, id) => s + (shares.get(id) ?? 0), 0)).toBeLessThanOrEqual(cap);
    }
    expect(modes.modes.find((m) => m.mode === 'optimal')!.optimizer?.proven).toBe(true);
  });

  it('should fund a floored department up to its floor, and explain a floor that cannot be met', async () => {
    // one fen more than the department gets without limits
    const floor = floored.fundedFen + 1;
    expect((await put([{ department: floored.department, floorFen: floor }])).status).toBe(200);
    for (const mode of ['strict', 'skipAndContinue', 'optimal']) {
      const r = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { allocationMode: mode })).body as Ranking;
      const out = r.departmentLimits!.find((d) => d.department === floored.department)!;
      expect(out).toMatchObject({ floorFen: floor, floorMet: true, floorIssue: null });
      expect(fundedOf(r, floored.department)).toBeGreaterThanOrEqual(floor);
      expect(r.totals.allocatedFen).toBeLessThanOrEqual(r.totals.availableFen);
    }
    const strict = await ranking();
    expect(strict.items.some((i) => i.explanation.funding === 'departmentFloor')).toBe(true);

    // more than the department asks for: not met, and why
    expect((await put([{ department: floored.department, floorFen: floored.requestedFen + 1 }])).status).toBe(200);
    const tooHigh = await ranking();
    expect(tooHigh.departmentLimits![0]).toMatchObject({ floorMet: false, floorIssue: 'requestedBelowFloor' });
    // floors that together exceed the money: the optimizer says it relaxed them
    const all = tooHigh.perDepartment.map((d) => ({ department: d.department, floorFen: d.requestedFen }));
    expect((await put(all)).status).toBe(200);
    const over = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { allocationMode: 'optimal' })).body as Ranking & { optimizer: { floorsRelaxed?: boolean } };
    expect(over.optimizer.floorsRelaxed).toBe(true);
    expect(over.departmentLimits!.some((d) => d.floorIssue === 'floorsExceedAvailable')).toBe(true);
  });

  it('should carry the limits in the exported run, which recomputes to the same hash', async () => {
    expect((await put([{ department: capped.department, capFen: Math.floor(capped.fundedFen / 2) }, { department: floored.department, floorFen: 1 }])).status).toBe(200);
    const run = (await coordinator.get(`/api/cycles/${cycleId}/ranking/run`)).body;
    expect(run.input.settings.departmentLimits).toHaveLength(2);
    expect(run.output.departmentLimits).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(run));
    const r = spawnSync(process.execPath, ['tools/recompute.mjs', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(`${r.stdout}${r.stderr}`).toContain(`hash ${run.hash}`);
    expect(r.status).toBe(0);
    // back to none
    expect((await put([])).body).toEqual({ limits: [] });
    expect((await ranking()).departmentLimits).toBeUndefined();
  }, 60_000);
});
