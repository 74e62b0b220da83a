import { fail } from './errors';
import type { ReviewerOrdering } from './model';

/**
 * Orderings resolved to candidate indexes. rank[c] is the candidate's position in the ballot
 * (0 = best); every candidate the reviewer left out shares rank = listed.length (tied, below all
 * listed ones); -1 marks a candidate the reviewer may not judge (conflict of interest), which the
 * ballot then says nothing about.
 */
export interface Ballot {
  reviewer: number;
  rank: Int32Array;
  /** candidates compared by this ballot (all but the excluded) */
  compared: number;
  /** listed, non-excluded candidates */
  listed: number;
}

export interface ResolvedBallots {
  candidateCount: number;
  ballots: Ballot[];
  /** ballot entries (listed candidates) left out for conflict of interest */
  excluded: number;
  /** (reviewer, candidate) pairs excluded, flattened [r0, c0, r1, c1, ...] */
  conflictPairs: number[];
}

export function resolveBallots(
  orderings: readonly ReviewerOrdering[],
  candidateIndex: ReadonlyMap<string, number>,
  reviewerIndex: Map<string, number>,
  reviewerIds: string[],
  conflicts: Uint8Array | null,
): ResolvedBallots {
  const n = candidateIndex.size;
  const ballots: Ballot[] = [];
  const seenReviewers = new Set<string>();
  const conflictPairs: number[] = [];
  let excluded = 0;
  orderings.forEach((o, b) => {
    if (typeof o.reviewerId !== 'string' || o.reviewerId === '') fail(`orderings[${b}].reviewerId`, 'is required');
    if (seenReviewers.has(o.reviewerId)) fail(`orderings[${b}].reviewerId`, `reviewer "${o.reviewerId}" submitted two orderings`);
    seenReviewers.add(o.reviewerId);
    if (!Array.isArray(o.packageIds)) fail(`orderings[${b}].packageIds`, 'must be an array of package ids');
    let r = reviewerIndex.get(o.reviewerId);
    if (r === undefined) {
      r = reviewerIds.length;
      reviewerIndex.set(o.reviewerId, r);
      reviewerIds.push(o.reviewerId);
    }
    const rank = new Int32Array(n).fill(-2);
    let listed = 0;
    o.packageIds.forEach((id, i) => {
      const c = candidateIndex.get(id);
      if (c === undefined) fail(`orderings[${b}].packageIds[${i}]`, `unknown package "${id}"`);
      if (rank[c] !== -2) fail(`orderings[${b}].packageIds[${i}]`, `"${id}" listed twice`);
      rank[c] = listed++;
    });
    let compared = n;
    const conflictRow = conflicts !== null && (r + 1) * n <= conflicts.length ? r * n : -1;
    for (let c = 0; c < n; c++) {
      if (conflictRow >= 0 && conflicts![conflictRow + c] === 1) {
        if (rank[c]! >= 0) excluded++;
        conflictPairs.push(r, c);
        rank[c] = -1;
        compared--;
      }
    }
    // close the gaps left by excluded candidates so listed ranks run 0..listedKept-1
    let kept = 0;
    if (compared < n) {
      const byRank: number[] = [];
      for (let c = 0; c < n; c++) if (rank[c]! >= 0) byRank[rank[c]!] = c;
      for (const c of byRank) if (c !== undefined) rank[c] = kept++;
    } else {
      kept = listed;
    }
    for (let c = 0; c < n; c++) if (rank[c] === -2) rank[c] = kept;
    ballots.push({ reviewer: r, rank, compared, listed: kept });
  });
  return { candidateCount: n, ballots, excluded, conflictPairs };
}
