import { describe, expect, it } from 'vitest';
import { RankingInputError } from './errors';
import type { RankingInput } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

// Quota 1 000 000 fen, reserve 10 % → 900 000 available. A 90, B 80, C 70, D 60 cost 400k, 300k, 300k, 100k.
const input: RankingInput = {
  settings: { quotaFen: 1_000_000, criteria: ONE_CRITERION },
  packages: [pkg('A', 400_000), pkg('B', 300_000), pkg('C', 300_000), pkg('D', 100_000)],
  scores: scoresOf({ A: { r: 90 }, B: { r: 80 }, C: { r: 70 }, D: { r: 60 } }),
};
const funded = (r: ReturnType<typeof rankAndAllocate>) => r.items.filter((i) => i.funded).map((i) => i.id);

describe('override decisions', () => {
  it('a cut leaves the package unfunded in every mode, and its money flows down the ranking', () => {
    expect(funded(rankAndAllocate(input))).toEqual(['A', 'B']);
    for (const allocationMode of ['strict', 'skipAndContinue', 'optimal'] as const) {
      const r = rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode, overrides: [{ packageId: 'A', override: 'cut', reason: '重复建设' }] } });
      expect(funded(r)).toEqual(['B', 'C', 'D']);
      const a = r.items.find((i) => i.id === 'A')!;
      expect(a).toMatchObject({ rank: 1, funded: false, pinned: false, explanation: { funding: 'overrideCut', override: { override: 'cut', reason: '重复建设' } } });
      expect(a.explanation.belowLine).toBeUndefined();
      expect(r.totals.allocatedFen).toBe(700_000);
    }
  });

  it('a cut wins over a pin and a mandate; a fund override pins the package', () => {
    const cutPinned = rankAndAllocate({ ...input, settings: { ...input.settings, pinnedPackageIds: ['A'], mandatedPackageIds: ['A'], overrides: [{ packageId: 'A', override: 'cut' }] } });
    expect(funded(cutPinned)).toEqual(['B', 'C', 'D']);
    const fund = rankAndAllocate({ ...input, settings: { ...input.settings, overrides: [{ packageId: 'D', override: 'fund', reason: '民生急需' }] } });
    expect(fund.items.find((i) => i.id === 'D')).toMatchObject({ funded: true, pinned: true, explanation: { funding: 'pinned', override: { override: 'fund', reason: '民生急需' } } });
    expect(funded(fund)).toEqual(['A', 'B', 'D']);
  });

  it('refuses overrides of unknown packages and two overrides of one package', () => {
    expect(() => rankAndAllocate({ ...input, settings: { ...input.settings, overrides: [{ packageId: 'X', override: 'cut' }] } })).toThrow(RankingInputError);
    expect(() => rankAndAllocate({ ...input, settings: { ...input.settings, overrides: [{ packageId: 'A', override: 'cut' }, { packageId: 'A', override: 'fund' }] } })).toThrow(/two overrides/);
  });
});
