import { describe, expect, it } from 'vitest';
import { parsePastedCostLines, splitTsv, toHalfWidth } from './paste';

const year = { defaultYear: 2027 };

describe('parsePastedCostLines', () => {
  it('should read rows without a header in the grid order, amounts in 万元 by default', () => {
    const result = parsePastedCostLines('材料\t光缆\t12.5\t公里\t3.2\t2027\n人工\t敷设人工\t30\t人·月\t1.5\t2028\n', year);
    expect(result.header).toBe(false);
    expect(result.unreadable).toEqual([]);
    expect(result.lines).toEqual([
      { category: 'materials', description: '光缆', quantityMilli: 12_500, unit: '公里', unitCostFen: 3_200_000, year: 2027 },
      { category: 'labour', description: '敷设人工', quantityMilli: 30_000, unit: '人·月', unitCostFen: 1_500_000, year: 2028 },
    ]);
  });

  it('should detect a header row, follow its column order and its 元 unit', () => {
    const text = '名称\t单价（元）\t数量\t类别\t年度\n电缆井\t35,000\t20\t材料\t2027\n';
    const result = parsePastedCostLines(text, year);
    expect(result.header).toBe(true);
    expect(result.lines).toEqual([{ category: 'materials', description: '电缆井', quantityMilli: 20_000, unit: '', unitCostFen: 3_500_000, year: 2027 }]);
  });

  it('should take the unit a cell states over the default, with thousands separators', () => {
    const result = parsePastedCostLines('设备\t变压器\t2\t台\t1,200万元\t2027\n设备\t配电柜\t1\t台\t¥1,250,000.50\t2027', year);
    expect(result.lines.map((l) => l.unitCostFen)).toEqual([1_200_000_000, 125_000_050]);
  });

  it('should read full-width digits, commas and spaces as WPS may copy them', () => {
    expect(toHalfWidth('１２，３４５．６')).toBe('12,345.6');
    const result = parsePastedCostLines('机械\t挖掘机租赁\t３\t台班\t１，２００\t２０２７', year);
    expect(result.lines).toEqual([{ category: 'machinery', description: '挖掘机租赁', quantityMilli: 3000, unit: '台班', unitCostFen: 1_200_000_000, year: 2027 }]);
  });

  it('should derive the unit cost from an amount column when there is no unit cost', () => {
    const result = parsePastedCostLines('内容\t数量\t金额(万元)\n管沟开挖\t4\t10', year);
    expect(result.lines[0]).toMatchObject({ description: '管沟开挖', quantityMilli: 4000, unitCostFen: 2_500_000, category: 'other', year: 2027 });
  });

  it('should list unreadable rows with the field and value, and keep the readable ones whole', () => {
    const text = '材料\t光缆\t10\t公里\t3\t2027\n材料\t接头盒\tabc\t个\t0.2\t2027\n魔法\t\t1\t个\t-5\t1999\n';
    const result = parsePastedCostLines(text, year);
    expect(result.lines).toHaveLength(1);
    expect(result.unreadable).toEqual([
      { row: 2, text: '材料\t接头盒\tabc\t个\t0.2\t2027', problems: [{ field: 'quantity', value: 'abc', reason: 'notANumber' }] },
      {
        row: 3,
        text: '魔法\t\t1\t个\t-5\t1999',
        problems: [
          { field: 'category', value: '魔法', reason: 'unknownCategory' },
          { field: 'description', value: '', reason: 'missing' },
          { field: 'unitCost', value: '-5', reason: 'negative' },
          { field: 'year', value: '1999', reason: 'notAYear' },
        ],
      },
    ]);
  });

  it('should refuse amounts finer than the fen and quantities finer than a thousandth', () => {
    const result = parsePastedCostLines('材料\t光缆\t1.0005\t公里\t3\t2027\n材料\t光缆\t1\t公里\t3.0000001\t2027', year);
    expect(result.unreadable.map((r) => r.problems[0])).toEqual([
      { field: 'quantity', value: '1.0005', reason: 'tooPrecise' },
      { field: 'unitCost', value: '3.0000001', reason: 'tooPrecise' },
    ]);
  });

  it('should not take a first row of numbers for a header, and skip blank lines', () => {
    const result = parsePastedCostLines('\n其他\t监理\t1\t项\t20\t2027\n\n', year);
    expect(result.header).toBe(false);
    expect(result.lines).toHaveLength(1);
  });

  it('should unquote cells that span lines, as spreadsheets copy them', () => {
    expect(splitTsv('a\t"two\nlines"\tc\r\nd\t"say ""hi"""\tf')).toEqual([
      ['a', 'two\nlines', 'c'],
      ['d', 'say "hi"', 'f'],
    ]);
  });

  it('should return nothing for an empty paste', () => {
    expect(parsePastedCostLines('  \n\t\n', year)).toEqual({ lines: [], unreadable: [], header: false });
  });
});
