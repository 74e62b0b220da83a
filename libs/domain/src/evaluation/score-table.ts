import { fail } from './errors';
import type { RawScore } from './model';

/**
 * Raw scores resolved to indexes, column by column (typed arrays): the layout every later phase reads.
 * cell = packageIndex * criterionCount + criterionIndex.
 */
export interface ScoreColumns {
  packageCount: number;
  criterionCount: number;
  /** reviewer ids by index (known reviewers first, then any others seen in the scores) */
  reviewerIds: string[];
  length: number;
  cell: Int32Array;
  reviewer: Int32Array;
  value: Float64Array;
  /** scores left out because of a conflict of interest */
  excluded: number;
  /** (reviewer, package) pairs that were left out, flattened: [r0, p0, r1, p1, ...] */
  conflictPairs: number[];
}

export interface ScoreIndexes {
  packageIndex: ReadonlyMap<string, number>;
  criterionKeys: readonly string[];
  reviewerIndex: Map<string, number>;
  reviewerIds: string[];
  /** [r * packageCount + p] = 1 when reviewer r must not score package p (see conflictMatrix) */
  conflicts: Uint8Array | null;
}

/**
 * Resolves raw score records to columns in one pass. Checks each score (0–100, known package,
 * known criterion, at most one score per reviewer × package × criterion) and drops the scores a
 * reviewer gave to a package of their own department.
 */
export function buildScoreColumns(scores: readonly RawScore[], idx: ScoreIndexes): ScoreColumns {
  const P = idx.packageIndex.size;
  const C = idx.criterionKeys.length;
  const n = scores.length;
  const cell = new Int32Array(n);
  const reviewer = new Int32Array(n);
  const value = new Float64Array(n);
  const seen: Uint8Array[] = [];
  const conflictSeen = idx.conflicts === null ? null : new Uint8Array(idx.conflicts.length);
  const conflictPairs: number[] = [];
  const keys = idx.criterionKeys;
  let length = 0;
  let excluded = 0;
  let lastPackageId: string | undefined;
  let lastP = -1;
  let lastReviewerId: string | undefined;
  let lastR = -1;
  let lastKey: string | undefined;
  let lastC = -1;

  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    let p = lastP;
    if (s.packageId !== lastPackageId) {
      const found = idx.packageIndex.get(s.packageId);
      if (found === undefined) fail(`scores[${i}].packageId`, `unknown package "${s.packageId}"`);
      p = lastP = found;
      lastPackageId = s.packageId;
    }
    let r = lastR;
    if (s.reviewerId !== lastReviewerId) {
      if (typeof s.reviewerId !== 'string' || s.reviewerId === '') fail(`scores[${i}].reviewerId`, 'is required');
      let found = idx.reviewerIndex.get(s.reviewerId);
      if (found === undefined) {
        found = idx.reviewerIds.length;
        idx.reviewerIndex.set(s.reviewerId, found);
        idx.reviewerIds.push(s.reviewerId);
      }
      r = lastR = found;
      lastReviewerId = s.reviewerId;
    }
    let c = lastC;
    if (s.criterionKey !== lastKey) {
      c = keys.indexOf(s.criterionKey);
      if (c < 0) fail(`scores[${i}].criterionKey`, `unknown criterion "${s.criterionKey}"`);
      lastC = c;
      lastKey = s.criterionKey;
    }
    const v = s.score;
    if (!(typeof v === 'number' && v >= 0 && v <= 100)) fail(`scores[${i}].score`, 'must be a number from 0 to 100');

    const pc = p * C + c;
    const mark = (seen[r] ??= new Uint8Array(P * C));
    if (mark[pc] !== 0) fail(`scores[${i}]`, `reviewer "${s.reviewerId}" scored "${s.packageId}" on "${s.criterionKey}" twice`);
    mark[pc] = 1;

    if (idx.conflicts !== null && r * P + p < idx.conflicts.length && idx.conflicts[r * P + p] === 1) {
      excluded++;
      if (conflictSeen![r * P + p] === 0) {
        conflictSeen![r * P + p] = 1;
        conflictPairs.push(r, p);
      }
      continue;
    }
    cell[length] = pc;
    reviewer[length] = r;
    value[length] = v;
    length++;
  }
  return {
    packageCount: P,
    criterionCount: C,
    reviewerIds: idx.reviewerIds,
    length,
    cell,
    reviewer,
    value,
    excluded,
    conflictPairs,
  };
}
