import { resolveBallots, type ResolvedBallots } from './ballots';
import { bordaCount, type BordaResult } from './borda';
import { fail } from './errors';
import type { RankingMethod, ReviewerOrdering } from './model';
import { schulze, type SchulzeResult } from './schulze';

/** The 0–100 score each package is ranked by, whichever the method. */
export interface MethodScores {
  score: Float64Array;
  /** 1 for a package no score or ballot reached (ranked with score 0) */
  unscored: Uint8Array;
  ballots: ResolvedBallots | null;
  borda: BordaResult | null;
  schulze: SchulzeResult | null;
}

export interface OrderingContext {
  orderings: readonly ReviewerOrdering[];
  packageIndex: ReadonlyMap<string, number>;
  reviewerIndex: Map<string, number>;
  reviewerIds: string[];
  conflicts: Uint8Array | null;
  maxSchulzeCandidates: number;
}

/**
 * score: the weighted composite; borda: the share of the Borda points a package could have had;
 * schulze: the share of the other packages it beats. All on 0–100, so tiers and increment decay work
 * the same way for every method (for the ordering methods the tier reads as "relative standing").
 */
export function methodScores(method: RankingMethod, composite: Float64Array, ctx: OrderingContext): MethodScores {
  const P = composite.length;
  const unscored = new Uint8Array(P);
  if (method === 'score') {
    for (let p = 0; p < P; p++) if (Number.isNaN(composite[p]!)) unscored[p] = 1;
    return { score: composite, unscored, ballots: null, borda: null, schulze: null };
  }
  if (ctx.orderings.length === 0) fail('orderings', `method "${method}" needs at least one reviewer ordering`);
  if (method === 'schulze' && P > ctx.maxSchulzeCandidates) {
    fail('settings.method', `Schulze is O(n³); ${P} packages exceed the limit of ${ctx.maxSchulzeCandidates}`);
  }
  const ballots = resolveBallots(ctx.orderings, ctx.packageIndex, ctx.reviewerIndex, ctx.reviewerIds, ctx.conflicts);
  if (method === 'borda') {
    const borda = bordaCount(ballots);
    for (let p = 0; p < P; p++) if (borda.ballots[p] === 0) unscored[p] = 1;
    return { score: borda.score, unscored, ballots, borda, schulze: null };
  }
  const result = schulze(ballots);
  for (let p = 0; p < P; p++) if (result.judged[p] === 0) unscored[p] = 1;
  return { score: result.score, unscored, ballots, borda: null, schulze: result };
}
