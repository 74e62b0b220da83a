import { describe, expect, it } from 'vitest';
import { wanYuanToFen } from '../money';
import { costEffectiveness, kpiOutput, ratioRounded } from './cost-effectiveness';

describe('cost-effectiveness', () => {
  it('reproduces the source table: cost per unit of output 1.60 / 1.63 / 1.36 / 1.21', () => {
    const rows = [
      { cost: 800, output: 500 },
      { cost: 850, output: 520 },
      { cost: 750, output: 550 },
      { cost: 700, output: 580 },
    ];
    const table = rows.map((r) => costEffectiveness({ costFen: wanYuanToFen(r.cost), output: r.output }));
    expect(table.map((t) => t.wanYuanPerUnit)).toEqual([1.6, 1.63, 1.36, 1.21]);
    expect(table.map((t) => t.wanYuanPerUnit!.toFixed(2))).toEqual(['1.60', '1.63', '1.36', '1.21']);
    // the same in yuan and in whole fen, exactly
    expect(table.map((t) => t.yuanPerUnit)).toEqual([16_000, 16_346.15, 13_636.36, 12_068.97]);
    expect(table.map((t) => t.fenPerUnit)).toEqual([1_600_000, 1_634_615, 1_363_636, 1_206_897]);
    // money stays integer fen
    expect(table.map((t) => t.costFen)).toEqual([800_000_000, 850_000_000, 750_000_000, 700_000_000]);
  });

  it('takes output from a KPI and gives a benefit/cost ratio', () => {
    expect(kpiOutput({ baseline: 60, target: 80, direction: 'increase' })).toBe(20);
    expect(kpiOutput({ baseline: 45, target: 30, direction: 'decrease' })).toBe(15);
    expect(kpiOutput({ baseline: 45, target: 50, direction: 'decrease' })).toBe(0);
    const ce = costEffectiveness({
      costFen: wanYuanToFen(600),
      kpis: [
        { id: 'k1', baseline: 0, target: 10, direction: 'increase' },
        { id: 'k2', baseline: 0, target: 80, direction: 'increase' },
      ],
      outputKpiId: 'k2',
      benefitFen: wanYuanToFen(1_000),
    });
    expect(ce.output).toBe(80);
    expect(ce.wanYuanPerUnit).toBe(7.5);
    expect(ce.benefitCostRatio).toBe(1.67);
    expect(costEffectiveness({ costFen: 100 }).wanYuanPerUnit).toBeNull();
  });

  it('rounds exactly, half away from zero, on decimal inputs', () => {
    expect(ratioRounded(1.005, 1)).toBe(1.01); // 1.005 is 1.00499… as a double
    expect(ratioRounded(1, 3)).toBe(0.33);
    expect(ratioRounded(2, 3)).toBe(0.67);
    expect(ratioRounded(-1, 8)).toBe(-0.13);
    expect(ratioRounded(1, 0)).toBeNull();
    expect(ratioRounded(12.5, 0.25, 0)).toBe(50);
  });
});
