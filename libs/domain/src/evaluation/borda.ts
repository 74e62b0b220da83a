import type { ResolvedBallots } from './ballots';

export interface BordaResult {
  /** 0–100: the candidate's average share of the points it could have had */
  score: Float64Array;
  /** Borda points summed over ballots */
  points: Float64Array;
  /** the most points each candidate could have had (sum over its ballots of compared − 1) */
  maxPoints: Float64Array;
  /** ballots that judged the candidate */
  ballots: Int32Array;
}

/**
 * Borda count. In a ballot comparing m candidates, a candidate gets one point per candidate ranked
 * below it and half a point per candidate tied with it, so a full ballot gives m−1 … 0 points
 * (classic Borda). Candidates left off a partial ballot tie below the listed ones: with u of them,
 * each gets (u−1)/2. A candidate the reviewer may not judge (conflict of interest) is left out of
 * that ballot, and the ballot compares only the others.
 *
 * score = 100 · mean over the ballots that judged the candidate of points / (m − 1). With full
 * ballots and no exclusions this is total points / (ballots · (m − 1)): the same order as the classic
 * total.
 */
export function bordaCount(b: ResolvedBallots): BordaResult {
  const n = b.candidateCount;
  const points = new Float64Array(n);
  const maxPoints = new Float64Array(n);
  const share = new Float64Array(n);
  const count = new Int32Array(n);
  for (const ballot of b.ballots) {
    const m = ballot.compared;
    if (m < 2) continue;
    const k = ballot.listed;
    const u = m - k;
    const rank = ballot.rank;
    for (let c = 0; c < n; c++) {
      const r = rank[c]!;
      if (r < 0) continue;
      const pts = r < k ? k - 1 - r + u : (u - 1) / 2;
      points[c] += pts;
      maxPoints[c] += m - 1;
      share[c] += pts / (m - 1);
      count[c]++;
    }
  }
  const score = new Float64Array(n);
  for (let c = 0; c < n; c++) score[c] = count[c]! > 0 ? (100 * share[c]!) / count[c]! : 0;
  return { score, points, maxPoints, ballots: count };
}
