import fc from 'fast-check';
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

  it('rounds a × num / den like the exact BigInt computation, on both sides of the double fast path', () => {
    const reference = (a: number, num: number, den: number): number => {
      const product = BigInt(a) * BigInt(num);
      const d = BigInt(den);
      const absP = product < 0n ? -product : product;
      const absD = d < 0n ? -d : d;
      const q = (absP * 2n + absD) / (2n * absD);
      return Number(product < 0n !== d < 0n ? -q : q);
    };
    const int = fc.oneof(
      fc.integer({ min: -20_000, max: 20_000 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.integer({ min: -(2 ** 26), max: 2 ** 26 }).map((x) => x * 2 ** 26 + 7),
      // near the largest safe integers, where the double path ends
      fc.integer({ min: 0, max: 2 ** 20 }).map((x) => Number.MAX_SAFE_INTEGER - x),
      fc.constantFrom(1, -1, 10_000, 2 ** 31, 2 ** 31 + 1),
    );
    fc.assert(
      fc.property(int, int, int, (a, num, den) => {
        fc.pre(den !== 0);
        const expected = reference(a, num, den);
        if (!Number.isSafeInteger(expected)) expect(() => mulDivRound(a, num, den)).toThrow(MoneyError);
        else expect(Object.is(mulDivRound(a, num, den), expected)).toBe(true);
      }),
      { seed: 20261202, numRuns: 5_000 },
    );
    // halves round away from zero, a zero result is +0
    expect(mulDivRound(5, 1, 10)).toBe(1);
    expect(mulDivRound(-15, 1, 10)).toBe(-2);
    expect(Object.is(mulDivRound(-1, 1, 10), 0)).toBe(true);
    expect(mulDivRound(2 ** 50, 3, 4)).toBe(3 * 2 ** 48);
    expect(mulDivRound(Number.MAX_SAFE_INTEGER - 1, 1, 2)).toBe(2 ** 52 - 1); // (2^53 − 2) / 2
    expect(mulDivRound(Number.MAX_SAFE_INTEGER, 1, 2)).toBe(2 ** 52); // 2^52 − ½ rounds up
  });
});
