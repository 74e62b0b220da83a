import { describe, expect, it } from 'vitest';
import { enforceLevelPrecedence, incrementScoreKey } from './increments';
import type { RankingInput } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

const levels = (min: number, cur: number, enh: number) => [
  { level: 'minimum' as const, costFen: min },
  { level: 'current' as const, costFen: cur },
  { level: 'enhanced' as const, costFen: enh },
];

describe('increments', () => {
  it('scores each level as package score − ordinal × decay', () => {
    // X 90, Y 85, Z 70 (no levels: stays whole); decay 10
    const r = rankAndAllocate({
      settings: { quotaFen: 0, criteria: ONE_CRITERION, useIncrements: true },
      packages: [pkg('X', 0, { levels: levels(100, 50, 50) }), pkg('Y', 0, { levels: levels(100, 60, 40) }), pkg('Z', 70)],
      scores: scoresOf({ X: { r: 90 }, Y: { r: 85 }, Z: { r: 70 } }),
    });
    expect(r.items.map((i) => [i.id, i.score, i.tier])).toEqual([
      ['X#minimum', 90, 'high'],
      ['Y#minimum', 85, 'high'],
      ['X#current', 80, 'medium'],
      ['Y#current', 75, 'medium'],
      ['X#enhanced', 70, 'medium'],
      ['Z', 70, 'medium'],
      ['Y#enhanced', 65, 'medium'],
    ]);
    // X#enhanced and Z tie at 70: X#enhanced costs 50, Z 70
    expect(r.items[4]!.explanation.tieBreak).toBe('lowerCost');
    expect(r.items[0]!.explanation.increment).toEqual({ level: 'minimum', ordinal: 0, packageScore: 90, decay: 10, precedenceAdjusted: false });
    expect(r.perPackage[0]!.requestedFen).toBe(200);
    expect(incrementScoreKey(50_000, 2, 30)).toBe(0); // floored at 0
  });

  it('never ranks a level above a lower level of its own package, even when tie-breaks would', () => {
    // decay 0: X's three levels tie with Y at 80; lower cost first would give X#enhanced, X#current, Y, X#minimum
    const input: RankingInput = {
      settings: { quotaFen: 0, criteria: ONE_CRITERION, useIncrements: true, incrementDecay: 0 },
      packages: [pkg('X', 0, { levels: levels(300, 100, 50) }), pkg('Y', 200)],
      scores: scoresOf({ X: { r: 80 }, Y: { r: 80 } }),
    };
    const r = rankAndAllocate(input);
    expect(r.items.map((i) => [i.id, i.explanation.increment?.precedenceAdjusted ?? null, i.explanation.tieBreak])).toEqual([
      ['Y', null, 'lowerCost'],
      ['X#minimum', false, 'lowerCost'],
      ['X#current', true, 'levelPrecedence'],
      ['X#enhanced', true, 'levelPrecedence'],
    ]);
    expect(enforceLevelPrecedence(Int32Array.from([2, 1, 3, 0]), Int32Array.from([0, 1, 2, 0])).order).toEqual(Int32Array.from([3, 0, 1, 2]));
  });

  it('does not fund a level whose lower level is unfunded', () => {
    // X#minimum 300 does not fit in 250; X#current 100 would, but its minimum is unfunded
    const r = rankAndAllocate({
      settings: { quotaFen: 250, reserveBasisPoints: 0, criteria: ONE_CRITERION, useIncrements: true, allocationMode: 'skipAndContinue' },
      packages: [pkg('X', 0, { levels: levels(300, 100, 50) }), pkg('Y', 200)],
      scores: scoresOf({ X: { r: 90 }, Y: { r: 50 } }),
    });
    expect(r.items.map((i) => [i.id, i.funded, i.explanation.funding])).toEqual([
      ['X#minimum', false, 'doesNotFit'],
      ['X#current', false, 'lowerLevelUnfunded'],
      ['X#enhanced', false, 'lowerLevelUnfunded'],
      ['Y', true, 'withinQuota'],
    ]);
  });

  it('funds the minimum of many packages before the enhanced level of one, and reports partial packages', () => {
    const r = rankAndAllocate({
      settings: { quotaFen: 1_000, reserveBasisPoints: 0, criteria: ONE_CRITERION, useIncrements: true, incrementDecay: 20 },
      packages: [pkg('X', 0, { levels: levels(400, 300, 300) }), pkg('Y', 0, { levels: levels(300, 200, 200) })],
      scores: scoresOf({ X: { r: 90 }, Y: { r: 75 } }),
    });
    // X#min 90, Y#min 75, X#cur 70, Y#cur 55, X#enh 50, Y#enh 35 → 400 + 300 + 300 = 1000
    expect(r.items.filter((i) => i.funded).map((i) => i.id)).toEqual(['X#minimum', 'Y#minimum', 'X#current']);
    expect(r.perPackage.map((p) => [p.packageId, p.status, p.fundedLevels])).toEqual([
      ['X', 'partial', ['minimum', 'current']],
      ['Y', 'partial', ['minimum']],
    ]);
  });

  it('pins all levels of a pinned package', () => {
    const r = rankAndAllocate({
      settings: { quotaFen: 1_100, reserveBasisPoints: 0, criteria: ONE_CRITERION, useIncrements: true, pinnedPackageIds: ['Y'] },
      packages: [pkg('X', 0, { levels: levels(400, 300, 300) }), pkg('Y', 0, { levels: levels(300, 200, 200) })],
      scores: scoresOf({ X: { r: 90 }, Y: { r: 50 } }),
    });
    expect(r.items.filter((i) => i.funded).map((i) => i.id)).toEqual(['X#minimum', 'Y#minimum', 'Y#current', 'Y#enhanced']);
    // Y's 700 first, then X#minimum 400 fits in the 400 left; X#current does not
    expect(r.totals).toMatchObject({ allocatedFen: 1_100, remainderFen: 0 });
    expect(r.cutoff).toMatchObject({ rank: 1, firstUnfundedItemId: 'X#current' });
  });

  it('rejects duplicate levels', () => {
    expect(() =>
      rankAndAllocate({
        settings: { quotaFen: 0, useIncrements: true },
        packages: [pkg('X', 0, { levels: [{ level: 'minimum', costFen: 1 }, { level: 'minimum', costFen: 2 }] })],
      }),
    ).toThrow(/duplicate level "minimum"/);
  });
});
