import { describe, expect, it } from 'vitest';
import { formatWanYuan } from './money';
import { formatBasisPoints, formatScore, formatWanYuanInput, parsePercentInput, parseWanYuanInput, roundScoreForDisplay } from './format';

describe('number format', () => {
  it('should show 万元 with thousands separators in inputs as in tables', () => {
    expect(formatWanYuan(60_000_000_000)).toBe('60,000.00');
    expect(formatWanYuanInput(60_000_000_000)).toBe('60,000.00');
    expect(formatWanYuanInput(1_234_567)).toBe('1.234567');
    expect(formatWanYuanInput(1_500_000)).toBe('1.50');
    expect(formatWanYuanInput(0)).toBe('0.00');
  });

  it('should parse what it shows back to the same fen, and refuse what is not an amount', () => {
    for (const fen of [0, 1, 99, 1_234_567, 18_700_000_000, 60_000_000_000, 123_456_789_012_345]) expect(parseWanYuanInput(formatWanYuanInput(fen))).toBe(fen);
    expect(parseWanYuanInput(' 1，200.5 ')).toBe(1_200_500_000);
    for (const bad of ['-1', '1.0000001', 'abc', '', '1e5']) expect(parseWanYuanInput(bad)).toBeNull();
  });

  it('should round every score the same way: two decimals, half away from zero', () => {
    expect(formatScore(72.345)).toBe('72.35');
    expect(formatScore(0.125)).toBe('0.13');
    expect(formatScore(63)).toBe('63.00');
    expect(formatScore(99.994999)).toBe('99.99');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
    expect(roundScoreForDisplay(-1.005)).toBe(-1.01);
  });

  it('should read and show percentages as basis points', () => {
    expect(parsePercentInput('10')).toBe(1_000);
    expect(parsePercentInput('12.5%')).toBe(1_250);
    expect(parsePercentInput('100')).toBe(10_000);
    expect(parsePercentInput('100.01')).toBeNull();
    expect(parsePercentInput('-1')).toBeNull();
    expect(formatBasisPoints(1_250)).toBe('12.5');
  });
});
