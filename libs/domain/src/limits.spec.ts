import { describe, expect, it } from 'vitest';
import {
  amountsWithinBounds,
  boundedPackageTotals,
  contentViolations,
  costLineAmountViolations,
  exactLineAmount,
  MAX_COST_LINES,
  MAX_LINE_FEN,
  MAX_PACKAGE_TOTAL_FEN,
  MAX_PACKAGES_PER_CYCLE,
  MAX_QUANTITY_MILLI,
  MAX_UNIT_COST_FEN,
  quantityToMilli,
  textProblem,
  type PackageContentShape,
} from './limits';
import { packageTotals } from './totals';

const content = (over: Partial<PackageContentShape> = {}): PackageContentShape => ({
  title: 't',
  purpose: '',
  narrative: '',
  consequencesOfNotFunding: '',
  objectives: [],
  alternatives: [],
  notes: {},
  contingencyBasisPoints: 1_000,
  costLines: [{ id: 'l1', category: 'materials', description: 'd', unit: 'km', quantityMilli: 1_000, unitCostFen: 100, year: 2027 }],
  sharedCostLines: [],
  activities: [{ id: 'a1', name: 'a', start: '2027-01-01', end: '2027-12-31' }],
  kpis: [],
  risks: [],
  levels: [],
  ...over,
});

describe('money bounds', () => {
  it('keeps every sum the server computes below 2^53', () => {
    // a package: at most MAX_COST_LINES lines of at most MAX_LINE_FEN each, before the total is checked
    expect(MAX_COST_LINES * MAX_LINE_FEN).toBeLessThan(Number.MAX_SAFE_INTEGER);
    // a cycle: at most MAX_PACKAGES_PER_CYCLE packages of at most MAX_PACKAGE_TOTAL_FEN each
    expect(MAX_PACKAGES_PER_CYCLE * MAX_PACKAGE_TOTAL_FEN).toBeLessThan(Number.MAX_SAFE_INTEGER);
    // the widest product before it is compared is exact (BigInt)
    expect(exactLineAmount(MAX_QUANTITY_MILLI, MAX_UNIT_COST_FEN)).toBe(10n ** 21n);
  });

  it('accepts the exact bounds and refuses one more, naming the field', () => {
    expect(costLineAmountViolations({ quantityMilli: 1_000, unitCostFen: MAX_UNIT_COST_FEN }, 'l')).toEqual([]);
    expect(costLineAmountViolations({ quantityMilli: 1_000, unitCostFen: MAX_UNIT_COST_FEN + 1 }, 'l').map((v) => v.field)).toEqual(['l.unitCostFen']);
    expect(costLineAmountViolations({ quantityMilli: MAX_QUANTITY_MILLI + 1, unitCostFen: 0 }, 'l').map((v) => v.field)).toEqual(['l.quantityMilli']);
    expect(costLineAmountViolations({ quantityMilli: 2_000, unitCostFen: MAX_UNIT_COST_FEN }, 'l').map((v) => v.field)).toEqual(['l.unitCostFen']);
    expect(costLineAmountViolations({ quantityMilli: 1_000, unitCostFen: 1, year: 99_999 }, 'l').map((v) => v.field)).toEqual(['l.year']);
    expect(costLineAmountViolations({ quantityMilli: -1, unitCostFen: -1 }, 'l')).toHaveLength(2);
    expect(amountsWithinBounds([{ quantityMilli: 1_000, unitCostFen: MAX_PACKAGE_TOTAL_FEN }], 0)).toBe(true);
    expect(amountsWithinBounds([{ quantityMilli: 1_000, unitCostFen: MAX_PACKAGE_TOTAL_FEN }], 1)).toBe(false);
  });

  it('reads out-of-range stored amounts as zero totals with the problem named, never throwing', () => {
    const huge = [{ departmentId: 'p', category: 'materials' as const, year: 2027, quantityMilli: 1e12, unitCostFen: Number.MAX_SAFE_INTEGER }];
    expect(() => packageTotals(huge, 0)).toThrow();
    const read = boundedPackageTotals(huge, 0);
    expect(read.problem).toMatch(/out of range/);
    expect(read.totals.totalFen).toBe(0);
    expect(boundedPackageTotals([{ ...huge[0], quantityMilli: 1_000, unitCostFen: 100 }], 1_000)).toMatchObject({ problem: null, totals: { totalFen: 110 } });
  });

  it('converts decimal quantities to thousandths exactly, refusing anything else', () => {
    expect(quantityToMilli(12.5)).toBe(12_500);
    expect(quantityToMilli(1.001)).toBe(1_001);
    expect(quantityToMilli(0.1 + 0.2)).toBeNull();
    expect(quantityToMilli(1e-7)).toBeNull();
    expect(quantityToMilli(Number.NaN)).toBeNull();
    expect(quantityToMilli(1e300)).toBeNull();
  });
});

describe('field rules of a package content', () => {
  it('passes a sound package', () => {
    expect(contentViolations(content())).toEqual([]);
  });

  it('names each broken field', () => {
    const fields = (over: Partial<PackageContentShape>) => contentViolations(content(over)).map((v) => v.field);
    expect(fields({ title: 'x'.repeat(301) })).toEqual(['title']);
    expect(fields({ title: 'a\u0000b' })).toEqual(['title']);
    expect(fields({ narrative: 'n'.repeat(200_001) })).toEqual(['narrative']);
    expect(fields({ objectives: ['ok', 'bad\u0007'] })).toEqual(['objectives.1']);
    expect(fields({ activities: [{ id: 'a1', name: 'a', start: '99999-01-01', end: '2027-01-01' }] })).toEqual(['activities.a1.start']);
    expect(fields({ sharedCostLines: [{ id: 's1', category: 'bribes', description: 'd', unit: 'u', quantityMilli: 1, unitCostFen: 1, year: 2027 }] })).toEqual(['costLines.s1.category']);
    expect(fields({ contingencyBasisPoints: 10_001 })).toEqual(['contingencyBasisPoints']);
    expect(fields({ costLines: [{ id: 'l1', category: 'materials', description: 'd', unit: 'u', quantityMilli: 1_000, unitCostFen: MAX_PACKAGE_TOTAL_FEN }] as never })).toEqual(['totals.totalFen']);
  });

  it('allows tabs and line breaks in text, not other control characters', () => {
    expect(textProblem('a\tb\nc\r\n', 100)).toBeNull();
    expect(textProblem('a\u0000', 100)).toMatch(/control/);
    expect(textProblem('a\u007f', 100)).toMatch(/control/);
  });
});
