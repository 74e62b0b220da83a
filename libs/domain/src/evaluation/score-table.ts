import { fail } from './errors';
import type { RawScore } from './model';

/**
 * Raw scores in columns: ids are stored once in dictionaries and each score refers to them by
 * index. This is the fast input of rankAndAllocate: an API can build it straight from a query (or
 * once per cycle with toScoreTable) and reuse it for every what-if call, instead of passing
 * millions of score objects.
 */
export interface ScoreTable {
  packageIds: readonly string[];
  reviewerIds: readonly string[];
  criterionKeys: readonly string[];
  /** per score: index into packageIds */
  packageIndex: Int32Array;
  /** per score: index into reviewerIds */
  reviewerIndex: Int32Array;
  /** per score: index into criterionKeys */
  criterionIndex: Int32Array;
  /** per score: 0–100 */
  score: Float64Array;
}

export function isScoreTable(scores: readonly RawScore[] | ScoreTable): scores is ScoreTable {
  return !Array.isArray(scores);
}

/**
 * Score records → ScoreTable, in one pass (the table keeps the records' order, so entry i is
 * scores[i]). Only the shape is checked here; ranges, unknown ids and duplicates are checked when
 * the table is resolved against a cycle's packages and criteria.
 */
export function toScoreTable(scores: readonly RawScore[]): ScoreTable {
  const n = scores.length;
  const packageIds: string[] = [];
  const reviewerIds: string[] = [];
  const criterionKeys: string[] = [];
  const packages = new Map<string, number>();
  const reviewers = new Map<string, number>();
  const packageIndex = new Int32Array(n);
  const reviewerIndex = new Int32Array(n);
  const criterionIndex = new Int32Array(n);
  const score = new Float64Array(n);
  let lastPackage: string | undefined;
  let lastP = -1;
  let lastReviewer: string | undefined;
  let lastR = -1;
  let lastC = -1;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    const pid = s.packageId;
    if (pid !== lastPackage) {
      let p = packages.get(pid);
      if (p === undefined) {
        if (typeof pid !== 'string') fail(`scores[${i}].packageId`, 'must be a string');
        p = packageIds.length;
        packages.set(pid, p);
        packageIds.push(pid);
      }
      lastPackage = pid;
      lastP = p;
    }
    const rid = s.reviewerId;
    if (rid !== lastReviewer) {
      // reviewers usually follow one another in the same order: try the next one before the map
      let r: number | undefined = lastR + 1 < reviewerIds.length && reviewerIds[lastR + 1] === rid ? lastR + 1 : reviewers.get(rid);
      if (r === undefined) {
        if (typeof rid !== 'string' || rid === '') fail(`scores[${i}].reviewerId`, 'must be a non-empty string');
        r = reviewerIds.length;
        reviewers.set(rid, r);
        reviewerIds.push(rid);
      }
      lastReviewer = rid;
      lastR = r;
    }
    // criteria are few: a linear scan beats a hash lookup; and they usually come in the same order, so
    // the one after the last is tried first
    const key = s.criterionKey;
    const C = criterionKeys.length;
    let c = lastC + 1 < C && criterionKeys[lastC + 1] === key ? lastC + 1 : 0;
    if (c === 0) while (c < C && criterionKeys[c] !== key) c++;
    if (c === C) {
      if (typeof key !== 'string') fail(`scores[${i}].criterionKey`, 'must be a string');
      criterionKeys.push(key);
    }
    if (typeof s.score !== 'number') fail(`scores[${i}].score`, 'must be a number from 0 to 100');
    packageIndex[i] = lastP;
    reviewerIndex[i] = lastR;
    criterionIndex[i] = c;
    lastC = c;
    score[i] = s.score;
  }
  return { packageIds, reviewerIds, criterionKeys, packageIndex, reviewerIndex, criterionIndex, score };
}

/** The score records of a table, in its order (records are passed through as they are). */
export function scoreRecords(scores: readonly RawScore[] | ScoreTable): readonly RawScore[] {
  if (!isScoreTable(scores)) return scores;
  const { packageIds, reviewerIds, criterionKeys, packageIndex, reviewerIndex, criterionIndex, score } = scores;
  const out: RawScore[] = new Array(score.length);
  for (let i = 0; i < score.length; i++) {
    out[i] = { reviewerId: reviewerIds[reviewerIndex[i]!]!, packageId: packageIds[packageIndex[i]!]!, criterionKey: criterionKeys[criterionIndex[i]!]!, score: score[i]! };
  }
  return out;
}
