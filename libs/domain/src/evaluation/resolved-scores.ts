import { fail } from './errors';
import type { ScoreTable } from './score-table';

/**
 * A ScoreTable checked against one ranking's packages, criteria and reviewers, with the raw
 * statistics every normalization starts from, gathered in the same pass. Nothing is copied: a later
 * pass (z-scores) reads the table's columns through the dictionary maps, e.g. the package of score
 * i is packageOf[table.packageIndex[i]].
 */
export interface ResolvedScores {
  table: ScoreTable;
  length: number;
  packageCount: number;
  criterionCount: number;
  /** reviewer ids by ranking-wide reviewer index (known reviewers first, then any others) */
  reviewerIds: string[];
  /** table package index → ranking package index */
  packageOf: Int32Array;
  /** table reviewer index → ranking reviewer index */
  reviewerOf: Int32Array;
  /** table criterion index → criterion index in the settings */
  criterionOf: Int32Array;
  /** 1 for a score left out for conflict of interest; null when none is */
  excludedMask: Uint8Array | null;
  excluded: number;
  /** (reviewer, package) pairs left out, flattened: [r0, p0, r1, p1, ...] */
  conflictPairs: number[];
  /**
   * Per cell (package × criterion) over the scores kept, interleaved so one cell is one cache line:
   * [sum, count] per cell, or [sum, count, min, max] with minMax. See CELL_* offsets.
   */
  cellStats: Float64Array;
  /** 2, or 4 with minMax */
  cellStride: number;
  /** per ranking reviewer over the scores kept: count, Σ(s − 50), Σ(s − 50)² (zeros unless reviewerSums) */
  reviewerCount: Int32Array;
  reviewerSum: Float64Array;
  reviewerSumSq: Float64Array;
}

export const CELL_SUM = 0;
export const CELL_COUNT = 1;
export const CELL_MIN = 2;
export const CELL_MAX = 3;

/** Reviewer sums are taken around this value, which keeps the variance computation accurate. */
export const REVIEWER_SUM_SHIFT = 50;

export interface ScoreIndexes {
  packageIndex: ReadonlyMap<string, number>;
  criterionKeys: readonly string[];
  reviewerIndex: Map<string, number>;
  reviewerIds: string[];
  /** [r * packageCount + p] = 1 when reviewer r must not score package p (see conflictMatrix) */
  conflicts: Uint8Array | null;
}

/**
 * One pass over the typed columns that checks every score (0–100, known package and criterion, at
 * most one per reviewer × package × criterion), leaves out the scores a reviewer gave to a package
 * of their own department, and sums what is kept per cell and per reviewer. `path` names the input
 * in error messages (entry i is `${path}[i]`). `minMax` also records each cell's extremes (for the
 * trimmed mean); `reviewerSums` (default true) the per-reviewer sums (for z-scores).
 */
export function resolveScores(
  table: ScoreTable,
  idx: ScoreIndexes,
  options: { minMax?: boolean; reviewerSums?: boolean; path?: string } = {},
): ResolvedScores {
  const path = options.path ?? 'scores';
  const P = idx.packageIndex.size;
  const C = idx.criterionKeys.length;
  const n = table.score.length;
  if (table.packageIndex.length !== n || table.reviewerIndex.length !== n || table.criterionIndex.length !== n) {
    fail(path, 'score table columns differ in length');
  }
  const packageOf = Int32Array.from(table.packageIds, (id) => idx.packageIndex.get(id) ?? -1);
  const criterionOf = Int32Array.from(table.criterionKeys, (key) => idx.criterionKeys.indexOf(key));
  const reviewerOf = Int32Array.from(table.reviewerIds, (id) => {
    let r = idx.reviewerIndex.get(id);
    if (r === undefined) {
      if (typeof id !== 'string' || id === '') fail(`${path}.reviewerIds`, 'must be non-empty strings');
      r = idx.reviewerIds.length;
      idx.reviewerIndex.set(id, r);
      idx.reviewerIds.push(id);
    }
    return r;
  });
  const conflicts = idx.conflicts;
  const conflictSeen = conflicts === null ? null : new Uint8Array(conflicts.length);
  const conflictPairs: number[] = [];
  const RD = reviewerOf.length;
  const cells = P * C;
  const minMax = options.minMax ?? false;
  const stride = minMax ? 4 : 2;
  const cellStats = new Float64Array(cells * stride);
  if (minMax) {
    for (let k = 0; k < cells; k++) {
      cellStats[k * 4 + CELL_MIN] = Infinity;
      cellStats[k * 4 + CELL_MAX] = -Infinity;
    }
  }
  // per table reviewer (folded into ranking reviewers at the end)
  const tn = new Int32Array(RD);
  const t1 = new Float64Array(RD);
  const t2 = new Float64Array(RD);
  const withReviewerSums = options.reviewerSums ?? true;
  // duplicate detection: one bit per (cell, reviewer) when that block is not much larger than the
  // scores themselves (the dense case); a set of keys when the scores are sparse
  const RR = idx.reviewerIds.length;
  const dense = RR * cells <= Math.max(32 * n, 1 << 23);
  const seenDense = dense ? new Int32Array(((RR * cells) >>> 5) + 1) : null;
  const seenSparse = dense ? null : new Set<number>();

  // the first cell of each table package (p × C), -1 when the package is unknown: with the criterion
  // index, one addition gives the cell
  const cellBase = Int32Array.from(packageOf, (p) => (p < 0 ? -1 : p * C));
  const scan: Scan = {
    table, path, packageOf, criterionOf, reviewerOf, cellBase, reviewerCount: RR, packageCount: P,
    seenDense, seenSparse, conflicts, conflictSeen, conflictPairs, cellStats, minMax, reviewerSums: withReviewerSums,
    tn, t1, t2, excludedMask: null, excluded: 0,
  };
  scanScores(scan);
  const { excludedMask, excluded } = scan;
  const R = idx.reviewerIds.length;
  const reviewerCount = new Int32Array(R);
  const reviewerSum = new Float64Array(R);
  const reviewerSumSq = new Float64Array(R);
  for (let t = 0; t < RD; t++) {
    const r = reviewerOf[t]!;
    reviewerCount[r] += tn[t]!;
    reviewerSum[r] += t1[t]!;
    reviewerSumSq[r] += t2[t]!;
  }
  return {
    table,
    length: n,
    packageCount: P,
    criterionCount: C,
    reviewerIds: idx.reviewerIds,
    packageOf,
    reviewerOf,
    criterionOf,
    excludedMask,
    excluded,
    conflictPairs,
    cellStats,
    cellStride: stride,
    reviewerCount,
    reviewerSum,
    reviewerSumSq,
  };
}

/**
 * Throws the first problem of score i of a table, in the order resolveScores checks them (called
 * only for a score that has one; out of line, so the loop keeps its variables in registers).
 */
function rejectScore(table: ScoreTable, i: number, packageOf: Int32Array, criterionOf: Int32Array, path: string): never {
  const pi = table.packageIndex[i]!;
  const ri = table.reviewerIndex[i]!;
  const ci = table.criterionIndex[i]!;
  if (!(pi >= 0 && pi < packageOf.length && ri >= 0 && ri < table.reviewerIds.length && ci >= 0 && ci < criterionOf.length)) {
    fail(`${path}[${i}]`, 'index outside the table dictionaries');
  }
  if (packageOf[pi]! < 0) fail(`${path}[${i}].packageId`, `unknown package "${table.packageIds[pi]}"`);
  if (criterionOf[ci]! < 0) fail(`${path}[${i}].criterionKey`, `unknown criterion "${table.criterionKeys[ci]}"`);
  const v = table.score[i]!;
  if (!(v >= 0 && v <= 100)) fail(`${path}[${i}].score`, 'must be a number from 0 to 100');
  return fail(`${path}[${i}]`, `reviewer "${table.reviewerIds[ri]}" scored "${table.packageIds[pi]}" on "${table.criterionKeys[ci]}" twice`);
}

/** What the pass over the scores reads and fills in (see resolveScores). */
interface Scan {
  table: ScoreTable;
  path: string;
  packageOf: Int32Array;
  criterionOf: Int32Array;
  reviewerOf: Int32Array;
  /** per table package: its first cell (p × C), -1 when unknown */
  cellBase: Int32Array;
  /** ranking reviewers (the stride of a cell's block in the duplicate set) */
  reviewerCount: number;
  packageCount: number;
  seenDense: Int32Array | null;
  seenSparse: Set<number> | null;
  conflicts: Uint8Array | null;
  conflictSeen: Uint8Array | null;
  conflictPairs: number[];
  cellStats: Float64Array;
  minMax: boolean;
  reviewerSums: boolean;
  /** per table reviewer: count, Σ(s − 50), Σ(s − 50)² */
  tn: Int32Array;
  t1: Float64Array;
  t2: Float64Array;
  excludedMask: Uint8Array | null;
  excluded: number;
}

/**
 * The one pass over the score columns: checks each score, leaves out conflicted ones and adds the
 * rest to their cell (and reviewer). A function of its own with everything in locals, so the loop
 * is compiled on its own and keeps its variables in registers.
 */
function scanScores(scan: Scan): void {
  const { table, path, packageOf, criterionOf, reviewerOf, cellBase, seenDense, seenSparse, conflicts, conflictSeen, conflictPairs, cellStats, minMax, reviewerSums, tn, t1, t2 } = scan;
  const { packageIndex: tp, reviewerIndex: tr, criterionIndex: tc, score } = table;
  const RR = scan.reviewerCount;
  const P = scan.packageCount;
  const n = score.length;
  const PD = packageOf.length;
  const RD = reviewerOf.length;
  const CD = criterionOf.length;
  const stride = minMax ? 4 : 2;
  let excludedMask: Uint8Array | null = null;
  let excluded = 0;
  let runR = -1;
  let runN = 0;
  let runS1 = 0;
  let runS2 = 0;
  for (let i = 0; i < n; i++) {
    const pi = tp[i]!;
    const ri = tr[i]!;
    const ci = tc[i]!;
    if (!(pi >= 0 && pi < PD && ri >= 0 && ri < RD && ci >= 0 && ci < CD)) rejectScore(table, i, packageOf, criterionOf, path);
    const base = cellBase[pi]!;
    const c = criterionOf[ci]!;
    if ((base | c) < 0) rejectScore(table, i, packageOf, criterionOf, path);
    const k = base + c;
    const v = score[i]!;
    if (!(v >= 0 && v <= 100)) rejectScore(table, i, packageOf, criterionOf, path);
    const r = reviewerOf[ri]!;
    // cell-major, so scores that arrive grouped by package touch neighbouring bits
    const key = k * RR + r;
    if (seenDense !== null) {
      const word = seenDense[key >>> 5]!;
      const bit = 1 << (key & 31);
      if ((word & bit) !== 0) rejectScore(table, i, packageOf, criterionOf, path);
      seenDense[key >>> 5] = word | bit;
    } else {
      if (seenSparse!.has(key)) rejectScore(table, i, packageOf, criterionOf, path);
      seenSparse!.add(key);
    }
    if (conflicts !== null) {
      const p = packageOf[pi]!;
      const rp = r * P + p;
      if (rp < conflicts.length && conflicts[rp] === 1) {
        excludedMask ??= new Uint8Array(n);
        excludedMask[i] = 1;
        excluded++;
        if (conflictSeen![rp] === 0) {
          conflictSeen![rp] = 1;
          conflictPairs.push(r, p);
        }
        continue;
      }
    }
    const at = k * stride;
    cellStats[at] += v;
    cellStats[at + 1] += 1;
    if (minMax) {
      if (v < cellStats[at + 2]!) cellStats[at + 2] = v;
      if (v > cellStats[at + 3]!) cellStats[at + 3] = v;
    }
    if (reviewerSums) {
      // kept in locals while the reviewer stays the same (scores usually come in runs per reviewer)
      if (ri !== runR) {
        if (runR >= 0) {
          tn[runR] += runN;
          t1[runR] += runS1;
          t2[runR] += runS2;
        }
        runR = ri;
        runN = 0;
        runS1 = 0;
        runS2 = 0;
      }
      const d = v - REVIEWER_SUM_SHIFT;
      runN++;
      runS1 += d;
      runS2 += d * d;
    }
  }
  if (runR >= 0) {
    tn[runR] += runN;
    t1[runR] += runS1;
    t2[runR] += runS2;
  }
  scan.excludedMask = excludedMask;
  scan.excluded = excluded;
}
