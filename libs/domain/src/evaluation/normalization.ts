import type { Normalization } from './model';
import { CELL_COUNT, CELL_MAX, CELL_MIN, CELL_SUM, REVIEWER_SUM_SHIFT, type ResolvedScores } from './resolved-scores';

/** Per package × criterion: the aggregated 0–100 value (NaN when nobody scored it). */
export interface CriterionValues {
  packageCount: number;
  criterionCount: number;
  /** [p * criterionCount + c] */
  value: Float64Array;
  /** scores that went into each value */
  count: Int32Array;
  /** 1 where the trimmed mean dropped the highest and lowest score */
  trimmed: Uint8Array;
}

/** Mean and population standard deviation of each reviewer's scores and of all scores pooled. */
export interface ReviewerStats {
  mean: Float64Array;
  sd: Float64Array;
  count: Int32Array;
  pooledMean: number;
  pooledSd: number;
}

/** Below this a standard deviation counts as zero (a reviewer who gave everything the same score). */
const SD_EPSILON = 1e-9;

/**
 * Aggregates reviewers' scores per package and criterion:
 * - `none`: the plain mean.
 * - `zscore`: each reviewer's scores are standardized against that reviewer's own mean and
 *   (population) standard deviation, then mapped back onto the pooled mean and standard deviation of
 *   all scores, s' = μ + σ · (s − μᵣ) / σᵣ, clamped to 0–100, and averaged. This removes harsh or
 *   lenient reviewers and reviewers who use a narrow band, but keeps the 0–100 scale, so tiers still
 *   mean something. A reviewer whose scores are all equal says nothing about the order: their scores
 *   become μ. Note: it is not monotone in a single raw score (raising one score moves that reviewer's
 *   mean and spread, and so the normalized value of their other scores).
 * - `trimmed`: with three or more scores, the single highest and single lowest are dropped before
 *   the mean (one of each even when several reviewers gave the same extreme value); with fewer, the
 *   plain mean.
 * none and trimmed need only the per-cell sums, counts and extremes gathered while the scores were
 * checked (resolveScores); zscore takes one more linear pass over the score columns.
 */
export function aggregateScores(scores: ResolvedScores, normalization: Normalization): CriterionValues {
  const C = scores.criterionCount;
  const cells = scores.packageCount * C;
  const { cellStats: st, cellStride: S } = scores;
  const sum = new Float64Array(cells);
  const count = new Int32Array(cells);
  const trimmed = new Uint8Array(cells);
  for (let k = 0; k < cells; k++) {
    sum[k] = st[k * S + CELL_SUM]!;
    count[k] = st[k * S + CELL_COUNT]!;
  }

  if (normalization === 'zscore') {
    sum.set(zscoreSums(scores));
  } else if (normalization === 'trimmed') {
    if (S < 4) throw new Error('trimmed normalization needs scores resolved with minMax');
    for (let k = 0; k < cells; k++) {
      if (count[k]! >= 3) {
        sum[k] -= st[k * S + CELL_MIN]! + st[k * S + CELL_MAX]!;
        count[k] -= 2;
        trimmed[k] = 1;
      }
    }
  }

  const out = new Float64Array(cells);
  for (let k = 0; k < cells; k++) out[k] = count[k]! > 0 ? sum[k]! / count[k]! : NaN;
  // count reports the scores that were received, also for trimmed cells
  if (normalization === 'trimmed') for (let k = 0; k < cells; k++) if (trimmed[k] === 1) count[k] += 2;
  return { packageCount: scores.packageCount, criterionCount: C, value: out, count, trimmed };
}

/** Second pass for z-scores: per cell, the sum of s' = μ + σ·(s − μᵣ)/σᵣ clamped to 0–100. */
function zscoreSums(scores: ResolvedScores): Float64Array {
  const C = scores.criterionCount;
  const sum = new Float64Array(scores.packageCount * C);
  const stats = reviewerStats(scores);
  const { pooledMean: mu, pooledSd: sigma } = stats;
  // s' = a·s + b, per table reviewer (saves one indirection in the loop)
  const a = Float64Array.from(scores.reviewerOf, (r) => (stats.sd[r]! > SD_EPSILON && sigma > SD_EPSILON ? sigma / stats.sd[r]! : 0));
  const b = Float64Array.from(scores.reviewerOf, (r, t) => mu - a[t]! * (a[t]! === 0 ? 0 : stats.mean[r]!));
  const { packageIndex: tp, criterionIndex: tc, reviewerIndex: tr, score } = scores.table;
  const { packageOf, criterionOf, excludedMask: skip } = scores;
  for (let i = 0; i < scores.length; i++) {
    if (skip !== null && skip[i] === 1) continue;
    const ri = tr[i]!;
    let v = a[ri]! * score[i]! + b[ri]!;
    if (v < 0) v = 0;
    else if (v > 100) v = 100;
    sum[packageOf[tp[i]!]! * C + criterionOf[tc[i]!]!] += v;
  }
  return sum;
}

/** Each reviewer's mean and population sd, and the pooled ones, from the sums gathered while resolving. */
export function reviewerStats(scores: ResolvedScores): ReviewerStats {
  const { reviewerCount: n, reviewerSum: s1, reviewerSumSq: s2 } = scores;
  const R = n.length;
  const mean = new Float64Array(R);
  const sd = new Float64Array(R);
  let N = 0;
  let S1 = 0;
  let S2 = 0;
  for (let r = 0; r < R; r++) {
    N += n[r]!;
    S1 += s1[r]!;
    S2 += s2[r]!;
    if (n[r]! === 0) continue;
    const m = s1[r]! / n[r]!;
    mean[r] = m + REVIEWER_SUM_SHIFT;
    sd[r] = Math.sqrt(Math.max(0, s2[r]! / n[r]! - m * m));
  }
  const pm = N > 0 ? S1 / N : 0;
  return {
    mean,
    sd,
    count: Int32Array.from(n),
    pooledMean: pm + REVIEWER_SUM_SHIFT,
    pooledSd: N > 0 ? Math.sqrt(Math.max(0, S2 / N - pm * pm)) : 0,
  };
}
