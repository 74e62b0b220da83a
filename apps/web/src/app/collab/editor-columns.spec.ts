import { describe, expect, it } from 'vitest';
import { costLineColumns, milliText, percentToBasisPoints } from './editor-columns';

const t = (key: string) => key;

describe('editor cells', () => {
  it('should show thousandths as short decimals', () => {
    expect(milliText(12_500)).toBe('12.5');
    expect(milliText(3_000)).toBe('3');
    expect(milliText(1)).toBe('0.001');
  });

  it('should read percentages as basis points, up to two decimals and 100 %', () => {
    expect(percentToBasisPoints('60')).toBe(6_000);
    expect(percentToBasisPoints('33.33 %')).toBe(3_333);
    expect(percentToBasisPoints('100')).toBe(10_000);
    expect(percentToBasisPoints('100.01')).toBeNull();
    expect(percentToBasisPoints('1.234')).toBeNull();
    expect(percentToBasisPoints('abc')).toBeNull();
  });

  it('should read cost-line cells with the paste rules and say why a cell cannot be read', () => {
    const byField = new Map(costLineColumns(t).map((c) => [c.field, c]));
    expect(byField.get('unitCostFen')!.parse('1,250')).toEqual({ ok: true, value: 1_250_000_000 });
    expect(byField.get('unitCostFen')!.parse('35,000元')).toEqual({ ok: true, value: 3_500_000 });
    expect(byField.get('quantityMilli')!.parse('abc')).toEqual({ ok: false, reason: 'paste.reason.notANumber' });
    expect(byField.get('year')!.parse('1999')).toEqual({ ok: false, reason: 'paste.reason.notAYear' });
    expect(byField.get('category')!.parse('materials')).toEqual({ ok: true, value: 'materials' });
  });
});
