import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA } from './criteria';
import type { RankingInput, RawScore } from './model';
import { blendPublicBenefit, surveyWeight } from './public-input';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

const settings = { quotaFen: 0, criteria: ONE_CRITERION };

describe('normalization: none', () => {
  // Two reviewers, default criteria. Means per criterion:
  // strategic (80+90)/2 = 85, feasibility 75, goal 80, cost-effectiveness 70, public benefit 80
  // composite = (25·85 + 20·75 + 20·80 + 20·70 + 15·80) / 100 = 7825 / 100 = 78.25
  const r1 = { strategic: 80, feasibility: 70, goal: 90, costEffectiveness: 60, publicBenefit: 85 };
  const r2 = { strategic: 90, feasibility: 80, goal: 70, costEffectiveness: 80, publicBenefit: 75 };
  const scores: RawScore[] = [
    ...Object.entries(r1).map(([criterionKey, score]) => ({ reviewerId: 'r1', packageId: 'X', criterionKey, score })),
    ...Object.entries(r2).map(([criterionKey, score]) => ({ reviewerId: 'r2', packageId: 'X', criterionKey, score })),
  ];

  it('is the weighted mean over criteria of the mean over reviewers', () => {
    const result = rankAndAllocate({ settings: { quotaFen: 0 }, packages: [pkg('X', 100)], scores });
    const item = result.items[0]!;
    expect(item.score).toBe(78.25);
    expect(item.tier).toBe('medium');
    expect(item.explanation.parts.map((p) => [p.key, p.value, p.contribution])).toEqual([
      ['strategic', 85, 21.25],
      ['feasibility', 75, 15],
      ['goal', 80, 16],
      ['costEffectiveness', 70, 14],
      ['publicBenefit', 80, 12],
    ]);
  });

  it('blends survey support into public benefit, weighted by responses with a cap', () => {
    // α = 0.5 · 100 / (100 + 100) = 0.25; public benefit = 0.75 · 80 + 0.25 · 90 = 82.5
    // composite = 78.25 + 15 · (82.5 − 80) / 100 = 78.625
    const result = rankAndAllocate({
      settings: { quotaFen: 0 },
      packages: [pkg('X', 100)],
      scores,
      publicInput: [{ packageId: 'X', supportBasisPoints: 9_000, responses: 100 }],
    });
    const item = result.items[0]!;
    expect(item.score).toBe(78.625);
    expect(item.explanation.parts[4]).toMatchObject({
      key: 'publicBenefit',
      value: 82.5,
      publicInput: { reviewerMean: 80, supportPercent: 90, responses: 100, surveyWeight: 0.25 },
    });
    expect(surveyWeight(0)).toBe(0);
    expect(surveyWeight(10)).toBeCloseTo(0.04545, 5);
    expect(surveyWeight(1_000_000)).toBeLessThan(0.5);
    expect(blendPublicBenefit(null, { supportBasisPoints: 7_000, responses: 3 })).toEqual({ value: 70, surveyWeight: 1 });
    expect(blendPublicBenefit(60, { supportBasisPoints: 7_000, responses: 0 })).toEqual({ value: 60, surveyWeight: 0 });
  });

  it('leaves out criteria nobody scored and rescales the weights', () => {
    const partial = scores.filter((s) => s.criterionKey === 'strategic' || s.criterionKey === 'goal');
    const item = rankAndAllocate({ settings: { quotaFen: 0 }, packages: [pkg('X', 100), pkg('Y', 100)], scores: partial }).items;
    // (25·85 + 20·80) / 45 = 82.7778
    expect(item[0]!.score).toBe(82.7778);
    expect(item[0]!.explanation.missingCriteria).toEqual(['feasibility', 'costEffectiveness', 'publicBenefit']);
    expect(item[1]).toMatchObject({ id: 'Y', score: 0, tier: 'low' });
    expect(item[1]!.explanation.unscored).toBe(true);
  });
});

describe('normalization: zscore', () => {
  // r1 is lenient and narrow: 90 90 70 70 (mean 80, sd 10) → z = +1 +1 −1 −1
  // r2 is harsh and wide:      10 70 70 10 (mean 40, sd 30) → z = −1 +1 +1 −1
  // pooled: mean 60; deviations 30 30 10 10 −50 10 10 −50 → variance 7200/8 = 900, sd 30
  // normalized s' = 60 + 30·z:  r1 → 90 90 30 30,  r2 → 30 90 90 30
  // means: A 60, B 90, C 60, D 30   (raw means: A 50, B 80, C 70, D 40)
  const input: RankingInput = {
    settings: { ...settings, normalization: 'zscore' },
    packages: [pkg('A', 100), pkg('B', 100), pkg('C', 200), pkg('D', 100)],
    scores: scoresOf({ A: { r1: 90, r2: 10 }, B: { r1: 90, r2: 70 }, C: { r1: 70, r2: 70 }, D: { r1: 70, r2: 10 } }),
  };

  it('standardizes per reviewer and maps back onto the pooled mean and sd', () => {
    const result = rankAndAllocate(input);
    expect(result.items.map((i) => [i.id, i.score, i.tier])).toEqual([
      ['B', 90, 'high'],
      ['A', 60, 'medium'],
      ['C', 60, 'medium'],
      ['D', 30, 'low'],
    ]);
    // A and C tie at 60: A is cheaper
    expect(result.items[1]!.explanation.tieBreak).toBe('lowerCost');
    expect(result.items[1]!.explanation.tieBreakAgainst).toBe('C');
    expect(result.items[2]!.explanation.tieBreak).toBe('lowerCost');
    expect(result.items[2]!.explanation.tieBreakAgainst).toBe('A');
  });

  it('differs from the raw means, which put C above A', () => {
    const raw = rankAndAllocate({ ...input, settings: { ...settings, normalization: 'none' } });
    expect(raw.items.map((i) => [i.id, i.score])).toEqual([
      ['B', 80],
      ['C', 70],
      ['A', 50],
      ['D', 40],
    ]);
  });

  it('maps a reviewer who gave everything the same score to the pooled mean, and clamps to 0–100', () => {
    const flat = rankAndAllocate({
      settings: { ...settings, normalization: 'zscore' },
      packages: [pkg('A', 1), pkg('B', 1)],
      // r1 flat at 50; r2: 100, 0 → pooled mean 50, pooled sd √(2500·2/4) = 35.36
      scores: scoresOf({ A: { r1: 50, r2: 100 }, B: { r1: 50, r2: 0 } }),
    });
    // r2's z = ±1 → 50 ± 35.36; r1 → 50. A = (50 + 85.36)/2 = 67.68, B = (50 + 14.64)/2 = 32.32
    expect(flat.items.map((i) => [i.id, i.score])).toEqual([
      ['A', 67.6777],
      ['B', 32.3223],
    ]);
    const wide = rankAndAllocate({
      settings: { ...settings, normalization: 'zscore' },
      packages: [pkg('A', 1), pkg('B', 1), pkg('C', 1), pkg('D', 1)],
      // pooled mean 37.5, sd √2343.75 = 48.41. r2 has one outlier: 100 among 0s (mean 25, sd 43.30,
      // z = 1.732) → 37.5 + 48.41·1.732 = 121.4 → clamped to 100; r1 gives A 0 (z = −1) → −10.9 → 0
      scores: scoresOf({ A: { r1: 0, r2: 100 }, B: { r1: 100, r2: 0 }, C: { r1: 100, r2: 0 }, D: { r1: 0, r2: 0 } }),
    });
    expect(wide.items[0]).toMatchObject({ id: 'A', score: 50 });
    for (const item of wide.items) expect(item.score).toBeLessThanOrEqual(100);
  });
});

describe('normalization: trimmed', () => {
  // P1: 10 70 80 100 → drop 10 and 100 → 75 (raw mean 65)
  // P2: 50 60 100    → drop 50 and 100 → 60 (raw mean 70)
  // P3: 60 90        → fewer than 3, untouched → 75
  const input: RankingInput = {
    settings: { ...settings, normalization: 'trimmed' },
    packages: [
      pkg('P1', 100, { submittedAt: '2025-03-01T09:00:00+08:00' }),
      pkg('P2', 100, { submittedAt: '2025-03-01T09:00:00+08:00' }),
      pkg('P3', 100, { submittedAt: '2025-03-02T09:00:00+08:00' }),
    ],
    scores: scoresOf({
      P1: { r1: 10, r2: 70, r3: 80, r4: 100 },
      P2: { r1: 50, r2: 60, r3: 100 },
      P3: { r1: 60, r2: 90 },
    }),
  };

  it('drops the highest and lowest score when there are three or more', () => {
    const result = rankAndAllocate(input);
    expect(result.items.map((i) => [i.id, i.score])).toEqual([
      ['P1', 75],
      ['P3', 75],
      ['P2', 60],
    ]);
    expect(result.items[0]!.explanation.tieBreak).toBe('earlierSubmission');
    expect(result.items[0]!.explanation.parts[0]).toMatchObject({ value: 75, reviewers: 4, trimmed: true });
    expect(result.items[1]!.explanation.parts[0]).toMatchObject({ value: 75, reviewers: 2, trimmed: false });
    const raw = rankAndAllocate({ ...input, settings: { ...settings, normalization: 'none' } });
    expect(raw.items.map((i) => [i.id, i.score])).toEqual([
      ['P3', 75],
      ['P2', 70],
      ['P1', 65],
    ]);
  });

  it('drops only one of several equal extremes', () => {
    const r = rankAndAllocate({ ...input, packages: [pkg('P1', 1)], scores: scoresOf({ P1: { a: 70, b: 70, c: 70, d: 40 } }) });
    expect(r.items[0]!.score).toBe(70); // drop 40 and one 70 → (70 + 70) / 2
  });
});

describe('scores input checks', () => {
  const base: RankingInput = { settings, packages: [pkg('A', 1)] };
  it('rejects unknown ids, out-of-range scores and duplicates with a field path', () => {
    expect(() => rankAndAllocate({ ...base, scores: scoresOf({ Z: { r1: 50 } }) })).toThrow(/scores\[0\]\.packageId: unknown package "Z"/);
    expect(() => rankAndAllocate({ ...base, scores: scoresOf({ A: { r1: 101 } }) })).toThrow(/scores\[0\]\.score/);
    expect(() => rankAndAllocate({ ...base, scores: scoresOf({ A: { r1: 50 } }, 'nope') })).toThrow(/unknown criterion "nope"/);
    const dup = [...scoresOf({ A: { r1: 50 } }), ...scoresOf({ A: { r1: 60 } })];
    expect(() => rankAndAllocate({ ...base, scores: dup })).toThrow(/scored "A" on "q" twice/);
  });

  it('ignores the scores of a reviewer on packages of their own department', () => {
    const result = rankAndAllocate({
      settings,
      packages: [pkg('A', 1, { departmentShares: [{ departmentId: 'power', basisPoints: 5_000 }, { departmentId: 'telecom', basisPoints: 5_000 }] })],
      reviewers: [
        { id: 'r1', departmentIds: ['telecom'] },
        { id: 'r2', departmentIds: ['housing'] },
      ],
      scores: scoresOf({ A: { r1: 100, r2: 60 } }),
    });
    expect(result.items[0]!.score).toBe(60);
    expect(result.items[0]!.explanation.conflictedReviewers).toEqual(['r1']);
    expect(result.excludedForConflict).toBe(1);
  });

  it('uses the default criteria and the default weights when none are given', () => {
    expect(rankAndAllocate({ settings: { quotaFen: 0 }, packages: [pkg('A', 1)] }).items[0]!.explanation.parts.map((p) => p.key)).toEqual(
      DEFAULT_CRITERIA.map((c) => c.key),
    );
  });
});
