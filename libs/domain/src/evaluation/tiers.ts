import type { Tier, TierThresholds } from '../types';
import type { InputIssue } from './errors';

/** From the source material: high 85–100, medium 60–84, low below 60. */
export const DEFAULT_TIER_THRESHOLDS: Readonly<TierThresholds> = Object.freeze({ high: 85, medium: 60 });

/** score ≥ high → high; score ≥ medium → medium; otherwise low. */
export function tierFor(score: number, thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS): Tier {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}

export function validateTierThresholds(t: TierThresholds, path = 'thresholds'): InputIssue[] {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;
  const issues: InputIssue[] = [];
  if (!ok(t.high)) issues.push({ path: `${path}.high`, message: 'must be a number from 0 to 100' });
  if (!ok(t.medium)) issues.push({ path: `${path}.medium`, message: 'must be a number from 0 to 100' });
  if (issues.length === 0 && t.medium > t.high) issues.push({ path, message: 'medium must not exceed high' });
  return issues;
}

export function countTiers(tiers: Iterable<Tier>): Record<Tier, number> {
  const counts: Record<Tier, number> = { high: 0, medium: 0, low: 0 };
  for (const t of tiers) counts[t] += 1;
  return counts;
}
