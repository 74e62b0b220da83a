/**
 * End-of-cycle performance evaluation (绩效评价): the templates a coordinator chooses per cycle.
 * Each template is a set of dimensions with weights summing to 100; a scorer gives every
 * dimension a score from 0 to 100.
 */
export const EVALUATION_TEMPLATES = ['kpiCompletion', 'costBenefit', 'balancedScorecard'] as const;
export type EvaluationTemplate = (typeof EVALUATION_TEMPLATES)[number];

export interface TemplateDimension {
  key: string;
  weight: number;
}

export const TEMPLATE_DIMENSIONS: Readonly<Record<EvaluationTemplate, readonly TemplateDimension[]>> = {
  /** how far the package's KPIs reached their targets, and whether its outputs were delivered */
  kpiCompletion: [
    { key: 'targetCompletion', weight: 70 },
    { key: 'outputDelivery', weight: 30 },
  ],
  /** what it achieved for what it cost */
  costBenefit: [
    { key: 'benefit', weight: 50 },
    { key: 'costControl', weight: 30 },
    { key: 'budgetExecution', weight: 20 },
  ],
  /** balanced scorecard: financial, public / service users, internal process, learning and growth */
  balancedScorecard: [
    { key: 'financial', weight: 25 },
    { key: 'serviceUsers', weight: 25 },
    { key: 'internalProcess', weight: 25 },
    { key: 'learningGrowth', weight: 25 },
  ],
};

export interface ScoreFieldError {
  field: string;
  reason: string;
}

/** Checks one scorer's sheet against the template: every dimension once, each 0–100. */
export function checkScoreSheet(template: EvaluationTemplate, scores: Readonly<Record<string, unknown>>): ScoreFieldError[] {
  const errors: ScoreFieldError[] = [];
  const keys = new Set(TEMPLATE_DIMENSIONS[template].map((d) => d.key));
  for (const key of Object.keys(scores)) if (!keys.has(key)) errors.push({ field: `scores.${key}`, reason: `not a dimension of the ${template} template` });
  for (const key of keys) {
    const value = scores[key];
    if (value === undefined) errors.push({ field: `scores.${key}`, reason: 'missing' });
    else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) errors.push({ field: `scores.${key}`, reason: 'must be a number from 0 to 100' });
  }
  return errors;
}
