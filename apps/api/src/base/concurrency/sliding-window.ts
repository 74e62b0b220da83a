/**
 * Counts attempts per key (a client address, an account, a user) in a sliding minute. In-memory
 * per instance: behind a load balancer each instance limits on its own.
 */
export class SlidingWindow {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait if an attempt were made now (0: allowed); records nothing. */
  check(key: string): number {
    const t = this.now();
    const recent = (this.attempts.get(key) ?? []).filter((at) => t - at < 60_000);
    return recent.length >= this.limitPerMinute ? Math.max(1, Math.ceil((recent[0] + 60_000 - t) / 1000)) : 0;
  }

  /** Records an attempt; returns the seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const t = this.now();
    const recent = (this.attempts.get(key) ?? []).filter((at) => t - at < 60_000);
    if (recent.length >= this.limitPerMinute) {
      this.attempts.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + 60_000 - t) / 1000));
    }
    recent.push(t);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.prune(t);
    return 0;
  }

  private prune(t: number): void {
    for (const [key, times] of this.attempts) if (times.every((at) => t - at >= 60_000)) this.attempts.delete(key);
  }
}
