/**
 * Exact apportionment of an amount of fen by integer weights (largest remainder method):
 * the parts always sum to the amount; ties go to the earlier weight.
 */
import { assertFen, type Fen } from '@zerobase/domain';

export function apportion(amount: Fen, weights: readonly number[]): Fen[] {
  assertFen(amount);
  const total = weights.reduce((s, w) => {
    if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative integers, got ${w}`);
    return s + BigInt(w);
  }, 0n);
  if (total === 0n) return weights.map(() => 0);
  const a = BigInt(amount);
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const parts = weights.map((w) => (abs * BigInt(w)) / total);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % total }));
  let left = abs - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left--;
  }
  return parts.map((p) => Number(negative ? -p : p));
}
