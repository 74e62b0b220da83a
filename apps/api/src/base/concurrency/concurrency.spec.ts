import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import { SerialQueue } from './serial-queue';
import { TokenBucket } from './token-bucket';

describe('GroupCommit', () => {
  it('should put submissions made during a flush into one next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const commit = new GroupCommit<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = commit.submit(1);
    await Promise.resolve();
    await Promise.resolve();
    const rest = [2, 3, 4].map((n) => commit.submit(n));
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(commit.flushes).toBe(2);
  });

  it('should reject the submitters of a failed batch only', async () => {
    let fail = true;
    const commit = new GroupCommit<number>(async () => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
    });
    await expect(commit.submit(1)).rejects.toThrow('disk full');
    await expect(commit.submit(2)).resolves.toBeUndefined();
  });
});

describe('SerialQueue', () => {
  it('should run tasks in order even when an earlier one fails', async () => {
    const queue = new SerialQueue();
    const order: number[] = [];
    const a = queue.run(async () => {
      await new Promise((r) => setTimeout(r, 5));
      order.push(1);
      throw new Error('x');
    });
    const b = queue.run(() => order.push(2));
    await expect(a).rejects.toThrow('x');
    await b;
    expect(order).toEqual([1, 2]);
  });
});

describe('TokenBucket', () => {
  it('should allow a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 20, () => now);
    const burst = Array.from({ length: 25 }, () => bucket.take()).filter(Boolean).length;
    expect(burst).toBe(20);
    now = 500;
    expect(Array.from({ length: 10 }, () => bucket.take()).filter(Boolean).length).toBe(5);
  });
});
