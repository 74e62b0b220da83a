import { describe, expect, it } from 'vitest';
import type { RawScore } from './model';
import { averageRanks, biasCorrectedScores, calibratePanel, intraclassCorrelations, kendallW, reviewerBiases, spearman } from './panel-calibration';

describe("Kendall's W", () => {
  it('is 1 for identical orderings and 0 for two opposite ones', () => {
    expect(kendallW([[1, 2, 3, 4], [10, 20, 30, 40], [5, 6, 7, 8]])).toBeCloseTo(1, 12);
    expect(kendallW([[1, 2, 3], [3, 2, 1]])).toBeCloseTo(0, 12);
  });

  it('matches the hand computation: ranks (1,2,3), (1,3,2), (2,1,3) → S = 8, W = 12·8 / (9·24) = 0.4444', () => {
    expect(kendallW([[1, 2, 3], [1, 3, 2], [2, 1, 3]])).toBeCloseTo(96 / 216, 12);
  });

  it('corrects for ties: (1,1,2) and (1,2,3) → ranks (1.5,1.5,3) + (1,2,3), S = 6.5, ΣT = 6, W = 78 / 84', () => {
    expect(averageRanks([1, 1, 2])).toEqual({ ranks: [1.5, 1.5, 3], tieSum: 6 });
    expect(kendallW([[1, 1, 2], [1, 2, 3]])).toBeCloseTo(78 / 84, 12);
  });

  it('is null with fewer than two raters or items', () => {
    expect(kendallW([[1, 2, 3]])).toBeNull();
    expect(kendallW([[1], [2]])).toBeNull();
  });
});

describe('intraclass correlation', () => {
  it('reproduces Shrout & Fleiss (1979), table 2: ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71', () => {
    const table = [
      [9, 2, 5, 8],
      [6, 1, 3, 2],
      [8, 4, 6, 8],
      [7, 1, 2, 6],
      [10, 5, 6, 9],
      [6, 2, 4, 7],
    ];
    const icc = intraclassCorrelations(table);
    expect(icc.icc11).toBeCloseTo(0.17, 2);
    expect(icc.icc21).toBeCloseTo(0.29, 2);
    expect(icc.icc31).toBeCloseTo(0.71, 2);
  });

  it('is 1 when every judge gives the same scores', () => {
    expect(intraclassCorrelations([[1, 1], [5, 5], [9, 9]]).icc21).toBeCloseTo(1, 12);
  });
});

describe('Spearman', () => {
  it('is 1, −1, and the textbook 1 − 6Σd²/(n(n²−1)) without ties', () => {
    expect(spearman([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks (1,2,3,4,5) vs (2,1,4,3,5): Σd² = 4 → 1 − 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });
});

const s = (reviewerId: string, packageId: string, criterionKey: string, score: number): RawScore => ({ reviewerId, packageId, criterionKey, score });

describe('reviewer bias', () => {
  it('splits a constant difference between two reviewers: A = B + 10 → A +5, B −5; the correction makes them agree', () => {
    const scores = [s('A', 'p1', 'q', 70), s('B', 'p1', 'q', 60), s('A', 'p2', 'q', 50), s('B', 'p2', 'q', 40)];
    const bias = reviewerBiases(scores);
    expect(bias.get('A')).toBeCloseTo(5, 6);
    expect(bias.get('B')).toBeCloseTo(-5, 6);
    const corrected = biasCorrectedScores(scores, bias);
    expect(corrected.map((x) => x.score)).toEqual([65, 65, 45, 45]);
  });

  it('recovers the biases of an exactly additive panel with missing cells', () => {
    const truth = { A: 6, B: -2, C: -4 } as Record<string, number>;
    const cells = [
      ['p1', 'q', 50],
      ['p2', 'q', 70],
      ['p3', 'q', 30],
      ['p1', 'r', 60],
      ['p2', 'r', 40],
    ] as const;
    const scores: RawScore[] = [];
    cells.forEach(([p, c, mu], i) => {
      for (const r of ['A', 'B', 'C']) if (!(i === 1 && r === 'C') && !(i === 3 && r === 'A')) scores.push(s(r, p, c, mu + truth[r]!));
    });
    const bias = reviewerBiases(scores, 500);
    for (const r of ['A', 'B', 'C']) expect(bias.get(r)).toBeCloseTo(truth[r]!, 3);
  });
});

describe('panel calibration', () => {
  const criteria = [
    { key: 'q', weight: 60 },
    { key: 'r', weight: 40 },
  ];
  it('flags the lenient reviewer, the package with too few reviews and the divergent one', () => {
    const scores: RawScore[] = [];
    // p1–p4: A, B, C agree on the order; A scores 20 above the others
    const base: Record<string, number> = { p1: 80, p2: 60, p3: 40, p4: 20 };
    for (const [p, mu] of Object.entries(base)) {
      for (const key of ['q', 'r']) {
        scores.push(s('A', p, key, mu + 20), s('B', p, key, mu), s('C', p, key, mu + 1));
      }
    }
    // p5: only A; p6: two other reviewers far apart
    scores.push(s('A', 'p5', 'q', 50), s('A', 'p5', 'r', 50));
    scores.push(s('E', 'p6', 'q', 10), s('E', 'p6', 'r', 10), s('F', 'p6', 'q', 90), s('F', 'p6', 'r', 90));
    const panel = calibratePanel(scores, criteria, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    // A is 20 above B and 19 above C: +13 against the panel's mean, B −7, C −6
    expect(panel.reviewers.find((r) => r.reviewerId === 'A')).toMatchObject({ bias: 13, flags: ['lenient'] });
    expect(panel.reviewers.find((r) => r.reviewerId === 'B')!.bias).toBeCloseTo(-7, 6);
    expect(panel.reviewers.find((r) => r.reviewerId === 'B')!.flags).toEqual([]);
    expect(panel.packages.find((p) => p.packageId === 'p5')!.flags).toEqual(['tooFewReviews']);
    expect(panel.packages.find((p) => p.packageId === 'p6')!.flags).toEqual(['tooFewReviews', 'divergent']);
    expect(panel.packages.find((p) => p.packageId === 'p1')).toMatchObject({ reviewers: 3, flags: [] });
    // every reviewer orders p1–p4 alike: W = 1 over the four packages all three scored
    expect(panel.kendallW).toBeCloseTo(1, 12);
    expect(panel.kendallPackages).toBe(4);
    expect(panel.criteria.map((c) => c.criterionKey)).toEqual(['q', 'r']);
    expect(panel.criteria[0]!.icc).toBeGreaterThan(0.5);
  });
});

describe('the calibrated normalization', () => {
  it('takes each reviewer’s bias out before the means: a severe reviewer no longer sinks the package only they scored', async () => {
    const { rankAndAllocate } = await import('./rank-and-allocate');
    // A and B both score p3: A 20 above B, so A is +10 and B −10 against the panel
    const scores = [s('A', 'p1', 'q', 80), s('B', 'p2', 'q', 70), s('A', 'p3', 'q', 60), s('B', 'p3', 'q', 40)];
    const input = (normalization: 'none' | 'calibrated') =>
      rankAndAllocate({
        settings: { quotaFen: 0, criteria: [{ key: 'q', weight: 100 }], normalization },
        packages: ['p1', 'p2', 'p3'].map((id) => ({ id, costFen: 1, submittedAt: null, departmentShares: [{ departmentId: 'd', basisPoints: 10_000 }] })),
        scores,
      });
    expect(input('none').items.map((i) => [i.packageId, i.score])).toEqual([['p1', 80], ['p2', 70], ['p3', 50]]);
    expect(input('calibrated').items.map((i) => [i.packageId, i.score])).toEqual([['p2', 80], ['p1', 70], ['p3', 50]]);
    expect(input('calibrated').normalization).toBe('calibrated');
  });
});
