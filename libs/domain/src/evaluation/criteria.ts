import type { Criterion } from '../types';
import { RankingInputError, type InputIssue } from './errors';
import type { CriterionWeight } from './model';

export const CRITERIA_WEIGHT_TOTAL = 100;

/** The default framework from the source material; weights sum to 100. */
export const DEFAULT_CRITERIA: readonly (Criterion & { nameZh: string })[] = Object.freeze([
  { id: 'strategic', key: 'strategic', name: 'Strategic importance', nameZh: '战略重要性', weight: 25 },
  { id: 'feasibility', key: 'feasibility', name: 'Feasibility', nameZh: '可行性', weight: 20 },
  { id: 'goal', key: 'goal', name: 'Goal-attainment potential', nameZh: '目标实现潜力', weight: 20 },
  { id: 'costEffectiveness', key: 'costEffectiveness', name: 'Cost-effectiveness', nameZh: '成本效益', weight: 20 },
  { id: 'publicBenefit', key: 'publicBenefit', name: 'Public benefit', nameZh: '公共利益', weight: 15 },
]);

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Checks a criteria framework: at least one criterion, unique well-formed keys, finite non-negative
 * weights, and weights that sum to 100 (within 1e-6, so 33.3 + 33.3 + 33.4 passes).
 */
export function validateCriteria(criteria: readonly CriterionWeight[], path = 'criteria'): InputIssue[] {
  const issues: InputIssue[] = [];
  if (criteria.length === 0) issues.push({ path, message: 'at least one criterion is required' });
  const seen = new Set<string>();
  let total = 0;
  criteria.forEach((c, i) => {
    if (typeof c.key !== 'string' || !KEY_PATTERN.test(c.key)) {
      issues.push({ path: `${path}[${i}].key`, message: 'must be a letter followed by letters, digits, - or _' });
    } else if (seen.has(c.key)) {
      issues.push({ path: `${path}[${i}].key`, message: `duplicate criterion "${c.key}"` });
    }
    seen.add(c.key);
    if (typeof c.weight !== 'number' || !Number.isFinite(c.weight) || c.weight < 0) {
      issues.push({ path: `${path}[${i}].weight`, message: 'must be a finite number ≥ 0' });
    } else {
      total += c.weight;
    }
  });
  if (criteria.length > 0 && Math.abs(total - CRITERIA_WEIGHT_TOTAL) > 1e-6) {
    issues.push({ path, message: `weights must sum to ${CRITERIA_WEIGHT_TOTAL}, got ${Math.round(total * 1e6) / 1e6}` });
  }
  return issues;
}

export function assertValidCriteria(criteria: readonly CriterionWeight[], path = 'criteria'): void {
  const issues = validateCriteria(criteria, path);
  if (issues.length > 0) throw new RankingInputError(issues);
}
