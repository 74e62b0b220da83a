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

describe('actuals import', () => {
  it('reads good rows and reports each bad row with its field', async () => {
    const { parseActualsCsv } = await import('./actuals-import');
    const context = { fundedPackages: new Map([['DP-01', ['k1']], ['DP-02', []]]), lastOpenMonth: 6 };
    const csv = '\uFEFFcode,month,spentWan,kpi:k1\r\nDP-01,1,120.5,8\r\nDP-09,2,10,\r\nDP-01,7,10,\r\n"DP-02",2,-3,\r\nDP-02,3,abc,\r\nDP-01,2,100,\n';
    const { rows, errors } = parseActualsCsv(csv, context);
    expect(rows).toEqual([
      { row: 2, code: 'DP-01', month: 1, spentFen: 120_500_000, kpiActuals: { k1: 8 } },
      { row: 7, code: 'DP-01', month: 2, spentFen: 100_000_000, kpiActuals: {} },
    ]);
    expect(errors).toEqual([
      { row: 3, field: 'code', reason: '"DP-09" is not a funded package of this cycle' },
      { row: 4, field: 'month', reason: 'month 7 is in the future' },
      { row: 5, field: 'spentWan', reason: 'must not be negative' },
      { row: 6, field: 'spentWan', reason: '"abc" is not an amount in 万元 (up to 6 decimals)' },
    ]);
    expect(parseActualsCsv('code,month\n', context).errors).toEqual([{ row: 1, field: 'spentWan', reason: 'missing column "spentWan"' }]);
  });
});
