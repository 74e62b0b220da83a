import { BASIS_POINTS_PER_UNIT, type Fen } from '../money';
import type { TierThresholds } from '../types';
import { DEFAULT_RESERVE_BASIS_POINTS } from './allocation';
import { DEFAULT_CRITERIA, validateCriteria } from './criteria';
import { resolveDepartmentLimits, validateDepartmentLimits, type ResolvedDepartmentLimit } from './department-limits';
import { RankingInputError, type InputIssue } from './errors';
import { DEFAULT_INCREMENT_DECAY } from './increments';
import { DEFAULT_OPTIMIZER_NODE_LIMIT } from './optimizer';
import type { AllocationMode, AllocationOverride, AlternativeGroup, ConsolidationSettings, CriterionWeight, Normalization, PublicInputSettings, RankingMethod, RankingSettings } from './model';
import { DEFAULT_PUBLIC_INPUT } from './public-input';
import { DEFAULT_TIER_THRESHOLDS, validateTierThresholds } from './tiers';

export const NORMALIZATIONS: readonly Normalization[] = ['none', 'zscore', 'trimmed', 'calibrated'];
export const RANKING_METHODS: readonly RankingMethod[] = ['score', 'borda', 'schulze'];
export const ALLOCATION_MODES: readonly AllocationMode[] = ['strict', 'skipAndContinue', 'optimal'];
export const DEFAULT_MAX_SCHULZE_CANDIDATES = 1_000;

export interface ResolvedSettings {
  quotaFen: Fen;
  reserveBasisPoints: number;
  thresholds: TierThresholds;
  criteria: readonly CriterionWeight[];
  normalization: Normalization;
  method: RankingMethod;
  allocationMode: AllocationMode;
  pinnedPackageIds: readonly string[];
  overrides: readonly AllocationOverride[];
  mandatedPackageIds: readonly string[];
  alternativeGroups: readonly AlternativeGroup[];
  departmentLimits: readonly ResolvedDepartmentLimit[];
  optimizerNodeLimit: number;
  useIncrements: boolean;
  incrementDecay: number;
  publicInput: PublicInputSettings;
  costEffectivenessKey: string;
  maxSchulzeCandidates: number;
  /** null: consolidation off */
  consolidation: ConsolidationSettings | null;
}

/** Fills in defaults and checks every setting; throws RankingInputError listing all problems. */
export function resolveSettings(s: RankingSettings): ResolvedSettings {
  const issues: InputIssue[] = [];
  const path = 'settings';
  const r: ResolvedSettings = {
    quotaFen: s.quotaFen,
    reserveBasisPoints: s.reserveBasisPoints ?? DEFAULT_RESERVE_BASIS_POINTS,
    thresholds: s.thresholds ?? DEFAULT_TIER_THRESHOLDS,
    criteria: s.criteria ?? DEFAULT_CRITERIA,
    normalization: s.normalization ?? 'none',
    method: s.method ?? 'score',
    allocationMode: s.allocationMode ?? 'strict',
    pinnedPackageIds: s.pinnedPackageIds ?? [],
    overrides: s.overrides ?? [],
    mandatedPackageIds: s.mandatedPackageIds ?? [],
    alternativeGroups: s.alternativeGroups ?? [],
    departmentLimits: [],
    optimizerNodeLimit: s.optimizerNodeLimit ?? DEFAULT_OPTIMIZER_NODE_LIMIT,
    useIncrements: s.useIncrements ?? false,
    incrementDecay: s.incrementDecay ?? DEFAULT_INCREMENT_DECAY,
    publicInput: { ...DEFAULT_PUBLIC_INPUT, ...(s.publicInput ?? {}) },
    costEffectivenessKey: s.costEffectivenessKey ?? 'costEffectiveness',
    maxSchulzeCandidates: s.maxSchulzeCandidates ?? DEFAULT_MAX_SCHULZE_CANDIDATES,
    consolidation: s.consolidation ?? null,
  };
  if (!(Number.isSafeInteger(r.quotaFen) && r.quotaFen >= 0)) issues.push({ path: `${path}.quotaFen`, message: 'must be a whole number of fen ≥ 0' });
  if (!(Number.isInteger(r.reserveBasisPoints) && r.reserveBasisPoints >= 0 && r.reserveBasisPoints <= BASIS_POINTS_PER_UNIT)) {
    issues.push({ path: `${path}.reserveBasisPoints`, message: 'must be an integer from 0 to 10000' });
  }
  issues.push(...validateTierThresholds(r.thresholds, `${path}.thresholds`));
  issues.push(...validateCriteria(r.criteria, `${path}.criteria`));
  if (!NORMALIZATIONS.includes(r.normalization)) issues.push({ path: `${path}.normalization`, message: `must be one of ${NORMALIZATIONS.join(', ')}` });
  if (!RANKING_METHODS.includes(r.method)) issues.push({ path: `${path}.method`, message: `must be one of ${RANKING_METHODS.join(', ')}` });
  if (!ALLOCATION_MODES.includes(r.allocationMode)) issues.push({ path: `${path}.allocationMode`, message: `must be one of ${ALLOCATION_MODES.join(', ')}` });
  if (!(Number.isFinite(r.incrementDecay) && r.incrementDecay >= 0 && r.incrementDecay <= 100)) {
    issues.push({ path: `${path}.incrementDecay`, message: 'must be a number from 0 to 100' });
  }
  const pi = r.publicInput;
  if (!(Number.isInteger(pi.maxWeightBasisPoints) && pi.maxWeightBasisPoints >= 0 && pi.maxWeightBasisPoints <= BASIS_POINTS_PER_UNIT)) {
    issues.push({ path: `${path}.publicInput.maxWeightBasisPoints`, message: 'must be an integer from 0 to 10000' });
  }
  if (!(Number.isFinite(pi.halfSaturationResponses) && pi.halfSaturationResponses >= 0)) {
    issues.push({ path: `${path}.publicInput.halfSaturationResponses`, message: 'must be a number ≥ 0' });
  }
  if (!(Number.isInteger(r.maxSchulzeCandidates) && r.maxSchulzeCandidates > 0)) {
    issues.push({ path: `${path}.maxSchulzeCandidates`, message: 'must be a positive integer' });
  }
  if (!(Number.isSafeInteger(r.optimizerNodeLimit) && r.optimizerNodeLimit > 0)) {
    issues.push({ path: `${path}.optimizerNodeLimit`, message: 'must be a positive integer' });
  }
  const limitIssues = validateDepartmentLimits(s.departmentLimits ?? [], `${path}.departmentLimits`);
  issues.push(...limitIssues);
  if (issues.length > 0) throw new RankingInputError(issues);
  r.departmentLimits = resolveDepartmentLimits(s.departmentLimits ?? []);
  return r;
}
