import { percentOf, type Fen } from '../money';
import type { RankingInput, RankingLevel, RankingResult } from '../evaluation/model';
import type { Grade } from './grading';
import type { ScoreFieldError } from './templates';

/**
 * Results used in the next cycle: each package is carried forward as a successor (its content a
 * draft to be re-justified from zero) and its grade acts on the successor's ranking by a declared,
 * configurable rule. Effects:
 * - priority: the successor is pinned (funded first, in the pinned pass) — by default for excellent;
 * - noGrowth: the ranking considers at most the predecessor's final allocation — good;
 * - cut: at most the allocation less cutBasisPoints (≥ 10 %) — medium;
 * - cancelled: no successor is created — poor;
 * - none: no effect (also for a package without a grade).
 */
export const CARRY_OVER_EFFECTS = ['priority', 'noGrowth', 'cut', 'cancelled', 'none'] as const;
export type CarryOverEffect = (typeof CARRY_OVER_EFFECTS)[number];

export interface GradeEffect {
  effect: CarryOverEffect;
  /** the cut, basis points of the previous allocation (effect `cut` only); at least MIN_CUT_BASIS_POINTS */
  cutBasisPoints?: number;
}

export type CarryOverRule = Record<Grade, GradeEffect>;

export const MIN_CUT_BASIS_POINTS = 1_000;

export const DEFAULT_CARRY_OVER_RULE: CarryOverRule = {
  excellent: { effect: 'priority' },
  good: { effect: 'noGrowth' },
  medium: { effect: 'cut', cutBasisPoints: 1_000 },
  poor: { effect: 'cancelled' },
};

export function checkCarryOverRule(rule: Readonly<Record<string, GradeEffect | undefined>>): ScoreFieldError[] {
  const errors: ScoreFieldError[] = [];
  for (const grade of ['excellent', 'good', 'medium', 'poor'] as const) {
    const e = rule[grade];
    if (!e || !(CARRY_OVER_EFFECTS as readonly string[]).includes(e.effect)) {
      errors.push({ field: `carryOverRule.${grade}.effect`, reason: `must be one of ${CARRY_OVER_EFFECTS.join(', ')}` });
      continue;
    }
    if (e.effect === 'cut') {
      const bp = e.cutBasisPoints;
      if (typeof bp !== 'number' || !Number.isInteger(bp) || bp < MIN_CUT_BASIS_POINTS || bp > 10_000) {
        errors.push({ field: `carryOverRule.${grade}.cutBasisPoints`, reason: `a cut is an integer from ${MIN_CUT_BASIS_POINTS} to 10000 basis points` });
      }
    } else if (e.cutBasisPoints !== undefined) errors.push({ field: `carryOverRule.${grade}.cutBasisPoints`, reason: 'only a cut has cutBasisPoints' });
  }
  for (const key of Object.keys(rule)) if (!['excellent', 'good', 'medium', 'poor'].includes(key)) errors.push({ field: `carryOverRule.${key}`, reason: 'not a grade' });
  return errors;
}

/** What the rule does to one package carried forward. */
export interface CarryOverDecision {
  grade: Grade | null;
  effect: CarryOverEffect;
  cutBasisPoints: number | null;
  /** the predecessor's final allocation (ranking plus approved adjustments) */
  previousAllocationFen: Fen;
  /** the most the successor's ranking considers; null = no cap */
  capFen: Fen | null;
  /** false: no successor (cancelled) */
  carried: boolean;
}

export function decideCarryOver(grade: Grade | null, previousAllocationFen: Fen, rule: CarryOverRule = DEFAULT_CARRY_OVER_RULE): CarryOverDecision {
  const base = { grade, previousAllocationFen, cutBasisPoints: null, capFen: null, carried: true };
  if (grade === null) return { ...base, effect: 'none' };
  const { effect, cutBasisPoints } = rule[grade];
  switch (effect) {
    case 'noGrowth':
      return { ...base, effect, capFen: previousAllocationFen };
    case 'cut': {
      const bp = cutBasisPoints ?? MIN_CUT_BASIS_POINTS;
      return { ...base, effect, cutBasisPoints: bp, capFen: previousAllocationFen - percentOf(previousAllocationFen, bp) };
    }
    case 'cancelled':
      return { ...base, effect, carried: false };
    default:
      return { ...base, effect };
  }
}

/** A successor package of the cycle being ranked, with its predecessor's decision. */
export interface CarryOverEntry extends CarryOverDecision {
  packageId: string;
  predecessorPackageId: string;
  predecessorCycleId: string;
}

/** How the predecessor's grade acted on an item, shown in the ranking's explanation. */
export interface CarryOverExplanation {
  predecessorPackageId: string;
  predecessorCycleId: string;
  grade: Grade | null;
  effect: CarryOverEffect;
  cutBasisPoints: number | null;
  previousAllocationFen: Fen;
  capFen: Fen | null;
  /** what the successor asks for */
  requestedFen: Fen;
  /** what the ranking considered (the request, capped) */
  consideredFen: Fen;
  /** pinned by the priority rule */
  priority: boolean;
}

/** Levels (increments) cut from the top so that their sum is at most the cap. */
export function capLevels(levels: readonly RankingLevel[], capFen: Fen): RankingLevel[] {
  let left = capFen;
  const out: RankingLevel[] = [];
  for (const l of levels) {
    if (left <= 0) break;
    const costFen = Math.min(l.costFen, left);
    out.push({ ...l, costFen });
    left -= costFen;
  }
  return out;
}

/** The ranking input with the grade rule applied to successors: priority ones pinned, the others capped. */
export function applyCarryOver(input: RankingInput, entries: readonly CarryOverEntry[]): { input: RankingInput; explanations: Map<string, CarryOverExplanation> } {
  const byPackage = new Map(entries.map((e) => [e.packageId, e]));
  const explanations = new Map<string, CarryOverExplanation>();
  const pinned = new Set(input.settings.pinnedPackageIds ?? []);
  const packages = input.packages.map((p) => {
    const e = byPackage.get(p.id);
    if (!e) return p;
    const priority = e.effect === 'priority';
    if (priority) pinned.add(p.id);
    const consideredFen = e.capFen === null ? p.costFen : Math.min(p.costFen, e.capFen);
    explanations.set(p.id, {
      predecessorPackageId: e.predecessorPackageId,
      predecessorCycleId: e.predecessorCycleId,
      grade: e.grade,
      effect: e.effect,
      cutBasisPoints: e.cutBasisPoints,
      previousAllocationFen: e.previousAllocationFen,
      capFen: e.capFen,
      requestedFen: p.costFen,
      consideredFen,
      priority,
    });
    if (e.capFen === null || p.costFen <= e.capFen) return p;
    const capped = { ...p, costFen: consideredFen };
    return p.levels ? { ...capped, levels: capLevels(p.levels, consideredFen) } : capped;
  });
  // a mandated package is funded before pinned ones: the priority rule does not touch it
  const mandated = new Set(input.settings.mandatedPackageIds ?? []);
  const pinnedPackageIds = [...pinned].filter((id) => !mandated.has(id));
  return { input: { ...input, packages, settings: { ...input.settings, pinnedPackageIds } }, explanations };
}

/** Writes each successor's carry-over explanation into its ranked items. */
export function annotateCarryOver(result: RankingResult, explanations: ReadonlyMap<string, CarryOverExplanation>): RankingResult {
  if (explanations.size === 0) return result;
  for (const item of result.items) {
    const carryOver = explanations.get(item.packageId);
    if (carryOver) item.explanation = { ...item.explanation, carryOver };
  }
  return result;
}
