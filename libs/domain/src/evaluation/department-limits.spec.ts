import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByShares } from './department-split';
import { RankingInputError } from './errors';
import type { AllocationMode, DepartmentLimit, RankingInput, RankingResult } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { generatedCycle, generatedPackageFields, ONE_CRITERION, pkg, scoresOf, unitOrderViolations } from './spec-helpers';

const MODES: AllocationMode[] = ['strict', 'skipAndContinue', 'optimal'];
const dept = (departmentId: string) => [{ departmentId, basisPoints: 10_000 }];

/** Four packages: A1 90 pts, A2 80, B1 40, B2 30; departments A and B; quota 1000, no reserve. */
function cycle(limits: DepartmentLimit[], mode: AllocationMode, quotaFen = 1_000): RankingResult {
  return rankAndAllocate({
    settings: { quotaFen, reserveBasisPoints: 0, criteria: ONE_CRITERION, allocationMode: mode, departmentLimits: limits },
    packages: [
      pkg('A1', 400, { departmentShares: dept('A') }),
      pkg('A2', 400, { departmentShares: dept('A') }),
      pkg('B1', 300, { departmentShares: dept('B') }),
      pkg('B2', 200, { departmentShares: dept('B') }),
    ],
    scores: scoresOf({ A1: { r: 90 }, A2: { r: 80 }, B1: { r: 40 }, B2: { r: 30 } }),
  });
}
const funded = (r: RankingResult) => r.items.filter((i) => i.funded).map((i) => i.packageId);
const item = (r: RankingResult, id: string) => r.items.find((i) => i.packageId === id)!;

describe('department floors and caps', () => {
  it('without limits the ranking alone decides (A1, A2 and B2 in skip mode)', () => {
    expect(funded(cycle([], 'strict'))).toEqual(['A1', 'A2']);
    expect(funded(cycle([], 'skipAndContinue'))).toEqual(['A1', 'A2', 'B2']);
    expect(cycle([], 'strict').departmentLimits).toBeUndefined();
  });

  it('a cap leaves out what would exceed it, in every mode, and the line goes on below', () => {
    for (const mode of MODES) {
      const r = cycle([{ departmentId: 'A', capFen: 500 }], mode);
      expect(funded(r)).toEqual(['A1', 'B1', 'B2']);
      expect(item(r, 'A2').explanation.funding).toBe('departmentCap');
      expect(r.departmentLimits).toEqual([
        { departmentId: 'A', floorFen: null, capFen: 500, requestedFen: 800, fundedFen: 400, floorMet: null, floorShortfallFen: 0, floorIssue: null, capBinding: true },
      ]);
      if (mode !== 'optimal') {
        // money alone does not fund it: the cap is named instead of "needs +¥Y"
        expect(item(r, 'A2').explanation.belowLine).toMatchObject({ departmentCap: { departmentId: 'A', capFen: 500 }, extraAvailableFen: null, extraQuotaFen: null });
      }
    }
  });

  it('a floor funds the department\'s best packages first (floor pass), in every mode', () => {
    for (const mode of MODES) {
      const r = cycle([{ departmentId: 'B', floorFen: 300 }], mode);
      expect(funded(r)).toContain('B1');
      expect(item(r, 'B1').funded).toBe(true);
      expect(r.departmentLimits![0]).toMatchObject({ departmentId: 'B', floorFen: 300, fundedFen: expect.any(Number), floorMet: true, floorIssue: null });
      expect(r.departmentLimits![0]!.fundedFen).toBeGreaterThanOrEqual(300);
      expect(r.totals.allocatedFen).toBeLessThanOrEqual(1_000);
    }
    const strict = cycle([{ departmentId: 'B', floorFen: 300 }], 'strict');
    expect(item(strict, 'B1').explanation.funding).toBe('departmentFloor');
    // A1 fits after the floor; A2 no longer does and is the line
    expect(funded(strict)).toEqual(['A1', 'B1']);
    expect(strict.cutoff.firstUnfundedItemId).toBe('A2');
    // the optimum meeting the floor: A1 + B1 + B2 (value 360 + 120 + 60) beats A2 + B1 + B2 and A1 + B1 alone
    expect(funded(cycle([{ departmentId: 'B', floorFen: 300 }], 'optimal'))).toEqual(['A1', 'B1', 'B2']);
  });

  it('explains a floor that cannot be met', () => {
    const tooHigh = cycle([{ departmentId: 'B', floorFen: 600 }], 'strict');
    expect(tooHigh.departmentLimits![0]).toMatchObject({ floorMet: false, floorIssue: 'requestedBelowFloor', fundedFen: 500, floorShortfallFen: 100 });
    const both = cycle([{ departmentId: 'A', floorFen: 800 }, { departmentId: 'B', floorFen: 500 }], 'skipAndContinue');
    expect(both.departmentLimits!.map((d) => d.floorIssue)).toEqual([null, 'floorsExceedAvailable']);
    const optimal = cycle([{ departmentId: 'A', floorFen: 800 }, { departmentId: 'B', floorFen: 500 }], 'optimal');
    expect(optimal.optimizer?.floorsRelaxed).toBe(true);
    expect(optimal.totals.allocatedFen).toBeLessThanOrEqual(1_000);
  });

  it('a split package counts for each department by its share', () => {
    const r = rankAndAllocate({
      settings: { quotaFen: 1_000, reserveBasisPoints: 0, criteria: ONE_CRITERION, allocationMode: 'skipAndContinue', departmentLimits: [{ departmentId: 'B', capFen: 150 }] },
      packages: [
        pkg('AB', 300, { departmentShares: [{ departmentId: 'A', basisPoints: 5_000 }, { departmentId: 'B', basisPoints: 5_000 }] }),
        pkg('B1', 100, { departmentShares: dept('B') }),
      ],
      scores: scoresOf({ AB: { r: 90 }, B1: { r: 80 } }),
    });
    expect(funded(r)).toEqual(['AB']);
    expect(r.departmentLimits![0]).toMatchObject({ fundedFen: 150, capBinding: true });
  });

  it('refuses a floor above the cap, a department twice, negative money, naming the field', () => {
    const bad = (limits: DepartmentLimit[]) => {
      try {
        cycle(limits, 'strict');
      } catch (e) {
        return (e as RankingInputError).issues.map((i) => i.path);
      }
      return [];
    };
    expect(bad([{ departmentId: 'A', floorFen: 600, capFen: 500 }])).toEqual(['settings.departmentLimits[0].floorFen']);
    expect(bad([{ departmentId: 'A', capFen: 5 }, { departmentId: 'A', capFen: 6 }])).toEqual(['settings.departmentLimits[1].departmentId']);
    expect(bad([{ departmentId: 'A', capFen: -1 }])).toEqual(['settings.departmentLimits[0].capFen']);
    expect(bad([{ departmentId: 'A' }])).toEqual(['settings.departmentLimits[0]']);
  });
});

// ---- properties on small random cycles with split packages, increments and alternatives

const SHARES = [dept('a'), dept('b'), dept('c'), [{ departmentId: 'a', basisPoints: 6_000 }, { departmentId: 'b', basisPoints: 4_000 }]];
const arbLimit = fc.record({ floor: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }), cap: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }) });

const arbLimited = fc
  .record({
    packages: fc.array(
      fc.record({
        ...generatedPackageFields,
        shares: fc.integer({ min: 0, max: 3 }),
        alt: fc.integer({ min: 0, max: 4 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    limits: fc.tuple(arbLimit, arbLimit, arbLimit),
    quotaFen: fc.integer({ min: 0, max: 500 }),
    useIncrements: fc.boolean(),
    consolidate: fc.boolean(),
  })
  .map(({ packages, limits, quotaFen, useIncrements, consolidate }): RankingInput => {
    const departmentLimits = (['a', 'b', 'c'] as const)
      .map((departmentId, k) => {
        const l = limits[k]!;
        const cap = l.cap === null ? null : Math.max(l.cap, l.floor ?? 0);
        return { departmentId, floorFen: l.floor, capFen: cap };
      })
      .filter((l) => l.floorFen !== null || l.capFen !== null);
    return generatedCycle(packages, {
      quotaFen,
      useIncrements,
      consolidate,
      alternativeOf: (p) => (p.alt === 1 ? 1 : null),
      sharesOf: (p) => SHARES[p.shares]!,
      settings: { departmentLimits },
    });
  });

const run = (input: RankingInput, mode: AllocationMode) => rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: mode } });

/** The best value over every subset of items meeting money, precedence (levels; units with consolidation on), alternatives, caps and floors; -Infinity when none. */
function bruteForce(result: RankingResult, input: RankingInput): number {
  const items = result.items;
  const shares = new Map(input.packages.map((p) => [p.id, p.departmentShares]));
  const altOf = new Map<string, string>();
  for (const g of input.settings.alternativeGroups ?? []) for (const id of g.packageIds) altOf.set(id, g.id);
  const limits = input.settings.departmentLimits ?? [];
  let best = -Infinity;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    const chosen = items.filter((_, k) => (mask >> k) & 1);
    const cost = chosen.reduce((s, i) => s + i.costFen, 0);
    if (cost > result.totals.availableFen) continue;
    const ids = new Set(chosen.map((i) => i.id));
    if (chosen.some((i) => (i.explanation.increment?.ordinal ?? 0) > 0 && !items.some((x) => x.packageId === i.packageId && x.explanation.increment?.ordinal === i.explanation.increment!.ordinal - 1 && ids.has(x.id)))) continue;
    const altChosen = new Map<string, string>();
    let ok = true;
    const perPackage = new Map<string, number>();
    for (const i of chosen) {
      const g = altOf.get(i.packageId);
      if (g !== undefined) {
        if (altChosen.has(g) && altChosen.get(g) !== i.packageId) ok = false;
        altChosen.set(g, i.packageId);
      }
      perPackage.set(i.packageId, (perPackage.get(i.packageId) ?? 0) + i.costFen);
    }
    const perDept = new Map<string, number>();
    for (const [id, total] of perPackage) {
      const s = shares.get(id)!;
      splitByShares(total, s).forEach((fen, k) => perDept.set(s[k]!.departmentId, (perDept.get(s[k]!.departmentId) ?? 0) + fen));
    }
    for (const l of limits) {
      const got = perDept.get(l.departmentId) ?? 0;
      if (l.capFen != null && got > l.capFen) ok = false;
      if (l.floorFen != null && got < l.floorFen) ok = false;
    }
    if (ok && input.settings.consolidation !== undefined) ok = unitOrderViolations(result, input.settings, ids).length === 0;
    if (ok) best = Math.max(best, chosen.reduce((s, i) => s + (i.score * i.costFen) / 100, 0));
  }
  return best;
}

describe('department limits (properties)', () => {
  it('stopped early by its node limit, the optimizer states a bound no allocation meeting the floors and caps exceeds', () => {
    fc.assert(
      fc.property(arbLimited, fc.integer({ min: 1, max: 40 }), (input, optimizerNodeLimit) => {
        const r = rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: 'optimal', optimizerNodeLimit } });
        const brute = bruteForce(r, input);
        // floors relaxed: the search found no allocation meeting them and optimized another problem
        if (brute === -Infinity || r.optimizer!.floorsRelaxed === true) return;
        expect(r.optimizer!.bound).toBeGreaterThanOrEqual(brute - 1e-6 * Math.max(1, brute));
        expect(r.allocationValue).toBeLessThanOrEqual(brute + 1e-6 * Math.max(1, brute));
      }),
      { numRuns: 2000 },
    );
  });

  it("no mode takes a department over its cap; a floor reported met is met; with consolidation every unit's order is kept", () => {
    fc.assert(
      fc.property(arbLimited, (input) => {
        for (const mode of MODES) {
          const r = run(input, mode);
          expect(r.totals.allocatedFen).toBeLessThanOrEqual(r.totals.availableFen);
          for (const l of input.settings.departmentLimits ?? []) {
            const got = r.perDepartment.find((d) => d.departmentId === l.departmentId)?.fundedFen ?? 0;
            if (l.capFen != null) expect(got).toBeLessThanOrEqual(l.capFen);
            const out = r.departmentLimits!.find((d) => d.departmentId === l.departmentId)!;
            expect(out.fundedFen).toBe(got);
            if (l.floorFen != null) expect(out.floorMet).toBe(got >= l.floorFen);
          }
          if (input.settings.consolidation !== undefined) expect(unitOrderViolations(r, input.settings, new Set(r.items.filter((i) => i.funded).map((i) => i.id)))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the optimal mode equals brute force under floors and caps, meets every floor when any allocation can, and is never worse than a greedy mode that meets them', () => {
    fc.assert(
      fc.property(arbLimited, (input) => {
        const optimal = run(input, 'optimal');
        expect(optimal.optimizer?.proven).toBe(true);
        const brute = bruteForce(optimal, input);
        if (brute === -Infinity) {
          expect(optimal.optimizer?.floorsRelaxed).toBe(true);
          return;
        }
        expect(optimal.optimizer?.floorsRelaxed).toBeUndefined();
        expect(optimal.departmentLimits!.every((d) => d.floorMet !== false)).toBe(true);
        expect(optimal.allocationValue).toBeCloseTo(brute, 6);
        for (const mode of ['strict', 'skipAndContinue'] as const) {
          const greedy = run(input, mode);
          if (greedy.departmentLimits!.every((d) => d.floorMet !== false)) expect(optimal.allocationValue).toBeGreaterThanOrEqual(greedy.allocationValue - 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });
});
