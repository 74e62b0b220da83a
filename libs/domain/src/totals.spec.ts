import { describe, expect, it } from 'vitest';
import { wanYuanToFen } from './money';
import { departmentTotals, packageTotals } from './totals';
import type { CostCategory } from './types';

const line = (departmentId: string, category: CostCategory, wan: number, year = 2027) => ({
  departmentId,
  category,
  year,
  quantityMilli: 1_000,
  unitCostFen: wanYuanToFen(wan),
});

describe('package totals', () => {
  it('reproduces the expressway package: 170 M plus 10 % contingency = 187 M', () => {
    const totals = packageTotals(
      [line('transport', 'land', 5_000), line('transport', 'materials', 8_000), line('transport', 'machinery', 1_000), line('transport', 'labour', 3_000)],
      1_000,
    );
    expect(totals.baseFen).toBe(wanYuanToFen(17_000));
    expect(totals.contingencyFen).toBe(wanYuanToFen(1_700));
    expect(totals.totalFen).toBe(wanYuanToFen(18_700));
    expect(totals.byCategory).toEqual({
      land: wanYuanToFen(5_000),
      materials: wanYuanToFen(8_000),
      machinery: wanYuanToFen(1_000),
      labour: wanYuanToFen(3_000),
    });
  });

  it('splits by department and year', () => {
    const totals = packageTotals([line('power', 'materials', 600, 2027), line('telecom', 'materials', 400, 2028), line('power', 'labour', 1_000, 2028)], 0);
    expect(totals.byDepartment).toEqual({ power: wanYuanToFen(1_600), telecom: wanYuanToFen(400) });
    expect(totals.byYear).toEqual({ '2027': wanYuanToFen(600), '2028': wanYuanToFen(1_400) });
    expect(departmentTotals([totals, totals])).toEqual({ power: wanYuanToFen(3_200), telecom: wanYuanToFen(800) });
  });

  it('is zero for an empty package', () => {
    expect(packageTotals([], 1_000).totalFen).toBe(0);
  });
});
