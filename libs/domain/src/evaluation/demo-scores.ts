import { fail } from './errors';
import type { CriterionWeight } from './model';

export interface ReviewerCriterionScore {
  reviewerId: string;
  criterionKey: string;
  score: number;
}

/** FNV-1a, for reproducible pseudo-random variation without a random source. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Demo data: integer 0–100 scores per reviewer and criterion whose weighted composite (no
 * normalization) is within ±0.5 of `target` for every reviewer, so the package's composite is too.
 * Each score starts at target + a small deterministic offset (−spread…+spread, from a hash of salt,
 * reviewer and criterion) and is then nudged a point at a time, heaviest criterion first, until the
 * reviewer's composite is in range. Give each package its own salt (e.g. its id) for varied data.
 */
export function scoresForTargetComposite(
  target: number,
  reviewerIds: readonly string[],
  criteria: readonly CriterionWeight[],
  options: { salt?: string; spread?: number } = {},
): ReviewerCriterionScore[] {
  if (!(Number.isFinite(target) && target >= 0 && target <= 100)) fail('target', 'must be a number from 0 to 100');
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  if (!(total > 0)) fail('criteria', 'weights must be positive');
  const spread = Math.max(0, Math.floor(options.spread ?? 4));
  const salt = options.salt ?? '';
  const byWeight = criteria.map((_, i) => i).filter((i) => criteria[i]!.weight > 0);
  byWeight.sort((a, b) => criteria[b]!.weight - criteria[a]!.weight || a - b);
  const out: ReviewerCriterionScore[] = [];
  for (const reviewerId of reviewerIds) {
    const scores = criteria.map((c) => {
      const offset = (hash(`${salt}|${reviewerId}|${c.key}`) % (2 * spread + 1)) - spread;
      return Math.min(100, Math.max(0, Math.round(target + offset)));
    });
    const composite = (): number => criteria.reduce((s, c, i) => s + c.weight * scores[i]!, 0) / total;
    // each step moves the composite by weight/total ≤ 1, so it cannot jump over the ±0.5 window
    for (let turn = 0, guard = 0; guard < 100_000; guard++) {
      const diff = composite() - target;
      if (Math.abs(diff) <= 0.5) break;
      const step = diff > 0 ? -1 : 1;
      for (let tries = 0; tries < byWeight.length; tries++, turn++) {
        const i = byWeight[turn % byWeight.length]!;
        const next = scores[i]! + step;
        if (next >= 0 && next <= 100) {
          scores[i] = next;
          turn++;
          break;
        }
      }
    }
    criteria.forEach((c, i) => out.push({ reviewerId, criterionKey: c.key, score: scores[i]! }));
  }
  return out;
}
