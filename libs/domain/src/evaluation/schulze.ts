import type { ResolvedBallots } from './ballots';

export interface SchulzeResult {
  /** 0–100: the share of the other candidates this one beats (100 · wins / (n − 1)) */
  score: Float64Array;
  /** number of candidates d with p[c][d] > p[d][c] */
  wins: Int32Array;
  /** d[a·n + b]: ballots preferring a to b */
  preferences: Int32Array;
  /** p[a·n + b]: strength of the strongest path from a to b (winning votes) */
  strongestPaths: Int32Array;
  /** candidates that took part in at least one pairwise comparison */
  judged: Uint8Array;
}

/** d[a·n + b] = number of ballots ranking a strictly above b. O(ballots · n²). */
export function pairwisePreferences(b: ResolvedBallots): Int32Array {
  const n = b.candidateCount;
  const d = new Int32Array(n * n);
  for (const ballot of b.ballots) {
    const rank = ballot.rank;
    for (let a = 0; a < n; a++) {
      const ra = rank[a]!;
      if (ra < 0) continue;
      const row = a * n;
      for (let c = 0; c < n; c++) {
        const rc = rank[c]!;
        if (rc > ra) d[row + c]++;
      }
    }
  }
  return d;
}

/**
 * Strongest paths (widest-path Floyd–Warshall, winning votes): a link a→b has strength d[a][b] when
 * d[a][b] > d[b][a], else 0; a path is as strong as its weakest link. O(n³).
 */
export function strongestPaths(d: Int32Array, n: number): Int32Array {
  const p = new Int32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a !== b && d[a * n + b]! > d[b * n + a]!) p[a * n + b] = d[a * n + b]!;
    }
  }
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const rowI = i * n;
      const pik = p[rowI + k]!;
      if (pik === 0) continue;
      for (let j = 0; j < n; j++) {
        const pkj = p[rowK + j]!;
        const m = pkj < pik ? pkj : pik;
        if (m > p[rowI + j]!) p[rowI + j] = m;
      }
    }
  }
  // the loop may write the diagonal (paths i → … → i); it is never meaningful
  for (let i = 0; i < n; i++) p[i * n + i] = 0;
  return p;
}

/**
 * Schulze method. a beats b when p[a][b] > p[b][a]; this relation is transitive even when the
 * plain majority relation has a cycle (A > B > C > A), so it always yields an order, and a candidate
 * that beats another also has strictly more wins. Sorting by wins (descending) therefore gives a
 * linear order consistent with every Schulze defeat; candidates neither of which beats the other go
 * to the common tie-breaks.
 */
export function schulze(b: ResolvedBallots): SchulzeResult {
  const n = b.candidateCount;
  const d = pairwisePreferences(b);
  const p = strongestPaths(d, n);
  const wins = new Int32Array(n);
  const judged = new Uint8Array(n);
  for (const ballot of b.ballots) {
    if (ballot.compared < 2) continue;
    for (let c = 0; c < n; c++) if (ballot.rank[c]! >= 0) judged[c] = 1;
  }
  for (let a = 0; a < n; a++) {
    let w = 0;
    for (let c = 0; c < n; c++) if (p[a * n + c]! > p[c * n + a]!) w++;
    wins[a] = w;
  }
  const score = new Float64Array(n);
  for (let a = 0; a < n; a++) score[a] = n > 1 ? (100 * wins[a]!) / (n - 1) : judged[a]! ? 100 : 0;
  return { score, wins, preferences: d, strongestPaths: p, judged };
}
