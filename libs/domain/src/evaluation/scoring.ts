import type { CriterionWeight } from './model';
import type { CriterionValues } from './normalization';

/** Ranking compares scores at this precision (4 decimals): what is shown is what is compared. */
export const SCORE_SCALE = 10_000;

export function scoreKey(score: number): number {
  return Math.round(score * SCORE_SCALE);
}

export function roundScore(score: number): number {
  return Math.round(score * SCORE_SCALE) / SCORE_SCALE;
}

/**
 * Composite 0–100 score of one set of criterion values: Σ wᵢ·vᵢ / Σ wᵢ over the criteria that have a
 * value. A criterion nobody scored is left out and the remaining weights are rescaled (the item
 * reports it in missingCriteria). Returns null when no criterion has a value.
 */
export function weightedComposite(
  values: Readonly<Record<string, number | null | undefined>>,
  criteria: readonly CriterionWeight[],
): number | null {
  let num = 0;
  let den = 0;
  for (const c of criteria) {
    const v = values[c.key];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    num += c.weight * v;
    den += c.weight;
  }
  return den > 0 ? num / den : null;
}

/**
 * Composite of every package from the aggregated values (NaN where nothing was scored). With
 * normalization `none`, this is the weighted mean over criteria of the mean over reviewers.
 */
export function compositeScores(values: CriterionValues, weights: readonly number[]): Float64Array {
  const P = values.packageCount;
  const C = values.criterionCount;
  const out = new Float64Array(P);
  const v = values.value;
  for (let p = 0; p < P; p++) {
    let num = 0;
    let den = 0;
    const base = p * C;
    for (let c = 0; c < C; c++) {
      const x = v[base + c]!;
      if (x === x) {
        num += weights[c]! * x;
        den += weights[c]!;
      }
    }
    out[p] = den > 0 ? num / den : NaN;
  }
  return out;
}
