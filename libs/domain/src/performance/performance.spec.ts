import { describe, expect, it } from 'vitest';
import { rankAndAllocate } from '../evaluation/rank-and-allocate';
import type { RankingInput } from '../evaluation/model';
import { wanYuanToFen } from '../money';
import { annotateCarryOver, applyCarryOver, capLevels, checkCarryOverRule, decideCarryOver, DEFAULT_CARRY_OVER_RULE, type CarryOverEntry } from './carry-over';
import { checkGradeRule, DEFAULT_GRADE_RULE, gradeOf, packageScore } from './grading';
import { checkScoreSheet } from './templates';

const W = wanYuanToFen;

describe('evaluation templates and grades', () => {
  it('scores a balanced scorecard as the weighted mean of the scorers’ dimension means', () => {
    const a = { financial: 90, serviceUsers: 80, internalProcess: 70, learningGrowth: 60 };
    const b = { financial: 100, serviceUsers: 90, internalProcess: 80, learningGrowth: 70 };
    const result = packageScore('balancedScorecard', [a, b]);
    expect(result.dimensions.map((d) => d.mean)).toEqual([95, 85, 75, 65]);
    expect(result.score).toBe(80);
    expect(gradeOf(result.score as number)).toBe('good');
  });

  it('weights the cost-benefit template and leaves a package without a complete sheet unscored', () => {
    expect(packageScore('costBenefit', [{ benefit: 100, costControl: 50, budgetExecution: 0 }]).score).toBe(65);
    expect(packageScore('kpiCompletion', []).score).toBeNull();
  });

  it('grades by the declared thresholds, boundaries included', () => {
    expect([95, 90, 89.99, 80, 79.99, 60, 59.99, 0].map((s) => gradeOf(s))).toEqual(['excellent', 'excellent', 'good', 'good', 'medium', 'medium', 'poor', 'poor']);
    expect(gradeOf(70, { excellent: 85, good: 70, medium: 50 })).toBe('good');
    expect(checkGradeRule(DEFAULT_GRADE_RULE)).toBeNull();
    expect(checkGradeRule({ excellent: 80, good: 80, medium: 60 })).toMatch(/fall/);
  });

  it('refuses a sheet with a missing, unknown or out-of-range dimension', () => {
    expect(checkScoreSheet('kpiCompletion', { targetCompletion: 80, outputDelivery: 90 })).toEqual([]);
    expect(checkScoreSheet('kpiCompletion', { targetCompletion: 101, extra: 5 })).toEqual([
      { field: 'scores.extra', reason: 'not a dimension of the kpiCompletion template' },
      { field: 'scores.targetCompletion', reason: 'must be a number from 0 to 100' },
      { field: 'scores.outputDelivery', reason: 'missing' },
    ]);
  });
});

describe('carry-over rule', () => {
  it('applies the default rule: excellent → priority, good → no growth, medium → cut 10 %, poor → cancelled', () => {
    expect(decideCarryOver('excellent', W(100))).toMatchObject({ effect: 'priority', capFen: null, carried: true });
    expect(decideCarryOver('good', W(100))).toMatchObject({ effect: 'noGrowth', capFen: W(100), carried: true });
    expect(decideCarryOver('medium', W(100))).toMatchObject({ effect: 'cut', cutBasisPoints: 1_000, capFen: W(90), carried: true });
    expect(decideCarryOver('poor', W(100))).toMatchObject({ effect: 'cancelled', carried: false });
    expect(decideCarryOver(null, W(100))).toMatchObject({ effect: 'none', capFen: null, carried: true });
  });

  it('takes a configured rule and refuses a cut under 10 % or an unknown effect', () => {
    const rule = { ...DEFAULT_CARRY_OVER_RULE, medium: { effect: 'cut' as const, cutBasisPoints: 2_500 }, poor: { effect: 'cut' as const, cutBasisPoints: 5_000 } };
    expect(checkCarryOverRule(rule)).toEqual([]);
    expect(decideCarryOver('poor', W(80), rule)).toMatchObject({ effect: 'cut', capFen: W(40), carried: true });
    expect(checkCarryOverRule({ ...DEFAULT_CARRY_OVER_RULE, medium: { effect: 'cut', cutBasisPoints: 500 } })).toEqual([
      { field: 'carryOverRule.medium.cutBasisPoints', reason: 'a cut is an integer from 1000 to 10000 basis points' },
    ]);
    expect(checkCarryOverRule({ ...DEFAULT_CARRY_OVER_RULE, good: { effect: 'grow' as never } })[0].field).toBe('carryOverRule.good.effect');
  });

  it('cuts levels from the top to the cap', () => {
    expect(capLevels([{ level: 'minimum', costFen: 60 }, { level: 'current', costFen: 30 }, { level: 'enhanced', costFen: 20 }], 75)).toEqual([
      { level: 'minimum', costFen: 60 },
      { level: 'current', costFen: 15 },
    ]);
  });

  it('pins the excellent successor, caps the good and medium ones, and explains it in the ranking', () => {
    const pkg = (id: string, wan: number) => ({ id, costFen: W(wan), submittedAt: null, departmentShares: [{ departmentId: 'd', basisPoints: 10_000 }] });
    const input: RankingInput = {
      settings: { quotaFen: W(310), reserveBasisPoints: 0, criteria: [{ key: 'c', weight: 100 }] },
      packages: [pkg('ex', 120), pkg('good', 150), pkg('med', 100), pkg('new', 100)],
      scores: [
        { reviewerId: 'r', packageId: 'ex', criterionKey: 'c', score: 10 },
        { reviewerId: 'r', packageId: 'good', criterionKey: 'c', score: 90 },
        { reviewerId: 'r', packageId: 'med', criterionKey: 'c', score: 80 },
        { reviewerId: 'r', packageId: 'new', criterionKey: 'c', score: 70 },
      ],
    };
    const entry = (packageId: string, grade: 'excellent' | 'good' | 'medium'): CarryOverEntry => ({ packageId, predecessorPackageId: `old-${packageId}`, predecessorCycleId: 'c0', ...decideCarryOver(grade, W(100)) });
    const { input: applied, explanations } = applyCarryOver(input, [entry('ex', 'excellent'), entry('good', 'good'), entry('med', 'medium')]);
    const result = annotateCarryOver(rankAndAllocate(applied), explanations);
    const item = (id: string) => result.items.find((i) => i.packageId === id)!;
    // the excellent one is funded first despite its score; good is held to 100, medium to 90; the new one does not fit
    expect(item('ex')).toMatchObject({ pinned: true, funded: true, fundedFen: W(120) });
    expect(item('ex').explanation.funding).toBe('pinned');
    expect(item('good')).toMatchObject({ costFen: W(100), fundedFen: W(100) });
    expect(item('med')).toMatchObject({ costFen: W(90), fundedFen: W(90) });
    expect(item('new').funded).toBe(false);
    expect(item('good').explanation.carryOver).toMatchObject({ grade: 'good', effect: 'noGrowth', requestedFen: W(150), consideredFen: W(100), capFen: W(100), predecessorPackageId: 'old-good' });
    expect(item('med').explanation.carryOver).toMatchObject({ grade: 'medium', effect: 'cut', cutBasisPoints: 1_000, consideredFen: W(90) });
    expect(item('ex').explanation.carryOver).toMatchObject({ grade: 'excellent', effect: 'priority', priority: true });
    expect(item('new').explanation.carryOver).toBeUndefined();
  });
});
