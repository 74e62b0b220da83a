import { describe, expect, it } from 'vitest';
import { catalogueKey, formatUnitPrice, priceEntryProblems, unitKey, type PriceCatalogueEntry, type PriceEntryInput } from './catalogue';
import { parseCatalogueCsv, parseCatalogueTable } from './catalogue-import';
import { checkPrices, comparePrice, leadingComparison, pastSpending, type PastPackage, type PricedLine } from './comparison';
import { readsPastActuals } from './views';

const YUAN = 100;

const entry = (over: Partial<PriceCatalogueEntry> = {}): PriceCatalogueEntry => ({
  id: 'e1',
  category: 'materials',
  unit: '米',
  item: '地下线路',
  priceFen: 120 * YUAN,
  edition: '2026 目录',
  lowBasisPoints: 5_000,
  highBasisPoints: 15_000,
  version: 1,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

const line = (over: Partial<PricedLine> = {}): PricedLine => ({
  id: 'l1',
  department: 'power',
  category: 'materials',
  description: '电力线路入地',
  quantityMilli: 2_000_000,
  unit: '米',
  unitCostFen: 310 * YUAN,
  ...over,
});

describe('comparePrice', () => {
  it('gives the ratio and how far above the reference, as in "参考价 120 元/米，本行 310 元/米，高出 158%"', () => {
    expect(comparePrice(310 * YUAN, 120 * YUAN)).toEqual({ referenceFen: 12_000, ratioBasisPoints: 25_833, deviationPercent: 158, lowBasisPoints: 5_000, highBasisPoints: 15_000, verdict: 'high' });
    expect(comparePrice(50 * YUAN, 120 * YUAN)).toMatchObject({ ratioBasisPoints: 4_167, deviationPercent: -58, verdict: 'low' });
  });

  it('flags strictly outside the band: exactly 1.5× and 0.5× are within, one fen more or less is not', () => {
    expect(comparePrice(150_00, 100_00).verdict).toBe('within');
    expect(comparePrice(150_01, 100_00).verdict).toBe('high');
    expect(comparePrice(50_00, 100_00).verdict).toBe('within');
    expect(comparePrice(49_99, 100_00).verdict).toBe('low');
    // the decision is exact even where the rounded ratio reads 1.5
    expect(comparePrice(1_500_001, 1_000_000)).toMatchObject({ ratioBasisPoints: 15_000, verdict: 'high' });
  });

  it('uses the band it is given', () => {
    expect(comparePrice(190_00, 100_00, { lowBasisPoints: 2_000, highBasisPoints: 20_000 }).verdict).toBe('within');
    expect(() => comparePrice(1, 0)).toThrow(RangeError);
  });
});

describe('units and entries', () => {
  it('matches units ignoring width, case and spaces, never converting between units', () => {
    expect(unitKey(' 米 ')).toBe(unitKey('米'));
    expect(unitKey('ＫＭ')).toBe('km');
    expect(unitKey('㎡')).toBe('m2');
    expect(unitKey('米')).not.toBe(unitKey('m'));
    expect(catalogueKey('materials', '米')).not.toBe(catalogueKey('machinery', '米'));
  });

  it('refuses a negative or zero price, an empty unit or edition and a band that does not contain 1×', () => {
    const good: PriceEntryInput = { category: 'materials', unit: '米', item: '线路', priceFen: 1, edition: '2026 目录', lowBasisPoints: 5_000, highBasisPoints: 15_000 };
    expect(priceEntryProblems(good)).toEqual([]);
    expect(priceEntryProblems({ ...good, priceFen: -500 })).toEqual([{ field: 'priceFen', reason: 'must not be negative' }]);
    expect(priceEntryProblems({ ...good, priceFen: 0 })).toEqual([{ field: 'priceFen', reason: 'must be greater than 0' }]);
    expect(priceEntryProblems({ ...good, unit: ' ', edition: '' }).map((p) => p.field)).toEqual(['unit', 'edition']);
    expect(priceEntryProblems({ ...good, lowBasisPoints: 12_000, highBasisPoints: 9_000 }).map((p) => p.field)).toEqual(['lowBasisPoints', 'highBasisPoints']);
    expect(priceEntryProblems({ ...good, category: 'magic' as never }).map((p) => p.field)).toEqual(['category']);
  });

  it('formats unit prices in 元 without empty decimals', () => {
    expect(formatUnitPrice(180_000)).toBe('1,800');
    expect(formatUnitPrice(1_250)).toBe('12.50');
    expect(formatUnitPrice(200_000_000)).toBe('2,000,000');
  });
});

describe('pastSpending', () => {
  const pkg = (over: Partial<PastPackage>): PastPackage => ({ packageId: 'p1', fiscalYear: 2026, spentFen: 0, lines: [], ...over });

  it('spreads each package’s actual spending over its lines in proportion to their planned amounts', () => {
    const past = pastSpending([
      // planned 300 万 (cable 3 000 m × 1 000 元) + 100 万 (labour); spent 360 万 = 90 %
      pkg({
        spentFen: 3_600_000_00,
        lines: [
          { department: 'power', category: 'materials', unit: '米', quantityMilli: 3_000_000, unitCostFen: 1_000_00 },
          { department: 'power', category: 'labour', unit: '工日', quantityMilli: 2_500_000, unitCostFen: 400_00 },
          // a shared line: part of the plan, attributed to no department
          { department: null, category: 'materials', unit: '米', quantityMilli: 1_000_000, unitCostFen: 0 },
        ],
      }),
      // a second year: 1 000 m planned at 1 200 元, spent in full
      pkg({ packageId: 'p2', fiscalYear: 2025, spentFen: 1_200_000_00, lines: [{ department: 'power', category: 'materials', unit: ' 米', quantityMilli: 1_000_000, unitCostFen: 1_200_00 }] }),
    ]);
    const perUnit = past.find((p) => p.category === 'materials' && p.unit !== null);
    // 270 万 + 120 万 over 4 000 m = 975 元/米
    expect(perUnit).toEqual({ department: 'power', category: 'materials', unit: '米', fiscalYears: [2025, 2026], packages: 2, quantityMilli: 4_000_000, plannedFen: 4_200_000_00, spentFen: 3_900_000_00, unitCostFen: 975_00 });
    expect(past.find((p) => p.category === 'labour' && p.unit === null)).toMatchObject({ plannedFen: 1_000_000_00, spentFen: 900_000_00, unitCostFen: null, quantityMilli: null });
    expect(past.every((p) => p.department === 'power')).toBe(true);
  });

  it('leaves out packages with no planned amount for their fiscal year', () => {
    expect(pastSpending([pkg({ spentFen: 5_00, lines: [{ department: 'power', category: 'materials', unit: '米', quantityMilli: 0, unitCostFen: 1_00 }] })])).toEqual([]);
  });
});

describe('checkPrices', () => {
  const past = pastSpending([
    {
      packageId: 'old',
      fiscalYear: 2026,
      // planned 10 万 (power) + 1 万 (housing), 45 % spent
      spentFen: 49_500_00,
      lines: [
        { department: 'power', category: 'materials', unit: '米', quantityMilli: 1_000_000, unitCostFen: 100_00 },
        { department: 'housing', category: 'materials', unit: '吨', quantityMilli: 10_000, unitCostFen: 1_000_00 },
      ],
    },
  ]);

  it('flags a line above the catalogue band and names the entry and edition used', () => {
    const [check] = checkPrices([line()], { catalogue: [entry()], past: [] });
    expect(check).toMatchObject({ lineId: 'l1', flagged: true, history: null, catalogue: { entryId: 'e1', item: '地下线路', edition: '2026 目录', referenceFen: 12_000, deviationPercent: 158, verdict: 'high' } });
    expect(leadingComparison(check)?.source).toBe('catalogue');
  });

  it('compares with the department’s past unit cost where it bought the same category in the same unit, with the entry’s band', () => {
    // power: 1 000 m planned at 100 元, 45 000 元 of it spent → 45 元/米
    const [check] = checkPrices([line({ unitCostFen: 100_00 })], { catalogue: [entry({ highBasisPoints: 20_000 })], past });
    expect(check.catalogue?.verdict).toBe('within');
    expect(check.history).toMatchObject({ basis: 'perUnit', referenceFen: 45_00, deviationPercent: 122, highBasisPoints: 20_000, verdict: 'high', fiscalYears: [2026], packages: 1 });
    expect(check.flagged).toBe(true);
    expect(leadingComparison(check)?.source).toBe('history');
  });

  it('falls back to the department’s spend rate on the category when it never used the unit, and does not flag on it', () => {
    const [check] = checkPrices([line({ department: 'housing', unit: '项', quantityMilli: 1_000, unitCostFen: 1_400_000_00 })], { catalogue: [entry()], past });
    expect(check.catalogue).toBeNull();
    expect(check.history).toEqual({ basis: 'spendRate', fiscalYears: [2026], packages: 1, plannedFen: 1_000_000, spentFen: 450_000, rateBasisPoints: 4_500 });
    expect(check.flagged).toBe(false);
  });

  it('does not check a line without a unit cost or quantity, nor a shared line against past actuals', () => {
    const [unpriced, empty, shared] = checkPrices(
      [line({ id: 'a', unitCostFen: 0 }), line({ id: 'b', quantityMilli: 0 }), line({ id: 'c', department: null })],
      { catalogue: [entry()], past },
    );
    expect([unpriced.catalogue, unpriced.history, unpriced.flagged]).toEqual([null, null, false]);
    expect([empty.catalogue, empty.flagged]).toEqual([null, false]);
    expect(shared.history).toBeNull();
    expect(shared.catalogue?.verdict).toBe('high');
  });

  it('is not flagged inside the band', () => {
    const [check] = checkPrices([line({ unitCostFen: 130 * YUAN, unit: 'ＭＥＴＲＥ' })], { catalogue: [entry({ unit: 'metre' })], past: [] });
    expect(check.catalogue).toMatchObject({ ratioBasisPoints: 10_833, verdict: 'within' });
    expect(check.flagged).toBe(false);
    expect(leadingComparison(check)).toBeNull();
  });
});

describe('catalogue import', () => {
  it('reads English or Chinese columns, category keys or names, prices in 元 and optional bands', () => {
    const csv = '类别,单位,名称,参考单价（元）,目录版本,上限倍数\n材料,米,地下线路,"1,800",2026 目录,2\nlabour,工日,施工人工,350.5元,2026 目录,\n';
    const { rows, errors } = parseCatalogueCsv(csv);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { row: 2, entry: { category: 'materials', unit: '米', item: '地下线路', priceFen: 180_000, edition: '2026 目录', lowBasisPoints: 5_000, highBasisPoints: 20_000 } },
      { row: 3, entry: { category: 'labour', unit: '工日', item: '施工人工', priceFen: 35_050, edition: '2026 目录', lowBasisPoints: 5_000, highBasisPoints: 15_000 } },
    ]);
  });

  it('names the row and column of every bad row: a negative price, an unknown category, a repeated category and unit', () => {
    const table = [
      ['category', 'unit', 'item', 'priceYuan', 'edition', 'lowRatio'],
      ['materials', '米', '线路', '900', '2026 目录', ''],
      ['materials', '吨', '钢材', '-5', '2026 目录', ''],
      ['magic', '个', '法器', '10', '2026 目录', ''],
      ['材料', ' 米', '线路（重复）', '950', '2026 目录', ''],
      ['equipment', '套', '传感器', '8000.001', '', 'abc'],
    ];
    const { rows, errors } = parseCatalogueTable(table);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors).toEqual([
      { row: 3, field: 'priceYuan', reason: 'must not be negative' },
      { row: 4, field: 'category', reason: '"magic" is not a cost category' },
      { row: 5, field: 'unit', reason: 'materials per "米" is already on row 2' },
      { row: 6, field: 'priceYuan', reason: 'has more than 2 decimals (fen)' },
      { row: 6, field: 'lowRatio', reason: '"abc" is not a ratio such as 1.5' },
      { row: 6, field: 'edition', reason: 'must name the catalogue edition (e.g. "2026 目录")' },
    ]);
  });

  it('refuses a header without a required column or with an unknown one, and an empty file', () => {
    expect(parseCatalogueCsv('category,unit,item,price,colour\n').errors).toEqual([
      { row: 1, field: 'colour', reason: 'unknown column (expected category, unit, item, priceYuan, edition, lowRatio, highRatio)' },
      { row: 1, field: 'edition', reason: 'missing column "edition"' },
    ]);
    expect(parseCatalogueCsv('').errors).toEqual([{ row: 1, field: 'header', reason: 'the file is empty' }]);
  });
});

describe('readsPastActuals', () => {
  it('is for the members who work in the cycle, not observers or evaluators', () => {
    expect(readsPastActuals([{ cycleId: 'c', role: 'liaison', departmentId: 'd' }], 'c')).toBe(true);
    expect(readsPastActuals([{ cycleId: 'c', role: 'reviewer', departmentId: null }], 'c')).toBe(true);
    expect(readsPastActuals([{ cycleId: 'c', role: 'observer', departmentId: null }, { cycleId: 'x', role: 'coordinator', departmentId: null }], 'c')).toBe(false);
  });
});
