import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window';

describe('SlidingWindow', () => {
  it('allows the limit per minute, then asks to wait until the oldest attempt expires', () => {
    let now = 0;
    const throttle = new SlidingWindow(3, () => now);
    expect([throttle.hit('a'), throttle.hit('a'), throttle.hit('a')]).toEqual([0, 0, 0]);
    now = 20_000;
    expect(throttle.hit('a')).toBe(40);
    expect(throttle.hit('b')).toBe(0);
    now = 60_001;
    expect(throttle.hit('a')).toBe(0);
  });
});
