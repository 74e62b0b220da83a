import type { CriterionPart } from './model';
import type { CriterionValues } from './normalization';
import type { AppliedPublicInput } from './public-input';
import type { ResolvedSettings } from './settings';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * What each criterion contributes to a package's composite: its aggregated value, weight × value /
 * (sum of the weights of the criteria that have a value), how many scores went in, whether the
 * trimmed mean dropped extremes, and the survey blend on the public-benefit criterion.
 * Values are rounded to 4 decimals for display.
 */
export function criterionParts(
  p: number,
  settings: ResolvedSettings,
  values: CriterionValues,
  applied: AppliedPublicInput | undefined,
): CriterionPart[] {
  const C = values.criterionCount;
  let den = 0;
  for (let c = 0; c < C; c++) if (!Number.isNaN(values.value[p * C + c]!)) den += settings.criteria[c]!.weight;
  const parts: CriterionPart[] = [];
  for (let c = 0; c < C; c++) {
    const crit = settings.criteria[c]!;
    const v = values.value[p * C + c]!;
    const present = !Number.isNaN(v);
    const part: CriterionPart = {
      key: crit.key,
      weight: crit.weight,
      value: present ? round4(v) : null,
      contribution: present && den > 0 ? round4((crit.weight * v) / den) : 0,
      reviewers: values.count[p * C + c]!,
      trimmed: values.trimmed[p * C + c] === 1,
    };
    if (applied !== undefined && crit.key === settings.publicInput.criterionKey) {
      part.publicInput = {
        reviewerMean: applied.reviewerMean === null ? null : round4(applied.reviewerMean),
        supportPercent: applied.supportPercent,
        responses: applied.responses,
        surveyWeight: round4(applied.surveyWeight),
      };
    }
    parts.push(part);
  }
  return parts;
}

/** Reviewer ids left out per package index, from flattened (reviewer, package) pair lists. */
export function conflictedReviewersByPackage(reviewerIds: readonly string[], ...pairLists: readonly number[][]): Map<number, string[]> {
  const out = new Map<number, Set<string>>();
  for (const pairs of pairLists) {
    for (let i = 0; i < pairs.length; i += 2) {
      const p = pairs[i + 1]!;
      let set = out.get(p);
      if (set === undefined) out.set(p, (set = new Set()));
      set.add(reviewerIds[pairs[i]!]!);
    }
  }
  return new Map([...out].map(([p, set]) => [p, [...set].sort()]));
}
