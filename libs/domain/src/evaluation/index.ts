// Public surface of the evaluation: scoring, ranking and allocation of decision packages.
// Everything here is pure (no framework, no I/O, no clock) and deterministic.

export type {
  AllocationMode,
  AllocationTotals,
  AlternativeGroup,
  BelowLineExplanation,
  ConsolidationExplanation,
  ConsolidationOverride,
  ConsolidationSettings,
  CriterionPart,
  CriterionWeight,
  Cutoff,
  DepartmentAmounts,
  DepartmentLimit,
  DepartmentLimitOutcome,
  DepartmentShare,
  FundingReason,
  ItemExplanation,
  Normalization,
  OptimizerReport,
  PackageAllocation,
  PublicInput,
  PublicInputSettings,
  RankedItem,
  RankingInput,
  RankingLevel,
  RankingMethod,
  RankingPackage,
  RankingResult,
  RankingSettings,
  RawScore,
  Reviewer,
  ReviewerOrdering,
  TieBreakReason,
  UnitOrder,
  WeightSensitivity,
} from './model';
export { RankingInputError, type InputIssue } from './errors';

// the entry point
export { rankAndAllocate, type RankingProfile } from './rank-and-allocate';
export { isScoreTable, scoreRecords, toScoreTable, type ScoreTable } from './score-table';
export { resolveSettings, ALLOCATION_MODES, NORMALIZATIONS, RANKING_METHODS, DEFAULT_MAX_SCHULZE_CANDIDATES, type ResolvedSettings } from './settings';

// criteria, conflicts of interest, public input, composite, tiers
export { CRITERIA_WEIGHT_TOTAL, DEFAULT_CRITERIA, assertValidCriteria, validateCriteria } from './criteria';
export { conflictingUnits, conflictMatrix, hasConflictOfInterest, type UnitParent } from './conflict-of-interest';
export { DEFAULT_PUBLIC_INPUT, blendPublicBenefit, surveyWeight } from './public-input';
export { SCORE_SCALE, roundScore, weightedComposite } from './scoring';
export { DEFAULT_TIER_THRESHOLDS, countTiers, tierFor, validateTierThresholds } from './tiers';

// increments, allocation, department split
export { DEFAULT_INCREMENT_DECAY, incrementScoreKey } from './increments';
export { DEFAULT_RESERVE_BASIS_POINTS, allocate, availableAfterReserve, type AllocationEntry, type AllocationOutcome } from './allocation';
export { validateAllocationRules } from './allocation-rules';
export { DEFAULT_OPTIMIZER_NODE_LIMIT } from './optimizer';
export { quotaForAvailable } from './below-line';
export { addWeightSensitivity, compareAllocationModes, type ModeComparison, type ModeOutcome } from './allocation-modes';
export {
  RANKING_RUN_FORMAT,
  canonicalJson,
  firstOutputDifference,
  rankingRunBody,
  rankingRunOutput,
  type RankingRun,
  type RankingRunBody,
  type RankingRunOutput,
} from './ranking-run';
export { splitByShares, validateDepartmentShares } from './department-split';
export { hierarchyCycle, packageUnit, validateConsolidation, type ConsolidationLabels } from './consolidation';
export { validateDepartmentLimits } from './department-limits';
export { RUN_CHAIN_FORMAT, chainDigestInput, verifyRunChain, type ChainVerdict, type RunChain, type RunChainEntry } from './run-chain';
export { firstBrokenCheckpoint, ledgerCheckpoint, ledgerOrder, rollingDigests, type DecisionLedgerRow, type EditLedgerRow, type LedgerCheckpoint, type LedgerDigest, type LedgerProblem, type LedgerRows } from './ledger';
export {
  averageRanks,
  biasCorrectedScores,
  calibratePanel,
  intraclassCorrelations,
  kendallW,
  reviewerBiases,
  spearman,
  type CriterionAgreement,
  type PackageReviews,
  type PanelCalibration,
  type PanelOptions,
  type ReviewerCalibration,
} from './panel-calibration';

// cost-effectiveness and demo data
export { costEffectiveness, kpiOutput, ratioRounded, type CostEffectiveness, type CostEffectivenessInput } from './cost-effectiveness';
export { scoresForTargetComposite, type ReviewerCriterionScore } from './demo-scores';
export { reviewQueue, type ReviewQueueEntry, type ReviewQueuePackage, type ReviewQueueProgress, type ReviewQueueStatus } from './review-queue';
