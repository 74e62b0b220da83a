import { describe, expect, it } from 'vitest';
import { addWeightSensitivity, compareAllocationModes } from './allocation-modes';
import { quotaForAvailable } from './below-line';
import { RankingInputError } from './errors';
import type { RankingInput } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

// Quota 1 000 000 fen, no reserve. A 90 (600k), B 80 (500k), C 70 (300k), D 60 (100k).
const base: RankingInput = {
  settings: { quotaFen: 1_000_000, reserveBasisPoints: 0, criteria: ONE_CRITERION },
  packages: [pkg('A', 600_000), pkg('B', 500_000), pkg('C', 300_000), pkg('D', 100_000)],
  scores: scoresOf({ A: { r: 90 }, B: { r: 80 }, C: { r: 70 }, D: { r: 60 } }),
};
const withSettings = (s: Partial<RankingInput['settings']>): RankingInput => ({ ...base, settings: { ...base.settings, ...s } });
const funded = (r: ReturnType<typeof rankAndAllocate>) => r.items.filter((i) => i.funded).map((i) => i.id);

describe('alternatives and mandates', () => {
  it('funds at most one package of an alternatives group: the first in ranking order that fits', () => {
    const r = rankAndAllocate(withSettings({ alternativeGroups: [{ id: 'route', packageIds: ['A', 'C'] }], allocationMode: 'skipAndContinue' }));
    expect(funded(r)).toEqual(['A', 'D']);
    const c = r.items.find((i) => i.id === 'C')!;
    expect(c.explanation.funding).toBe('alternativeFunded');
    expect(c.explanation.alternativeGroup).toBe('route');
    expect(c.explanation.belowLine).toMatchObject({ extraQuotaFen: null, alternative: { itemId: 'A', funded: true } });
  });

  it('funds mandated packages first, before higher-ranked discretionary ones, and shows them as such', () => {
    const r = rankAndAllocate(withSettings({ mandatedPackageIds: ['D', 'C'] }));
    expect(funded(r)).toEqual(['A', 'C', 'D']);
    expect(r.items.find((i) => i.id === 'D')!.explanation).toMatchObject({ funding: 'mandated', mandated: true });
    expect(r.items.find((i) => i.id === 'B')!.explanation.funding).toBe('doesNotFit');
  });

  it('refuses an alternatives group containing a mandated package, naming it', () => {
    const bad = withSettings({ mandatedPackageIds: ['B'], alternativeGroups: [{ id: 'g', packageIds: ['A', 'B'] }] });
    expect(() => rankAndAllocate(bad)).toThrow(RankingInputError);
    expect(() => rankAndAllocate(bad)).toThrow(/settings\.alternativeGroups\[0\]\.packageIds\[1\]: package B is mandated/);
  });
});

describe('allocation modes side by side', () => {
  it('optimal spends the quota where strict stops at the line, and the differences are listed', () => {
    const cmp = compareAllocationModes(base);
    expect(cmp.modes.map((m) => [m.mode, m.fundedItemIds])).toEqual([
      ['strict', ['A']],
      ['skipAndContinue', ['A', 'C', 'D']],
      ['optimal', ['A', 'C', 'D']],
    ]);
    expect(cmp.modes[2]!.optimizer).toMatchObject({ proven: true, gap: 0, objective: 'scoreWeightedFen' });
    // 90 × 6000 + 70 × 3000 + 60 × 1000 (score × yuan)
    expect(cmp.modes[2]!.value).toBeCloseTo(540_000 + 210_000 + 60_000, 6);
    expect(cmp.differences).toEqual([
      { itemId: 'C', rank: 3, fundedIn: ['skipAndContinue', 'optimal'] },
      { itemId: 'D', rank: 4, fundedIn: ['skipAndContinue', 'optimal'] },
    ]);
  });

  it('optimal can leave out a higher-ranked package that skip-and-continue funds', () => {
    // skip: A (600k) then D (100k): 90 × 6000 + 60 × 1000 = 600 000; optimal: B + C = 400 000 + 210 000
    const input = withSettings({ quotaFen: 800_000, allocationMode: 'optimal' });
    const r = rankAndAllocate(input);
    expect(funded(r)).toEqual(['B', 'C']);
    expect(r.allocationValue).toBeCloseTo(610_000, 6);
    expect(r.items.find((i) => i.id === 'A')!.explanation.funding).toBe('notChosen');
    expect(r.allocationValue).toBeGreaterThan(rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: 'skipAndContinue' } }).allocationValue);
  });

  it('states the gap when the node limit stops the search', () => {
    const r = rankAndAllocate(withSettings({ allocationMode: 'optimal', optimizerNodeLimit: 1 }));
    expect(r.optimizer!.proven).toBe(false);
    expect(r.optimizer!.bound).toBeGreaterThanOrEqual(r.optimizer!.value);
  });
});

describe('below the line', () => {
  it('says how much more quota funds each package and which score it must beat', () => {
    const r = rankAndAllocate(base); // strict: A funded, B needs 100k more
    const b = r.items.find((i) => i.id === 'B')!.explanation.belowLine!;
    expect(b.extraAvailableFen).toBe(100_000);
    expect(b.extraQuotaFen).toBe(100_000);
    expect(b.beat).toEqual({ itemId: 'A', score: 90, byPoints: 10, fitsInItsPlace: true });
    // D is funded only with everything above it: 600k + 500k + 300k + 100k − 1 000k
    expect(r.items.find((i) => i.id === 'D')!.explanation.belowLine!.extraQuotaFen).toBe(500_000);
  });

  it('turns "more available" into "more quota" through the reserve, to the fen', () => {
    expect(quotaForAvailable(900_000, 1_000)).toBe(1_000_000);
    // 1 000 001 keeps a reserve of 100 000 (rounded), 1 000 000 leaves one fen short
    expect(quotaForAvailable(900_001, 1_000)).toBe(1_000_001);
    expect(quotaForAvailable(5, 10_000)).toBeNull();
  });

  it('finds the smallest weight change that funds a package', () => {
    const criteria = [
      { key: 'q', weight: 50 },
      { key: 'cost', weight: 50 },
    ];
    const input: RankingInput = {
      settings: { quotaFen: 500_000, reserveBasisPoints: 0, criteria },
      packages: [pkg('A', 500_000), pkg('B', 500_000)],
      scores: [...scoresOf({ A: { r: 80 }, B: { r: 60 } }), ...scoresOf({ A: { r: 40 }, B: { r: 70 } }, 'cost')],
    };
    // A = 60, B = 65 at 50/50; B is funded. At q 60 / cost 40 both score 64 and the id tie-break puts A first
    const r = rankAndAllocate(input);
    expect(funded(r)).toEqual(['B']);
    addWeightSensitivity(input, r);
    expect(r.items.find((i) => i.id === 'A')!.explanation.belowLine!.sensitivity).toEqual([
      { criterionKey: 'q', weight: 50, change: 10 },
      { criterionKey: 'cost', weight: 50, change: -10 },
    ]);
  });
});
