import { describe, expect, it } from 'vitest';
import { formatWanYuan, lineAmount, mulDivRound, MoneyError, parseDecimal, percentOf, sumFen } from './money';

describe('money', () => {
  it('multiplies quantity by unit cost exactly, rounding half away from zero', () => {
    expect(lineAmount(2_500, 1_000_001)).toBe(2_500_003); // 2.5 × 10 000.01 yuan
    expect(lineAmount(1, 1)).toBe(0);
    expect(lineAmount(500, 1)).toBe(1);
    expect(mulDivRound(-5, 1, 10)).toBe(-1);
  });

  it('takes basis-point shares without floating-point drift', () => {
    expect(percentOf(170_000_000_00, 1_000)).toBe(17_000_000_00); // 10 % of 170 M yuan
    expect(percentOf(1, 5_000)).toBe(1);
    // 0.1 + 0.2 style drift cannot occur: 3 × 10 % of 10 fen
    expect(sumFen([percentOf(10, 1_000), percentOf(10, 1_000), percentOf(10, 1_000)])).toBe(3);
  });

  it('refuses amounts beyond safe integers or with fractions of a fen', () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(MoneyError);
    expect(() => sumFen([1.5])).toThrow(MoneyError);
  });

  it('parses decimals into fixed-point integers', () => {
    expect(parseDecimal('12.5', 3)).toBe(12_500);
    expect(parseDecimal('7', 2)).toBe(700);
    expect(() => parseDecimal('1.2345', 3)).toThrow(MoneyError);
    expect(() => parseDecimal('abc', 3)).toThrow(MoneyError);
  });

  it('formats fen as 万元', () => {
    expect(formatWanYuan(5_000_000_000)).toBe('5,000.00');
    expect(formatWanYuan(1_234_567)).toBe('1.23');
    expect(formatWanYuan(-15_000_000)).toBe('-15.00');
  });
});
