import type { Normalization } from './model';
import type { ScoreColumns } from './score-table';

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
 * All three run in one or two linear passes over the score columns.
 */
export function aggregateScores(cols: ScoreColumns, normalization: Normalization): CriterionValues {
  const cells = cols.packageCount * cols.criterionCount;
  const sum = new Float64Array(cells);
  const count = new Int32Array(cells);
  const trimmed = new Uint8Array(cells);
  const { cell, value, length } = cols;

  if (normalization === 'zscore') {
    const stats = reviewerStats(cols);
    const { pooledMean: mu, pooledSd: sigma } = stats;
    // per reviewer: s' = a·s + b
    const R = stats.mean.length;
    const a = new Float64Array(R);
    const b = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      if (stats.sd[r]! > SD_EPSILON && sigma > SD_EPSILON) {
        a[r] = sigma / stats.sd[r]!;
        b[r] = mu - a[r]! * stats.mean[r]!;
      } else {
        a[r] = 0;
        b[r] = mu;
      }
    }
    const rev = cols.reviewer;
    for (let i = 0; i < length; i++) {
      const r = rev[i]!;
      let v = a[r]! * value[i]! + b[r]!;
      if (v < 0) v = 0;
      else if (v > 100) v = 100;
      const k = cell[i]!;
      sum[k] += v;
      count[k]++;
    }
  } else if (normalization === 'trimmed') {
    const min = new Float64Array(cells).fill(Infinity);
    const max = new Float64Array(cells).fill(-Infinity);
    for (let i = 0; i < length; i++) {
      const k = cell[i]!;
      const v = value[i]!;
      sum[k] += v;
      count[k]++;
      if (v < min[k]!) min[k] = v;
      if (v > max[k]!) max[k] = v;
    }
    for (let k = 0; k < cells; k++) {
      if (count[k]! >= 3) {
        sum[k] -= min[k]! + max[k]!;
        count[k] -= 2;
        trimmed[k] = 1;
      }
    }
  } else {
    for (let i = 0; i < length; i++) {
      const k = cell[i]!;
      sum[k] += value[i]!;
      count[k]++;
    }
  }

  const out = new Float64Array(cells);
  for (let k = 0; k < cells; k++) out[k] = count[k]! > 0 ? sum[k]! / count[k]! : NaN;
  // count reports the scores that were received, also for trimmed cells
  if (normalization === 'trimmed') for (let k = 0; k < cells; k++) if (trimmed[k] === 1) count[k] += 2;
  return { packageCount: cols.packageCount, criterionCount: cols.criterionCount, value: out, count, trimmed };
}

/** Each reviewer's mean and population sd, and the pooled ones, in one pass (shifted sums for accuracy). */
export function reviewerStats(cols: ScoreColumns): ReviewerStats {
  const R = cols.reviewerIds.length;
  const n = new Int32Array(R);
  const s1 = new Float64Array(R);
  const s2 = new Float64Array(R);
  const { reviewer, value, length } = cols;
  const SHIFT = 50;
  for (let i = 0; i < length; i++) {
    const r = reviewer[i]!;
    const d = value[i]! - SHIFT;
    n[r]++;
    s1[r] += d;
    s2[r] += d * d;
  }
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
    mean[r] = m + SHIFT;
    sd[r] = Math.sqrt(Math.max(0, s2[r]! / n[r]! - m * m));
  }
  const pm = N > 0 ? S1 / N : 0;
  return {
    mean,
    sd,
    count: n,
    pooledMean: pm + SHIFT,
    pooledSd: N > 0 ? Math.sqrt(Math.max(0, S2 / N - pm * pm)) : 0,
  };
}
