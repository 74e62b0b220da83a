import { describe, expect, it } from 'vitest';
import { wanYuanToFen } from '../money';
import { DEFAULT_CRITERIA } from './criteria';
import { scoresForTargetComposite } from './demo-scores';
import type { RawScore } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { weightedComposite } from './scoring';
import { pkg } from './spec-helpers';

const reviewers = ['expert-1', 'expert-2', 'expert-3', 'expert-4', 'expert-5'];

// The 20 demo packages of the source material with target composites: 5 high, 10 medium, 5 low.
const demo: [string, number][] = [
  ['education', 92],
  ['smart-government', 90],
  ['old-residential-renovation', 88],
  ['power-telecom-line', 87],
  ['community-health', 86],
  ['elderly-care', 84],
  ['water-treatment', 82],
  ['expressway', 80],
  ['vocational-training', 77],
  ['air-quality', 74],
  ['small-business', 71],
  ['green-retrofit', 68],
  ['cultural-centre', 65],
  ['soil-remediation', 63],
  ['smart-manufacturing', 61],
  ['cross-sea-bridge', 58],
  ['traffic-monitoring', 52],
  ['sports-park', 47],
  ['archive-digitisation', 43],
  ['landscape-lighting', 38],
];

describe('scoresForTargetComposite', () => {
  it('gives each reviewer integer scores whose composite is the target ± 0.5, with variation', () => {
    for (const target of [0, 0.4, 37, 59.5, 60, 84.6, 85, 99.7, 100]) {
      const scores = scoresForTargetComposite(target, reviewers, DEFAULT_CRITERIA, { salt: `t${target}` });
      expect(scores).toHaveLength(reviewers.length * DEFAULT_CRITERIA.length);
      for (const reviewerId of reviewers) {
        const mine = scores.filter((s) => s.reviewerId === reviewerId);
        for (const s of mine) {
          expect(Number.isInteger(s.score)).toBe(true);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(100);
        }
        const composite = weightedComposite(Object.fromEntries(mine.map((s) => [s.criterionKey, s.score])), DEFAULT_CRITERIA)!;
        expect(Math.abs(composite - target)).toBeLessThanOrEqual(0.5);
      }
    }
    const varied = scoresForTargetComposite(75, reviewers, DEFAULT_CRITERIA, { salt: 'x' });
    expect(new Set(varied.map((s) => s.score)).size).toBeGreaterThan(3);
    // deterministic
    expect(scoresForTargetComposite(75, reviewers, DEFAULT_CRITERIA, { salt: 'x' })).toEqual(varied);
  });

  it('puts the 20 demo packages into 5 high, 10 medium, 5 low (25 % / 50 % / 25 %)', () => {
    const scores: RawScore[] = demo.flatMap(([packageId, target]) =>
      scoresForTargetComposite(target, reviewers, DEFAULT_CRITERIA, { salt: packageId }).map((s) => ({ ...s, packageId })),
    );
    const result = rankAndAllocate({
      settings: { quotaFen: wanYuanToFen(20_000) },
      packages: demo.map(([id], i) => pkg(id, wanYuanToFen(1_000 + 100 * i))),
      scores,
    });
    expect(result.tierCounts).toEqual({ high: 5, medium: 10, low: 5 });
    expect(result.items.map((i) => i.packageId)).toEqual(demo.map(([id]) => id));
    for (const item of result.items) {
      const target = demo.find(([id]) => id === item.packageId)![1];
      expect(Math.abs(item.score - target)).toBeLessThanOrEqual(0.5);
    }
  });
});
