import { describe, expect, it } from 'vitest';
import { hierarchyCycle, packageUnit, validateConsolidation } from './consolidation';
import { RankingInputError } from './errors';
import type { ConsolidationSettings, RankingInput, RankingResult } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

// Transport (T) ranks t1 78, t2 68, t3 66, t4 52; environment (E) e1 72, e2 58; others o1 80, o2 60.
// Scoring order: o1 80, t1 78, e1 72, t2 68, t3 66, o2 60, e2 58, t4 52. Each costs 100; 600 available.
const unit = (id: string, unitId: string) => pkg(id, 100, { unitId, departmentShares: [{ departmentId: unitId, basisPoints: 10_000 }] });
const base: RankingInput = {
  settings: { quotaFen: 600, reserveBasisPoints: 0, criteria: ONE_CRITERION },
  packages: [unit('o1', 'O1'), unit('t1', 'T'), unit('e1', 'E'), unit('t2', 'T'), unit('t3', 'T'), unit('o2', 'O2'), unit('e2', 'E'), unit('t4', 'T')],
  scores: scoresOf({ o1: { r: 80 }, t1: { r: 78 }, e1: { r: 72 }, t2: { r: 68 }, t3: { r: 66 }, o2: { r: 60 }, e2: { r: 58 }, t4: { r: 52 } }),
};
const consolidated = (consolidation: ConsolidationSettings, extra: Partial<RankingInput['settings']> = {}): RankingResult =>
  rankAndAllocate({ ...base, settings: { ...base.settings, ...extra, consolidation } });
const ids = (r: RankingResult) => r.items.map((i) => i.id);
const item = (r: RankingResult, id: string) => r.items.find((i) => i.id === id)!;

describe('order-preserving consolidation', () => {
  it('changes nothing while units keep the scoring order, and is off unless set', () => {
    const off = rankAndAllocate(base);
    expect(ids(off)).toEqual(['o1', 't1', 'e1', 't2', 't3', 'o2', 'e2', 't4']);
    expect(off.items[0]!.explanation.consolidation).toBeUndefined();
    const on = consolidated({});
    expect(ids(on)).toEqual(ids(off));
    expect(on.items.map((i) => i.funded)).toEqual(off.items.map((i) => i.funded));
    expect(item(on, 't3').explanation.consolidation).toEqual({ unitId: 'T', unitRank: 3, unitSize: 4 });
    expect(item(on, 't3').explanation.consolidation?.heldBy).toBeUndefined();
  });

  it("holds a unit's package below the unit's higher-ranked one, and nothing else moves", () => {
    // transport puts t2 first: t1 (78) may rise only to just below t2 (68)
    const r = consolidated({ unitOrders: [{ unitId: 'T', packageIds: ['t2', 't1'] }] });
    expect(ids(r)).toEqual(['o1', 'e1', 't2', 't1', 't3', 'o2', 'e2', 't4']);
    expect(item(r, 't1').explanation.consolidation).toEqual({ unitId: 'T', unitRank: 2, unitSize: 4, heldBy: 't2' });
    expect(item(r, 't2').explanation.consolidation).toEqual({ unitId: 'T', unitRank: 1, unitSize: 4 });
    // unlisted t3, t4 follow in scoring order and are not held
    expect(item(r, 't3').explanation.consolidation).toEqual({ unitId: 'T', unitRank: 3, unitSize: 4 });
    // the line: 600 funds the first six of the consolidated order
    expect(r.items.filter((i) => i.funded).map((i) => i.id)).toEqual(['o1', 'e1', 't2', 't1', 't3', 'o2']);
  });

  it("a unit's k-th package moves up only to where its (k−1)-th is, through a chain", () => {
    // E ranks e2 (58) above e1 (72): e1 waits for e2, below o2 (60)
    const r = consolidated({ unitOrders: [{ unitId: 'E', packageIds: ['e2', 'e1'] }, { unitId: 'T', packageIds: ['t4', 't3', 't2', 't1'] }] });
    expect(ids(r)).toEqual(['o1', 'o2', 'e2', 'e1', 't4', 't3', 't2', 't1']);
    expect(item(r, 'e1').explanation.consolidation?.heldBy).toBe('e2');
    expect(item(r, 't1').explanation.consolidation?.heldBy).toBe('t2');
    expect(item(r, 't3').explanation.consolidation?.heldBy).toBe('t4');
    expect(item(r, 't4').explanation.consolidation?.heldBy).toBeUndefined();
    // 600 funds o1 … t3. t2 would have to outscore t3, its own unit's: no score to beat; t1 waits for t2, which is unfunded
    expect(r.items.filter((i) => !i.funded).map((i) => i.id)).toEqual(['t2', 't1']);
    expect(item(r, 't2').explanation.belowLine).toMatchObject({ extraQuotaFen: 100, beat: null });
    expect(item(r, 't2').explanation.belowLine?.unitAbove).toBeUndefined();
    expect(item(r, 't1').explanation.belowLine).toMatchObject({ extraQuotaFen: 200, beat: null, unitAbove: { itemId: 't2' } });
    // with 300: o2 and e2 may outscore t2 (another unit's); e1 waits for e2
    const tight = consolidated({ unitOrders: [{ unitId: 'E', packageIds: ['e2', 'e1'] }] }, { quotaFen: 300 });
    expect(tight.items.filter((i) => i.funded).map((i) => i.id)).toEqual(['o1', 't1', 't2']);
    expect(item(tight, 'o2').explanation.belowLine?.beat?.itemId).toBe('t2');
    expect(item(tight, 'e2').explanation.belowLine?.beat?.itemId).toBe('t2');
    expect(item(tight, 't3').explanation.belowLine?.beat).toBeNull();
    expect(item(tight, 'e1').explanation.belowLine).toMatchObject({ beat: null, unitAbove: { itemId: 'e2' } });
    // every mode ranks in the consolidated order; strict stops at the line there
    for (const allocationMode of ['strict', 'skipAndContinue', 'optimal'] as const) {
      expect(ids(consolidated({ unitOrders: [{ unitId: 'E', packageIds: ['e2', 'e1'] }] }, { allocationMode }))).toEqual(['o1', 't1', 't2', 't3', 'o2', 'e2', 'e1', 't4']);
    }
  });

  it("an override lifts a package above another of its unit, with its reason in both explanations", () => {
    const r = consolidated({
      unitOrders: [{ unitId: 'T', packageIds: ['t4', 't3', 't2', 't1'] }],
      overrides: [{ packageId: 't1', aboveId: 't3', reason: '  汛期前必须完工 ' }],
    });
    // T's order becomes t4, t1, t3, t2: t1 lifted to just above t3, nothing else in T moves
    expect(ids(r).filter((id) => id.startsWith('t'))).toEqual(['t4', 't1', 't3', 't2']);
    expect(item(r, 't1').explanation.consolidation).toEqual({
      unitId: 'T',
      unitRank: 2,
      unitSize: 4,
      heldBy: 't4',
      overrides: [{ otherPackageId: 't3', above: true, reason: '汛期前必须完工' }],
    });
    expect(item(r, 't3').explanation.consolidation?.overrides).toEqual([{ otherPackageId: 't1', above: false, reason: '汛期前必须完工' }]);
    // an override already satisfied by the unit's order moves nothing
    const kept = consolidated({ unitOrders: [{ unitId: 'T', packageIds: ['t4', 't3'] }], overrides: [{ packageId: 't4', aboveId: 't1', reason: 'keep' }] });
    expect(ids(kept).filter((id) => id.startsWith('t'))).toEqual(['t4', 't3', 't1', 't2']);
  });

  it('honours the unit order level by level when increments are ranked', () => {
    const lv = [
      { level: 'minimum' as const, costFen: 50 },
      { level: 'current' as const, costFen: 50 },
    ];
    const r = rankAndAllocate({
      settings: { quotaFen: 0, criteria: ONE_CRITERION, useIncrements: true, consolidation: { unitOrders: [{ unitId: 'T', packageIds: ['b', 'a'] }] } },
      packages: [pkg('a', 100, { unitId: 'T', levels: lv }), pkg('b', 100, { unitId: 'T', levels: lv }), pkg('x', 100, { unitId: 'X', levels: lv })],
      scores: scoresOf({ a: { r: 90 }, b: { r: 70 }, x: { r: 85 } }),
    });
    // scoring: a#min 90, x#min 85, a#cur 80, x#cur 75, b#min 70, b#cur 60 → a's levels each wait for b's
    expect(ids(r)).toEqual(['x#minimum', 'x#current', 'b#minimum', 'a#minimum', 'b#current', 'a#current']);
    expect(item(r, 'a#minimum').explanation.consolidation?.heldBy).toBe('b#minimum');
    expect(item(r, 'a#current').explanation.consolidation?.heldBy).toBe('b#current');
    expect(r.items.find((i) => i.id === 'x#current')!.explanation.increment?.precedenceAdjusted).toBe(false);
  });

  it('ranks a joint package by its lead unit; without one, by the department with the largest share', () => {
    expect(packageUnit({ unitId: 'lead', departmentShares: [{ departmentId: 'other', basisPoints: 9_000 }] })).toBe('lead');
    expect(packageUnit({ departmentShares: [{ departmentId: 'a', basisPoints: 3_000 }, { departmentId: 'b', basisPoints: 7_000 }] })).toBe('b');
    expect(packageUnit({ departmentShares: [{ departmentId: 'a', basisPoints: 5_000 }, { departmentId: 'b', basisPoints: 5_000 }] })).toBe('a');
    expect(packageUnit({ departmentShares: [] })).toBeNull();
  });

  it('names the tie-break "unitOrder" when the unit order separates two equal scores', () => {
    const r = rankAndAllocate({
      settings: { quotaFen: 0, criteria: ONE_CRITERION, consolidation: { unitOrders: [{ unitId: 'T', packageIds: ['b', 'a'] }] } },
      packages: [pkg('a', 10, { unitId: 'T' }), pkg('b', 20, { unitId: 'T' })],
      scores: scoresOf({ a: { r: 70 }, b: { r: 70 } }),
    });
    expect(ids(r)).toEqual(['b', 'a']);
    expect(r.items[0]!.explanation.tieBreak).toBe('unitOrder');
  });
});

describe("funding keeps each unit's order (every mode, the optimizer included)", () => {
  // T ranks t1 (90, 300) above t2 (80, 100); x (70, 100) is another unit's; 250 available
  const run = (allocationMode: 'strict' | 'skipAndContinue' | 'optimal', extra: Partial<RankingInput['settings']> = {}, on = true) =>
    rankAndAllocate({
      settings: { quotaFen: 250, reserveBasisPoints: 0, criteria: ONE_CRITERION, allocationMode, ...extra, ...(on ? { consolidation: {} } : {}) },
      packages: [pkg('t1', 300, { unitId: 'T' }), pkg('t2', 100, { unitId: 'T' }), pkg('t3', 100, { unitId: 'T' }), pkg('x', 100, { unitId: 'X' })],
      scores: scoresOf({ t1: { r: 90 }, t2: { r: 80 }, t3: { r: 75 }, x: { r: 70 } }),
    });
  const fundedIds = (r: RankingResult) => r.items.filter((i) => i.funded).map((i) => i.id);

  it('does not fund a package whose unit has an unfunded one above it, where skipping used to', () => {
    expect(fundedIds(run('skipAndContinue', {}, false))).toEqual(['t2', 't3']);
    expect(fundedIds(run('optimal', {}, false))).toEqual(['t2', 't3']);
    for (const mode of ['skipAndContinue', 'optimal'] as const) {
      const r = run(mode);
      expect(fundedIds(r)).toEqual(['x']);
      expect(item(r, 't2').explanation.funding).toBe('unitAboveUnfunded');
      expect(item(r, 't3').explanation.funding).toBe('unitAboveUnfunded');
    }
    expect(item(run('skipAndContinue'), 't2').explanation.belowLine).toMatchObject({ unitAbove: { itemId: 't1' }, beat: null, extraQuotaFen: 150 });
  });

  it('funds a mandated package whatever its place in its unit; the next one still waits for those above the mandate', () => {
    for (const mode of ['strict', 'skipAndContinue', 'optimal'] as const) {
      const r = run(mode, { mandatedPackageIds: ['t2'] });
      expect(item(r, 't2').explanation.funding).toBe('mandated');
      expect(item(r, 't3').funded).toBe(false);
      if (mode !== 'strict') expect(item(r, 't3').explanation.funding).toBe('unitAboveUnfunded');
      // its explanation names the package it waits for (t1), not the funded mandate directly above it (the optimum has no below-line reasons)
      if (mode !== 'optimal') expect(item(r, 't3').explanation.belowLine?.unitAbove, mode).toEqual({ itemId: 't1' });
    }
  });

  it('lets a package past one of its unit that a funded alternative excludes', () => {
    const groups = { alternativeGroups: [{ id: 'g', packageIds: ['t1', 'x'] }] };
    // the optimum funds x (100), which excludes t1, so t2 (100) no longer waits for it; t3 would not fit
    const optimal = run('optimal', groups);
    expect(fundedIds(optimal)).toEqual(['t2', 'x']);
    expect(item(optimal, 't1').explanation.funding).toBe('alternativeFunded');
    // skip-and-continue decides in one pass down the ranking: t2's turn comes before x excludes t1
    expect(fundedIds(run('skipAndContinue', groups))).toEqual(['x']);
  });
});

describe('bad consolidation input', () => {
  const unitOf = (id: string) => ({ a: 'T', b: 'T', c: 'T', e: 'E', n: null })[id] as string | null | undefined;

  it('refuses an override without a reason, naming reason', () => {
    const issuesOf = (reason: string) => {
      try {
        consolidated({ overrides: [{ packageId: 't1', aboveId: 't2', reason }] });
      } catch (error) {
        if (error instanceof RankingInputError) return error.issues;
        throw error;
      }
      return 'accepted';
    };
    expect(issuesOf('reviewed in meeting 3')).toBe('accepted');
    for (const reason of ['', '  ']) {
      expect(issuesOf(reason)).toEqual([{ path: 'settings.consolidation.overrides[0].reason', message: "is required: say why the unit's order is overridden" }]);
    }
  });

  it('refuses a cycle among a unit’s overrides and names it', () => {
    const issues = validateConsolidation(
      {
        overrides: [
          { packageId: 'a', aboveId: 'b', reason: 'r' },
          { packageId: 'b', aboveId: 'c', reason: 'r' },
          { packageId: 'c', aboveId: 'a', reason: 'r' },
        ],
      },
      unitOf,
      'consolidation',
      { pkg: (id) => `DP-${id}`, unit: (id) => id.toLowerCase() },
    );
    expect(issues).toEqual([{ path: 'consolidation.overrides[2]', message: 'makes a cycle in the order of unit t: DP-c above DP-a above DP-b above DP-c', cycle: ['c', 'a', 'b', 'c'] }]);
    expect(validateConsolidation({ overrides: [{ packageId: 'a', aboveId: 'b', reason: 'r' }, { packageId: 'b', aboveId: 'a', reason: 'r' }] }, unitOf)).toEqual([
      { path: 'consolidation.overrides[1]', message: 'contradicts overrides[0], which ranks a above b', cycle: ['b', 'a', 'b'] },
    ]);
  });

  it('refuses a cycle in the unit hierarchy and names it', () => {
    const units = [
      { id: 'bureau', parentId: 'division' },
      { id: 'division', parentId: 'bureau' },
      { id: 'top', parentId: null },
    ];
    expect(hierarchyCycle(units)).toEqual(['bureau', 'division', 'bureau']);
    expect(hierarchyCycle([{ id: 'top', parentId: null }, { id: 'div', parentId: 'top' }, { id: 'orphan', parentId: 'gone' }])).toBeNull();
    expect(() => consolidated({ units })).toThrow('settings.consolidation.units: the decision-unit hierarchy has a cycle: bureau → division → bureau');
  });

  it('refuses overrides across units, of oneself or unknown packages, and unit orders listing others’ packages', () => {
    expect(validateConsolidation({ overrides: [{ packageId: 'a', aboveId: 'e', reason: 'r' }] }, unitOf)).toEqual([
      { path: 'consolidation.overrides[0].aboveId', message: 'packages a (unit T) and e (unit E) are in different units: an override reorders the packages of one unit' },
    ]);
    expect(validateConsolidation({ overrides: [{ packageId: 'a', aboveId: 'a', reason: 'r' }] }, unitOf)[0]!.path).toBe('consolidation.overrides[0].aboveId');
    expect(validateConsolidation({ overrides: [{ packageId: 'zz', aboveId: 'a', reason: 'r' }] }, unitOf)[0]!.path).toBe('consolidation.overrides[0].packageId');
    expect(validateConsolidation({ unitOrders: [{ unitId: 'T', packageIds: ['a', 'e', 'a', 'zz'] }] }, unitOf)).toEqual([
      { path: 'consolidation.unitOrders[0].packageIds[1]', message: 'package e is not a package of unit T' },
      { path: 'consolidation.unitOrders[0].packageIds[2]', message: 'package a is listed twice' },
      { path: 'consolidation.unitOrders[0].packageIds[3]', message: 'unknown package "zz"' },
    ]);
  });
});
