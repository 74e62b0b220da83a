import { describe, expect, it } from 'vitest';
import { wanYuanToFen } from '../money';
import type { Kpi } from '../types';
import { DEFAULT_OFF_TRACK_RULE, executionStatus, type MonthlyActual } from './monitoring';

const W = wanYuanToFen;
const satisfaction: Kpi = { id: 'k1', name: '居民满意度', unit: '%', baseline: 62, target: 80, direction: 'increase' };
const cycleTime: Kpi = { id: 'k2', name: '改造周期', unit: '月', baseline: 15, target: 12, direction: 'decrease' };
const months = (spentWan: number[], kpi: Record<string, number> = {}): MonthlyActual[] => spentWan.map((wan, i) => ({ month: i + 1, spentFen: W(wan), kpiActuals: i === spentWan.length - 1 ? kpi : {} }));

describe('execution monitoring', () => {
  it('computes execution rate, quarters, projection and KPI completion', () => {
    const status = executionStatus({ allocatedFen: W(5_000), kpis: [satisfaction, cycleTime], actuals: months([400, 400, 400, 400, 400, 500], { k1: 71, k2: 13.5 }), month: 6 });
    expect(status.spentFen).toBe(W(2_500));
    expect(status.executionBasisPoints).toBe(5_000);
    expect(status.quarters.map((q) => q.spentFen)).toEqual([W(1_200), W(1_300), 0, 0]);
    expect(status.projectionFen).toBe(W(5_000));
    expect(status.projectionBasisPoints).toBe(10_000);
    expect(status.kpis.map((k) => [k.id, k.actual, k.completion, k.behind])).toEqual([['k1', 71, 0.5, false], ['k2', 13.5, 0.5, false]]);
    expect(status).toMatchObject({ reviewed: true, offTrack: false, reasons: [] });
  });

  it('flags a package behind plan at the second-quarter review and not one on plan', () => {
    const behind = executionStatus({ allocatedFen: W(1_000), kpis: [satisfaction], actuals: months([50, 50, 50, 50, 50, 50], { k1: 63 }), month: 6 });
    // 300 of 1000 = 30 % < 40 %; projection 600 = 60 % < 80 %; satisfaction 1/18 of the way, under half of the expected 50 %
    expect(behind).toMatchObject({ executionBasisPoints: 3_000, projectionBasisPoints: 6_000, offTrack: true, reasons: ['execution', 'kpi', 'projection'] });
    const onPlan = executionStatus({ allocatedFen: W(1_000), kpis: [satisfaction], actuals: months([80, 80, 80, 90, 90, 90], { k1: 72 }), month: 6 });
    expect(onPlan).toMatchObject({ executionBasisPoints: 5_100, offTrack: false });
  });

  it('does not apply the rule before the review month, and takes a configured rule', () => {
    expect(executionStatus({ allocatedFen: W(1_000), kpis: [], actuals: months([10, 10, 10]), month: 3 })).toMatchObject({ reviewed: false, offTrack: false });
    const strict = { ...DEFAULT_OFF_TRACK_RULE, reviewMonth: 3, minExecutionBasisPoints: 2_000, minProjectionBasisPoints: 9_500 };
    expect(executionStatus({ allocatedFen: W(1_200), kpis: [], actuals: months([90, 90, 90]), month: 3 }, strict)).toMatchObject({ projectionBasisPoints: 9_000, reasons: ['projection'] });
  });
});
