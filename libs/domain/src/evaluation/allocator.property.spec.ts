import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FundingState, type AllocationEntry } from './funding-state';
import type { AllocationMode, RankingInput, RankingResult } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { generatedCycle, generatedPackageFields, unitOrderViolations } from './spec-helpers';

const MODES: AllocationMode[] = ['strict', 'skipAndContinue', 'optimal'];

/** Small random cycles with increments, alternatives groups, mandates and pins. */
const arbCycle = fc
  .record({
    packages: fc.array(
      fc.record({
        ...generatedPackageFields,
        /** 0: none, 1–2: alternatives group, 3: mandated, 4: pinned */
        role: fc.integer({ min: 0, max: 6 }),
      }),
      { minLength: 1, maxLength: 7 },
    ),
    quotaFen: fc.integer({ min: 0, max: 500 }),
    reserveBasisPoints: fc.constantFrom(0, 1_000, 3_333),
    useIncrements: fc.boolean(),
    consolidate: fc.boolean(),
  })
  .map(({ packages, quotaFen, reserveBasisPoints, useIncrements, consolidate }): RankingInput => {
    const input = generatedCycle(packages, { quotaFen, useIncrements, consolidate, alternativeOf: (p) => (p.role === 1 || p.role === 2 ? p.role : null) });
    const inGroup = new Set((input.settings.alternativeGroups ?? []).flatMap((g) => g.packageIds));
    return {
      ...input,
      settings: {
        ...input.settings,
        reserveBasisPoints,
        mandatedPackageIds: packages.flatMap((p, i) => (p.role === 3 ? [`p${i}`] : [])),
        pinnedPackageIds: packages.flatMap((p, i) => (p.role === 4 && !inGroup.has(`p${i}`) ? [`p${i}`] : [])),
      },
    };
  });

const run = (input: RankingInput, mode: AllocationMode, quotaFen = input.settings.quotaFen): RankingResult =>
  rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: mode, quotaFen } });

/** The best value over every subset of the items the forced passes left, by enumeration. */
function bruteForceValue(result: RankingResult, input: RankingInput): number {
  const mandated = new Set(input.settings.mandatedPackageIds ?? []);
  const pinned = new Set(input.settings.pinnedPackageIds ?? []);
  const groupOf = new Map<string, number>();
  (input.settings.alternativeGroups ?? []).forEach((g, gi) => g.packageIds.forEach((id) => groupOf.set(id, gi)));
  const packageIndex = new Map<string, number>();
  const entries: AllocationEntry[] = result.items.map((item) => {
    if (!packageIndex.has(item.packageId)) packageIndex.set(item.packageId, packageIndex.size);
    const ordinal = item.explanation.increment?.ordinal ?? 0;
    return {
      costFen: item.costFen,
      pinned: pinned.has(item.packageId),
      mandated: mandated.has(item.packageId),
      group: packageIndex.get(item.packageId)!,
      ordinal,
      alternative: groupOf.get(item.packageId) ?? -1,
      value: (item.score * item.costFen) / 100,
    };
  });
  const st = new FundingState(entries, result.totals.availableFen);
  st.fundForced();
  let forced = 0;
  entries.forEach((e, i) => (forced += st.funded[i] === 1 ? e.value! : 0));
  const free = entries.map((e, i) => i).filter((i) => !entries[i]!.pinned && !entries[i]!.mandated);
  let best = 0;
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const chosen = new Set(free.filter((_, k) => (mask >> k) & 1));
    let cost = 0;
    let value = 0;
    let ok = true;
    const altGroup = new Map<number, number>();
    entries.forEach((e, i) => {
      if (st.funded[i] === 1 && e.alternative !== undefined && e.alternative >= 0) altGroup.set(e.alternative, e.group);
    });
    for (const i of chosen) {
      const e = entries[i]!;
      cost += e.costFen;
      value += e.value!;
      // precedence: every lower level of its package chosen too
      if (e.ordinal > 0 && !entries.some((x, j) => x.group === e.group && x.ordinal === e.ordinal - 1 && chosen.has(j))) ok = false;
      if (e.alternative !== undefined && e.alternative >= 0) {
        const g = altGroup.get(e.alternative);
        if (g !== undefined && g !== e.group) ok = false;
        altGroup.set(e.alternative, e.group);
      }
    }
    if (ok && cost <= st.remaining && input.settings.consolidation !== undefined) {
      // consolidation: the whole funded set (forced passes included) keeps every unit's order
      const ids = new Set(result.items.filter((_, i) => chosen.has(i) || st.funded[i] === 1).map((item) => item.id));
      ok = unitOrderViolations(result, input.settings, ids).length === 0;
    }
    if (ok && cost <= st.remaining) best = Math.max(best, value);
  }
  return forced + best;
}

const fundedPackages = (r: RankingResult): Set<string> => new Set(r.items.filter((i) => i.funded).map((i) => i.packageId));

describe('allocator properties (alternatives, mandates, optimal mode, below the line)', () => {
  it('funds at most one package of each alternatives group, in every mode', () => {
    fc.assert(
      fc.property(arbCycle, (input) => {
        for (const mode of MODES) {
          const funded = fundedPackages(run(input, mode));
          for (const g of input.settings.alternativeGroups ?? []) expect(g.packageIds.filter((id) => funded.has(id)).length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('funds every mandated package, first, when the mandates together fit', () => {
    fc.assert(
      fc.property(arbCycle, (input) => {
        const mandated = input.settings.mandatedPackageIds ?? [];
        for (const mode of MODES) {
          const r = run(input, mode);
          const mandatedCost = r.items.filter((i) => mandated.includes(i.packageId)).reduce((s, i) => s + i.costFen, 0);
          if (mandatedCost > r.totals.availableFen) continue;
          for (const item of r.items.filter((i) => mandated.includes(i.packageId))) {
            expect(item.funded).toBe(true);
            expect(item.explanation.funding).toBe('mandated');
            expect(item.explanation.mandated).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every decision unit's order in the funded set, in every mode (consolidation on)", () => {
    fc.assert(
      fc.property(arbCycle, (input) => {
        fc.pre(input.settings.consolidation !== undefined);
        for (const mode of MODES) {
          const r = run(input, mode);
          expect(unitOrderViolations(r, input.settings, new Set(r.items.filter((i) => i.funded).map((i) => i.id)))).toEqual([]);
          for (const item of r.items.filter((i) => i.explanation.funding === 'unitAboveUnfunded')) expect(item.funded).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the optimal mode is never worse than the greedy modes and equals brute force (with and without unit orders)', () => {
    fc.assert(
      fc.property(arbCycle, (input) => {
        const optimal = run(input, 'optimal');
        expect(optimal.optimizer?.proven).toBe(true);
        expect(optimal.optimizer?.gap).toBe(0);
        expect(optimal.totals.allocatedFen).toBeLessThanOrEqual(optimal.totals.availableFen);
        for (const mode of ['strict', 'skipAndContinue'] as const) {
          expect(optimal.allocationValue).toBeGreaterThanOrEqual(run(input, mode).allocationValue - 1e-9);
        }
        expect(optimal.allocationValue).toBeCloseTo(bruteForceValue(optimal, input), 6);
        // increments: a funded level always has its lower levels funded
        for (const item of optimal.items.filter((i) => i.funded && (i.explanation.increment?.ordinal ?? 0) > 0)) {
          const lower = optimal.items.find((x) => x.packageId === item.packageId && x.explanation.increment?.ordinal === item.explanation.increment!.ordinal - 1);
          expect(lower?.funded).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stopped early by its node limit, the optimizer states a bound no solution exceeds (unit chains in the bound included)', () => {
    fc.assert(
      fc.property(arbCycle, fc.integer({ min: 1, max: 40 }), (input, optimizerNodeLimit) => {
        const r = rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: 'optimal', optimizerNodeLimit } });
        const brute = bruteForceValue(r, input);
        expect(r.optimizer!.bound).toBeGreaterThanOrEqual(brute - 1e-6 * Math.max(1, brute));
        expect(r.allocationValue).toBeLessThanOrEqual(brute + 1e-6 * Math.max(1, brute));
        if (input.settings.consolidation !== undefined) expect(unitOrderViolations(r, input.settings, new Set(r.items.filter((i) => i.funded).map((i) => i.id)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('"needs +Y" is exact: Y more quota funds the item, Y − 1 fen does not', () => {
    fc.assert(
      fc.property(arbCycle, (input) => {
        for (const mode of ['strict', 'skipAndContinue'] as const) {
          const r = run(input, mode);
          for (const item of r.items.filter((i) => !i.funded)) {
            const below = item.explanation.belowLine!;
            expect(below).toBeDefined();
            if (below.extraQuotaFen === null) {
              expect(below.alternative).toBeDefined();
              continue;
            }
            expect(below.extraQuotaFen).toBeGreaterThan(0);
            const withY = run(input, mode, input.settings.quotaFen + below.extraQuotaFen);
            expect(withY.items.find((i) => i.id === item.id)!.funded).toBe(true);
            const withLess = run(input, mode, input.settings.quotaFen + below.extraQuotaFen - 1);
            expect(withLess.items.find((i) => i.id === item.id)!.funded).toBe(false);
            expect(withY.totals.availableFen - r.totals.availableFen).toBe(below.extraAvailableFen);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('quota for an available amount', () => {
  it('is the smallest quota whose available amount (quota − rounded reserve) reaches it', async () => {
    const { quotaForAvailable } = await import('./below-line');
    const { availableAfterReserve } = await import('./allocation');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e13 }), fc.integer({ min: 0, max: 5_000 }), (needed, bp) => {
        const q = quotaForAvailable(needed, bp)!;
        expect(availableAfterReserve(q, bp).availableFen).toBeGreaterThanOrEqual(needed);
        expect(availableAfterReserve(q - 1, bp).availableFen).toBeLessThan(needed);
      }),
      { numRuns: 2_000 },
    );
  });
});
