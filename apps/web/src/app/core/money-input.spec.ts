import { describe, expect, it } from 'vitest';
import { parseWanYuanInput, wanYuanInputValue } from './money-input';

describe('万元 inputs', () => {
  it('should parse amounts in 万元 into whole fen and refuse anything else', () => {
    expect(parseWanYuanInput('600')).toBe(600_000_000);
    expect(parseWanYuanInput(' 1,200.5 ')).toBe(1_200_500_000);
    expect(parseWanYuanInput('0.000001')).toBe(1);
    expect(parseWanYuanInput('-1')).toBeNull();
    expect(parseWanYuanInput('1.0000001')).toBeNull();
    expect(parseWanYuanInput('abc')).toBeNull();
    expect(parseWanYuanInput('')).toBeNull();
  });

  it('should show fen as an editable 万元 value that parses back to the same fen', () => {
    expect(wanYuanInputValue(600_000_000)).toBe('600.00');
    expect(wanYuanInputValue(60_000_000_000)).toBe('60,000.00');
    expect(wanYuanInputValue(1_234_567)).toBe('1.234567');
    expect(wanYuanInputValue(1_500_000)).toBe('1.50');
    for (const fen of [0, 1, 99, 1_234_567, 18_700_000_000]) expect(parseWanYuanInput(wanYuanInputValue(fen))).toBe(fen);
  });
});
