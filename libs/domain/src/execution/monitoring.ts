import { mulDivRound, type Fen } from '../money';
import type { Kpi } from '../types';

/**
 * Budget execution monitoring (预算执行监控) of one funded package: execution rate, target
 * completion per KPI, year-end projection and the off-track rule applied at the review month.
 */

/** The off-track rule; the default is the second-quarter review of the source material. */
export interface OffTrackRule {
  /** month (1–12) of the review at which the rule is applied; 6 = end of the second quarter */
  reviewMonth: number;
  /** execution rate below this at the review is off track (basis points; 4 000 = 40 %) */
  minExecutionBasisPoints: number;
  /** a KPI whose completion is below this share of its expected progress is off track (5 000 = half) */
  minKpiProgressBasisPoints: number;
  /** a projected year-end execution below this is off track (8 000 = 80 %) */
  minProjectionBasisPoints: number;
}

export const DEFAULT_OFF_TRACK_RULE: OffTrackRule = { reviewMonth: 6, minExecutionBasisPoints: 4_000, minKpiProgressBasisPoints: 5_000, minProjectionBasisPoints: 8_000 };

export interface MonthlyActual {
  month: number;
  spentFen: Fen;
  /** KPI id → value reported for that month */
  kpiActuals: Readonly<Record<string, number>>;
}

export interface KpiProgress {
  id: string;
  name: string;
  baseline: number;
  target: number;
  /** latest value reported up to the month; null when none */
  actual: number | null;
  /** (actual − baseline) ÷ (target − baseline), 4 decimals; null without an actual */
  completion: number | null;
  /** straight-line share of the year elapsed */
  expected: number;
  behind: boolean;
}

export type OffTrackReason = 'execution' | 'kpi' | 'projection';

export interface ExecutionStatus {
  month: number;
  allocatedFen: Fen;
  spentFen: Fen;
  /** spent ÷ allocated, basis points; null when nothing is allocated */
  executionBasisPoints: number | null;
  quarters: { quarter: number; spentFen: Fen }[];
  /** spent so far × 12 ÷ months elapsed */
  projectionFen: Fen;
  projectionBasisPoints: number | null;
  kpis: KpiProgress[];
  /** the rule applies from its review month on */
  reviewed: boolean;
  offTrack: boolean;
  reasons: OffTrackReason[];
}

export function executionStatus(input: { allocatedFen: Fen; kpis: readonly Kpi[]; actuals: readonly MonthlyActual[]; month: number }, rule: OffTrackRule = DEFAULT_OFF_TRACK_RULE): ExecutionStatus {
  const { allocatedFen, month } = input;
  const upTo = input.actuals.filter((a) => a.month <= month).sort((a, b) => a.month - b.month);
  const spentFen = upTo.reduce((s, a) => s + a.spentFen, 0);
  const quarters = [1, 2, 3, 4].map((quarter) => ({ quarter, spentFen: upTo.filter((a) => Math.ceil(a.month / 3) === quarter).reduce((s, a) => s + a.spentFen, 0) }));
  const projectionFen = month > 0 ? mulDivRound(spentFen, 12, month) : 0;
  const bp = (fen: Fen) => (allocatedFen > 0 ? mulDivRound(fen, 10_000, allocatedFen) : null);
  const expected = Math.round((month / 12) * 10_000) / 10_000;
  const kpis = input.kpis.map((k) => {
    const reported = upTo.filter((a) => typeof a.kpiActuals[k.id] === 'number');
    const actual = reported.length ? reported[reported.length - 1].kpiActuals[k.id] : null;
    const span = k.target - k.baseline;
    const completion = actual === null || span === 0 ? null : Math.round(((actual - k.baseline) / span) * 10_000) / 10_000;
    const behind = completion !== null && completion * 10_000 < expected * rule.minKpiProgressBasisPoints;
    return { id: k.id, name: k.name, baseline: k.baseline, target: k.target, actual, completion, expected, behind };
  });
  const executionBasisPoints = bp(spentFen);
  const projectionBasisPoints = bp(projectionFen);
  const reviewed = month >= rule.reviewMonth;
  const reasons: OffTrackReason[] = [];
  if (reviewed) {
    if (executionBasisPoints !== null && month === rule.reviewMonth && executionBasisPoints < rule.minExecutionBasisPoints) reasons.push('execution');
    if (kpis.some((k) => k.behind)) reasons.push('kpi');
    if (projectionBasisPoints !== null && projectionBasisPoints < rule.minProjectionBasisPoints) reasons.push('projection');
  }
  return { month, allocatedFen, spentFen, executionBasisPoints, quarters, projectionFen, projectionBasisPoints, kpis, reviewed, offTrack: reasons.length > 0, reasons };
}
