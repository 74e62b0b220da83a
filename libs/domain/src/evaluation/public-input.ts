import { BASIS_POINTS_PER_UNIT } from '../money';
import { fail } from './errors';
import type { PublicInput, PublicInputSettings } from './model';
import type { CriterionValues } from './normalization';

export const DEFAULT_PUBLIC_INPUT: Readonly<PublicInputSettings> = Object.freeze({
  criterionKey: 'publicBenefit',
  maxWeightBasisPoints: 5_000,
  halfSaturationResponses: 100,
});

/**
 * How much the survey weighs inside the public-benefit criterion, 0…max:
 *
 *   α = max · n / (n + k)
 *
 * with n responses, k the half-saturation count (default 100) and max the cap (default 50 %).
 * A handful of responses barely moves the value; 100 responses give a quarter; no survey, however
 * large, outweighs the experts (α < max). k = 0 gives the full cap as soon as there is one response.
 */
export function surveyWeight(responses: number, settings: PublicInputSettings = DEFAULT_PUBLIC_INPUT): number {
  if (responses <= 0) return 0;
  const max = settings.maxWeightBasisPoints / BASIS_POINTS_PER_UNIT;
  const k = settings.halfSaturationResponses;
  return k <= 0 ? max : (max * responses) / (responses + k);
}

/**
 * The public-benefit criterion's value for one package:
 *
 *   value = (1 − α) · reviewers' mean + α · survey support (as 0–100)
 *
 * where α = surveyWeight(responses). Without reviewer scores the survey alone is the value; without
 * survey responses the reviewers' mean is.
 */
export function blendPublicBenefit(
  reviewerMean: number | null,
  input: Pick<PublicInput, 'supportBasisPoints' | 'responses'>,
  settings: PublicInputSettings = DEFAULT_PUBLIC_INPUT,
): { value: number | null; surveyWeight: number } {
  const support = input.supportBasisPoints / 100;
  const alpha = surveyWeight(input.responses, settings);
  if (input.responses <= 0) return { value: reviewerMean, surveyWeight: 0 };
  if (reviewerMean === null) return { value: support, surveyWeight: 1 };
  return { value: (1 - alpha) * reviewerMean + alpha * support, surveyWeight: alpha };
}

export interface AppliedPublicInput {
  reviewerMean: number | null;
  supportPercent: number;
  responses: number;
  surveyWeight: number;
}

/**
 * Blends survey input into the public-benefit column of the aggregated values, in place.
 * Returns what was applied per package index (for explanations). A criterion key that is not part
 * of the framework means the survey has nowhere to go: nothing is applied.
 */
export function applyPublicInput(
  values: CriterionValues,
  inputs: readonly PublicInput[],
  packageIndex: ReadonlyMap<string, number>,
  criterionIndex: number,
  settings: PublicInputSettings,
): Map<number, AppliedPublicInput> {
  const applied = new Map<number, AppliedPublicInput>();
  inputs.forEach((input, i) => {
    const p = packageIndex.get(input.packageId);
    if (p === undefined) fail(`publicInput[${i}].packageId`, `unknown package "${input.packageId}"`);
    if (!(Number.isInteger(input.supportBasisPoints) && input.supportBasisPoints >= 0 && input.supportBasisPoints <= BASIS_POINTS_PER_UNIT)) {
      fail(`publicInput[${i}].supportBasisPoints`, 'must be an integer from 0 to 10000');
    }
    if (!(Number.isInteger(input.responses) && input.responses >= 0)) fail(`publicInput[${i}].responses`, 'must be an integer ≥ 0');
    if (applied.has(p)) fail(`publicInput[${i}].packageId`, `duplicate survey input for "${input.packageId}"`);
    if (criterionIndex < 0) return;
    const k = p * values.criterionCount + criterionIndex;
    const mean = Number.isNaN(values.value[k]!) ? null : values.value[k]!;
    const blended = blendPublicBenefit(mean, input, settings);
    values.value[k] = blended.value ?? NaN;
    applied.set(p, {
      reviewerMean: mean,
      supportPercent: input.supportBasisPoints / 100,
      responses: input.responses,
      surveyWeight: blended.surveyWeight,
    });
  });
  return applied;
}
