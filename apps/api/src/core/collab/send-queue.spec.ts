import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendQueue } from './send-queue';

function socket() {
  return { bufferedAmount: 0, paused: false, pause() { this.paused = true; }, resume() { this.paused = false; } };
}

describe('SendQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should stop reading above the bound and resume once the queue drains below half of it', () => {
    const s = socket();
    const overflow = vi.fn();
    const queue = new SendQueue(s, 1000, overflow);
    s.bufferedAmount = 900;
    queue.afterSend();
    expect(s.paused).toBe(false);
    s.bufferedAmount = 1500;
    queue.afterSend();
    expect(s.paused).toBe(true);
    s.bufferedAmount = 600;
    vi.advanceTimersByTime(100);
    expect(s.paused).toBe(true);
    s.bufferedAmount = 400;
    vi.advanceTimersByTime(100);
    expect(s.paused).toBe(false);
    expect(overflow).not.toHaveBeenCalled();
  });

  it('should give up on a connection whose queue passes four times the bound, once', () => {
    const s = socket();
    const overflow = vi.fn();
    const queue = new SendQueue(s, 1000, overflow);
    s.bufferedAmount = 4001;
    queue.afterSend();
    queue.afterSend();
    expect(overflow).toHaveBeenCalledTimes(1);
    expect(overflow).toHaveBeenCalledWith(4001);
  });

  it('should give up on a connection that stays behind for too long', () => {
    const s = socket();
    const overflow = vi.fn();
    const queue = new SendQueue(s, 1000, overflow, 4000, 2000);
    s.bufferedAmount = 2000;
    queue.afterSend();
    vi.advanceTimersByTime(1900);
    expect(overflow).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(overflow).toHaveBeenCalledWith(2000);
    expect(queue.paused).toBe(false);
  });
});
