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
const code = (id: string) => [...ids].find(([, v]) => v === id)?.[0] ?? id;

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  cycleId = server.cycleId;
  for (const p of (await coordinator.get(`/api/cycles/${cycleId}/packages`)).body as { id: string; code: string }[]) ids.set(p.code, p.id);
});
afterAll(async () => {
  await server?.close();
});

interface Item {
  id: string;
  packageId: string;
  code: string;
  funded: boolean;
  explanation: {
    funding: string;
    mandated?: boolean;
    alternativeGroup?: string;
    belowLine?: {
      extraQuotaFen: number | null;
      extraAvailableFen: number | null;
      alternative?: { itemId: string; funded: boolean };
      beat: { itemId: string; byPoints: number } | null;
      sensitivity?: { criterionKey: string; change: number | null }[];
    };
  };
}

describe('allocator on the demo cycle through the API', () => {
  it('should keep the seeded mandate and alternatives group, and refuse a group containing a mandated package, storing nothing', async () => {
    const rules = (await coordinator.get(`/api/cycles/${cycleId}/allocation-rules`)).body;
    expect(rules.mandated.map((m: { packageId: string }) => code(m.packageId))).toEqual(['DP-10']);
    expect(rules.alternativeGroups.map((g: { packageIds: string[] }) => g.packageIds.map(code))).toEqual([['DP-13', 'DP-14']]);

    const bad = await coordinator.put(`/api/cycles/${cycleId}/allocation-rules`, {
      mandated: [{ packageId: ids.get('DP-10') }],
      alternativeGroups: [{ name: 'water', packageIds: [ids.get('DP-18'), ids.get('DP-10')] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ field: 'alternativeGroups.0.packageIds.1', reason: 'package DP-10 is mandated and cannot be an alternative' }]);
    const lone = await coordinator.put(`/api/cycles/${cycleId}/allocation-rules`, { mandated: [], alternativeGroups: [{ name: 'x', packageIds: [ids.get('DP-18')] }] });
    expect(lone.status).toBe(400);
    const liaison = await server.as('power');
    expect((await liaison.put(`/api/cycles/${cycleId}/allocation-rules`, { mandated: [], alternativeGroups: [] })).status).toBe(403);
    expect((await coordinator.get(`/api/cycles/${cycleId}/allocation-rules`)).body).toEqual(rules);
  });

  it('should fund the mandated package as such and explain every package below the line', async () => {
    const ranking = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body as { items: Item[]; settings: { quotaFen: number; allocationMode: string } };
    expect(ranking.settings.allocationMode).toBe('strict');
    const dp10 = ranking.items.find((i) => i.code === 'DP-10')!;
    expect(dp10).toMatchObject({ funded: true, explanation: { funding: 'mandated', mandated: true } });
    const below = ranking.items.filter((i) => !i.funded);
    expect(below.length).toBeGreaterThan(0);
    for (const item of below) {
      const why = item.explanation.belowLine!;
      expect(why.extraQuotaFen !== null || why.alternative !== undefined).toBe(true);
      expect(why.sensitivity).toHaveLength(5);
    }
    // "needs +Y" is exact through the what-if: Y more funds the bridge (DP-07), Y − 1 fen does not
    const bridge = ranking.items.find((i) => i.code === 'DP-07')!;
    const y = bridge.explanation.belowLine!.extraQuotaFen!;
    expect(y).toBeGreaterThan(0);
    const fundedWith = async (quotaFen: number) =>
      ((await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { quotaFen })).body.items as Item[]).find((i) => i.code === 'DP-07')!.funded;
    expect(await fundedWith(ranking.settings.quotaFen + y)).toBe(true);
    expect(await fundedWith(ranking.settings.quotaFen + y - 1)).toBe(false);
  });

  it('should allocate the same ranking in every mode side by side, the optimum proven and never worse', async () => {
    const cmp = (await coordinator.get(`/api/cycles/${cycleId}/ranking/modes`)).body as {
      modes: { mode: string; value: number; fundedItemIds: string[]; optimizer?: { proven: boolean; gap: number } }[];
      differences: { itemId: string; fundedIn: string[] }[];
    };
    expect(cmp.modes.map((m) => m.mode)).toEqual(['strict', 'skipAndContinue', 'optimal']);
    const [strict, skip, optimal] = cmp.modes;
    expect(optimal.optimizer).toMatchObject({ proven: true, gap: 0 });
    expect(optimal.value).toBeGreaterThanOrEqual(skip.value);
    expect(skip.value).toBeGreaterThanOrEqual(strict.value);
    for (const m of cmp.modes) {
      expect(m.fundedItemIds).toContain(ids.get('DP-10'));
      expect([ids.get('DP-13'), ids.get('DP-14')].filter((id) => m.fundedItemIds.includes(id!)).length).toBeLessThanOrEqual(1);
    }
    const differing = new Set(cmp.differences.map((d) => d.itemId));
    const expected = new Set([...new Set([...strict.fundedItemIds, ...skip.fundedItemIds, ...optimal.fundedItemIds])].filter((id) => !cmp.modes.every((m) => m.fundedItemIds.includes(id))));
    expect(differing).toEqual(expected);
    expect(differing.size).toBeGreaterThan(0);
  });

  it('should honour the alternatives group in a what-if and record the optimal mode with the result', async () => {
    // with money for everything but the bridge, both industry packages would fit: only one is funded
    const skip = (await coordinator.post(`/api/cycles/${cycleId}/ranking/what-if`, { allocationMode: 'skipAndContinue', quotaFen: 100_000_000_000 })).body as { items: Item[] };
    const industry = skip.items.filter((i) => i.code === 'DP-13' || i.code === 'DP-14');
    expect(industry.filter((i) => i.funded)).toHaveLength(1);
    expect(industry.find((i) => !i.funded)!.explanation).toMatchObject({ funding: 'alternativeFunded', alternativeGroup: '产业扶持二选一' });

    const set = await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { allocationMode: 'optimal' });
    expect(set.status).toBe(200);
    const ranking = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body;
    expect(ranking.settings.allocationMode).toBe('optimal');
    expect(ranking.optimizer).toMatchObject({ proven: true, objective: 'scoreWeightedFen' });
    expect((await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { allocationMode: 'greedy' })).status).toBe(400);
    await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { allocationMode: 'strict' });
  });
});

describe('reproducible ranking run', () => {
  const recompute = (run: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'run-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(run, null, 2));
    const r = spawnSync(process.execPath, ['tools/recompute.mjs', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('should export the run as one JSON document that the documented command recomputes, confirming the hash', async () => {
    const response = await coordinator.get(`/api/cycles/${cycleId}/ranking/run`);
    expect(response.status).toBe(200);
    const run = response.body;
    expect(run).toMatchObject({ format: 'zerobase.ranking-run/1', cycleId, output: { allocationMode: 'strict' } });
    expect(run.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.input.settings.mandatedPackageIds).toEqual([ids.get('DP-10')]);
    // only coordinators get the run (it carries every score) until scoring closes
    expect((await (await server.as('power')).get(`/api/cycles/${cycleId}/ranking/run`)).status).toBe(403);
    const ok = recompute(run);
    expect(ok.out).toContain(`hash ${run.hash}`);
    expect(ok.status).toBe(0);

    // a funding decision rewritten afterwards: the hash no longer matches and the recomputation names the item
    const unfunded = run.output.items.findIndex((i: { funded: boolean }) => !i.funded);
    const forged = structuredClone(run);
    forged.output.items[unfunded].funded = true;
    const bad = recompute(forged);
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('HASH MISMATCH');
    expect(bad.out).toContain(`output.items[${unfunded}].funded`);

  }, 60_000);
});
