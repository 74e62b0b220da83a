import { describe, expect, it } from 'vitest';
import { hasConflictOfInterest, conflictMatrix } from './conflict-of-interest';
import { assertValidCriteria, DEFAULT_CRITERIA, validateCriteria } from './criteria';
import { RankingInputError } from './errors';
import { DEFAULT_TIER_THRESHOLDS, tierFor, validateTierThresholds } from './tiers';

describe('criteria', () => {
  it('defaults to five criteria weighted 25/20/20/20/15', () => {
    expect(DEFAULT_CRITERIA.map((c) => [c.key, c.weight])).toEqual([
      ['strategic', 25],
      ['feasibility', 20],
      ['goal', 20],
      ['costEffectiveness', 20],
      ['publicBenefit', 15],
    ]);
    expect(validateCriteria(DEFAULT_CRITERIA)).toEqual([]);
  });

  it('requires weights summing to 100, unique keys and non-negative weights', () => {
    expect(validateCriteria([{ key: 'a', weight: 50 }, { key: 'b', weight: 40 }])[0]!.message).toMatch(/sum to 100, got 90/);
    expect(validateCriteria([{ key: 'a', weight: 33.3 }, { key: 'b', weight: 33.3 }, { key: 'c', weight: 33.4 }])).toEqual([]);
    const issues = validateCriteria([{ key: 'a', weight: 60 }, { key: 'a', weight: 50 }, { key: '1x', weight: -10 }]);
    expect(issues.map((i) => i.path)).toEqual(['criteria[1].key', 'criteria[2].key', 'criteria[2].weight', 'criteria']);
    expect(validateCriteria([])[0]!.message).toMatch(/at least one/);
    expect(() => assertValidCriteria([{ key: 'a', weight: Number.NaN }])).toThrow(RankingInputError);
  });
});

describe('conflict of interest', () => {
  it('forbids a reviewer from scoring a package owned by their department, joint packages included', () => {
    expect(hasConflictOfInterest(['power'], ['power', 'telecom'])).toBe(true);
    expect(hasConflictOfInterest(['housing'], ['power', 'telecom'])).toBe(false);
    expect(hasConflictOfInterest([], ['power'])).toBe(false);
  });

  it('builds a reviewer × package matrix through a department index', () => {
    const m = conflictMatrix([['power'], ['housing', 'telecom'], []], [['power', 'telecom'], ['housing'], ['water']]);
    expect(Array.from(m!)).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(conflictMatrix([['x']], [['y']])).toBeNull();
  });
});

describe('tiers', () => {
  it('high ≥ 85, medium ≥ 60, low below', () => {
    expect([100, 85, 84.9999, 60, 59.9999, 0].map((s) => tierFor(s))).toEqual(['high', 'high', 'medium', 'medium', 'low', 'low']);
    expect(tierFor(70, { high: 70, medium: 50 })).toBe('high');
    expect(validateTierThresholds(DEFAULT_TIER_THRESHOLDS)).toEqual([]);
    expect(validateTierThresholds({ high: 50, medium: 60 })[0]!.message).toMatch(/must not exceed/);
  });
});
