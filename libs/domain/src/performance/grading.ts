import { TEMPLATE_DIMENSIONS, type EvaluationTemplate } from './templates';

/** The grade scale of the end-of-cycle evaluation (优 / 良 / 中 / 差). */
export const GRADES = ['excellent', 'good', 'medium', 'poor'] as const;
export type Grade = (typeof GRADES)[number];

/** A package's score at or above `excellent` is excellent, at or above `good` good, at or above `medium` medium, otherwise poor. */
export interface GradeRule {
  excellent: number;
  good: number;
  medium: number;
}

/** The usual scale of fiscal performance evaluation: 90 / 80 / 60. */
export const DEFAULT_GRADE_RULE: GradeRule = { excellent: 90, good: 80, medium: 60 };

export function checkGradeRule(rule: GradeRule): string | null {
  const { excellent, good, medium } = rule;
  if (![excellent, good, medium].every((n) => Number.isFinite(n) && n >= 0 && n <= 100)) return 'thresholds are scores from 0 to 100';
  if (!(excellent > good && good > medium)) return 'thresholds must fall: excellent > good > medium';
  return null;
}

export interface PackageScore {
  /** weighted score 0–100 over the dimensions, each the mean of the scorers' values; 2 decimals; null without a sheet */
  score: number | null;
  /** per dimension, the mean of the scorers' values (2 decimals) */
  dimensions: { key: string; weight: number; mean: number | null }[];
  sheets: number;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The template's score of one package from its scorers' complete sheets. */
export function packageScore(template: EvaluationTemplate, sheets: readonly Readonly<Record<string, number>>[]): PackageScore {
  const dims = TEMPLATE_DIMENSIONS[template];
  const dimensions = dims.map((d) => {
    const values = sheets.map((s) => s[d.key]).filter((v): v is number => typeof v === 'number');
    return { key: d.key, weight: d.weight, mean: values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null };
  });
  if (sheets.length === 0 || dimensions.some((d) => d.mean === null)) return { score: null, dimensions, sheets: sheets.length };
  const total = dims.reduce((n, d) => n + d.weight, 0);
  // the unrounded means, so that the score does not depend on the rounding of its parts
  const exact = dims.reduce((n, d) => n + (d.weight * sheets.reduce((a, s) => a + s[d.key], 0)) / sheets.length, 0) / total;
  return { score: round2(exact), dimensions, sheets: sheets.length };
}

export function gradeOf(score: number, rule: GradeRule = DEFAULT_GRADE_RULE): Grade {
  if (score >= rule.excellent) return 'excellent';
  if (score >= rule.good) return 'good';
  if (score >= rule.medium) return 'medium';
  return 'poor';
}

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}
