import type { Fen } from '../money';
import type { EffortLevel, Tier, TierThresholds } from '../types';
import type { CarryOverExplanation } from '../performance/carry-over';
import type { UnitParent } from './conflict-of-interest';
import type { ScoreTable } from './score-table';

/** A criterion as the evaluation needs it: a key and a weight (all weights of a cycle sum to 100). */
export interface CriterionWeight {
  key: string;
  weight: number;
  name?: string;
}

export type Normalization = 'none' | 'zscore' | 'trimmed' | 'calibrated';
export type RankingMethod = 'score' | 'borda' | 'schulze';
export type AllocationMode = 'strict' | 'skipAndContinue' | 'optimal';

/** One reviewer's score (0–100) of one package on one criterion. */
export interface RawScore {
  reviewerId: string;
  packageId: string;
  criterionKey: string;
  score: number;
}

/** A panel member's ordering of packages, best first. Packages left out rank below all listed ones, tied. */
export interface ReviewerOrdering {
  reviewerId: string;
  packageIds: readonly string[];
}

/** Survey result for one package: share of respondents in favour (basis points) and how many answered. */
export interface PublicInput {
  packageId: string;
  supportBasisPoints: number;
  responses: number;
}

/** A reviewer and the departments they belong to (for the conflict-of-interest rule). */
export interface Reviewer {
  id: string;
  departmentIds: readonly string[];
}

/** How a package's cost is split between departments: by basis points (sum 10 000) or by amounts (sum = cost). */
export type DepartmentShare = { departmentId: string; basisPoints: number } | { departmentId: string; amountFen: Fen };

/** Packages of which at most one may be funded (e.g. two ways of doing the same work). */
export interface AlternativeGroup {
  id: string;
  packageIds: readonly string[];
}

/** A department's floor (money it receives at least, when its packages allow) and cap (at most), in fen; null when not set. */
export interface DepartmentLimit {
  departmentId: string;
  floorFen?: Fen | null;
  capFen?: Fen | null;
}

/** How a department's floor and cap came out in an allocation. */
export interface DepartmentLimitOutcome {
  departmentId: string;
  floorFen: Fen | null;
  capFen: Fen | null;
  requestedFen: Fen;
  fundedFen: Fen;
  /** null when no floor is set */
  floorMet: boolean | null;
  /** floor − funded when the floor is not met, else 0 */
  floorShortfallFen: Fen;
  /**
   * why a floor is not met: its packages ask for less than the floor; the floors together exceed the
   * money available; mandated, pinned or other floored packages took the money (or its packages'
   * other departments' caps stopped them)
   */
  floorIssue: 'requestedBelowFloor' | 'floorsExceedAvailable' | 'moneyTaken' | null;
  /** a package was left out because it would have taken the department over its cap */
  capBinding: boolean;
}

/** One level of effort; costFen is the increment alone, on top of the lower levels. */
export interface RankingLevel {
  level: EffortLevel;
  costFen: Fen;
}

export interface RankingPackage {
  id: string;
  /** what the package asks for as a whole (used when increments are off) */
  costFen: Fen;
  /** ISO timestamp; null when not submitted (ranks after every submitted package in tie-breaks) */
  submittedAt: string | null;
  departmentShares: readonly DepartmentShare[];
  levels?: readonly RankingLevel[];
  /**
   * the decision unit that ranks it when the ranking is consolidated (its lead department); default the
   * department with the largest share (ties: the first listed)
   */
  unitId?: string;
}

/** A decision unit's own order of its packages, best first, as its head set it. */
export interface UnitOrder {
  unitId: string;
  packageIds: readonly string[];
}

/** The coordinator's override of one unit's order: `packageId` ranks above `aboveId` (a package of the same unit), for a reason. */
export interface ConsolidationOverride {
  packageId: string;
  aboveId: string;
  reason: string;
}

/**
 * Order-preserving consolidation (consolidation.ts): each decision unit's packages keep the unit's
 * order in the consolidated ranking. A unit's order is its `unitOrders` list followed by its unlisted
 * packages in scoring order (no list: the scoring order), amended by the coordinator's overrides.
 */
export interface ConsolidationSettings {
  /** the decision-unit hierarchy (checked for cycles) */
  units?: readonly UnitParent[];
  unitOrders?: readonly UnitOrder[];
  overrides?: readonly ConsolidationOverride[];
}

/** Where a package stands in its unit's order, and what that did to its place in the ranking. */
export interface ConsolidationExplanation {
  unitId: string;
  /** its place in its unit's order (1 = the unit's first) */
  unitRank: number;
  /** packages the unit ranks */
  unitSize: number;
  /**
   * the item directly above it in its unit's order, when that kept it below items that score less
   * ("held below DP-07 of the same unit"); absent when its unit's order did not hold it down
   */
  heldBy?: string;
  /** the coordinator's overrides of its unit's order that involve it: the other package, which of the two is above, why */
  overrides?: { otherPackageId: string; above: boolean; reason: string }[];
}

export interface PublicInputSettings {
  /** the criterion the survey feeds; default 'publicBenefit' */
  criterionKey: string;
  /** the most the survey can weigh in that criterion, basis points; default 5000 (half) */
  maxWeightBasisPoints: number;
  /** responses at which the survey gets half of its maximum weight; default 100 */
  halfSaturationResponses: number;
}

export interface RankingSettings {
  quotaFen: Fen;
  /** risk reserve held back from the quota, basis points; default 1000 (10 %) */
  reserveBasisPoints?: number;
  /** default high 85, medium 60 */
  thresholds?: TierThresholds;
  /** default DEFAULT_CRITERIA */
  criteria?: readonly CriterionWeight[];
  /** default 'none' */
  normalization?: Normalization;
  /** default 'score' */
  method?: RankingMethod;
  /** default 'strict' */
  allocationMode?: AllocationMode;
  pinnedPackageIds?: readonly string[];
  /**
   * decisions that override the ranking for a package: `fund` pins it (funded first, if it fits),
   * `cut` leaves it unfunded whatever else holds, the money flowing on down the ranking
   */
  overrides?: readonly AllocationOverride[];
  /** mandated (non-discretionary) packages: all their levels are funded first, before pinned ones, if they fit */
  mandatedPackageIds?: readonly string[];
  /** groups of packages of which at most one is funded (a mandated package may not be in a group) */
  alternativeGroups?: readonly AlternativeGroup[];
  /** per-department floors and caps, honoured by every allocation mode (mandated packages are funded regardless of caps) */
  departmentLimits?: readonly DepartmentLimit[];
  /** search limit of the `optimal` mode (branch-and-bound nodes); default 200 000 */
  optimizerNodeLimit?: number;
  /** rank levels of effort instead of whole packages; default false */
  useIncrements?: boolean;
  /** points an increment loses per level above the package's lowest level; default 10 */
  incrementDecay?: number;
  publicInput?: Partial<PublicInputSettings>;
  /** the criterion used as first tie-break; default 'costEffectiveness' */
  costEffectivenessKey?: string;
  /** refuse Schulze above this many candidates (it is O(n³)); default 1000 */
  maxSchulzeCandidates?: number;
  /** order-preserving consolidation up the decision-unit hierarchy; absent: off */
  consolidation?: ConsolidationSettings;
}

export interface AllocationOverride {
  packageId: string;
  override: 'fund' | 'cut';
  /** why (the decision's reason), shown in the explanation */
  reason?: string;
}

export interface RankingInput {
  settings: RankingSettings;
  packages: readonly RankingPackage[];
  /** score records, or the same in columns (faster for large cycles; see toScoreTable) */
  scores?: readonly RawScore[] | ScoreTable;
  orderings?: readonly ReviewerOrdering[];
  publicInput?: readonly PublicInput[];
  /** when given, scores and orderings of a reviewer on a package of their own department are ignored */
  reviewers?: readonly Reviewer[];
}

export type TieBreakReason = 'costEffectiveness' | 'lowerCost' | 'earlierSubmission' | 'id' | 'levelPrecedence' | 'unitOrder';

export type FundingReason =
  | 'pinned' // funded in the pinned pass
  | 'withinQuota' // funded while flowing down the ranking
  | 'doesNotFit' // did not fit in what was left when its turn came
  | 'belowCutoff' // strict mode: after the first item that did not fit
  | 'lowerLevelUnfunded' // an increment whose lower level is not funded
  | 'unitAboveUnfunded' // consolidation: an item above it in its decision unit's order is not funded
  | 'pinnedDoesNotFit' // pinned, but did not fit
  | 'mandated' // mandated (non-discretionary), funded before everything else
  | 'mandatedDoesNotFit' // mandated, but did not fit
  | 'alternativeFunded' // another package of its alternatives group is funded
  | 'notChosen' // optimal mode: the optimum leaves it out
  | 'overrideCut' // cut by an override decision (settings.overrides): never funded
  | 'departmentFloor' // funded in the floor pass: one of its departments was below its floor
  | 'departmentCap'; // it would take one of its departments over its cap

export interface CriterionPart {
  key: string;
  weight: number;
  /** aggregated 0–100 value, null when nobody scored it */
  value: number | null;
  /** weight × value / (sum of weights of scored criteria): what it adds to the composite */
  contribution: number;
  /** scores that went into the value (after conflict-of-interest exclusion) */
  reviewers: number;
  /** trimmed normalization dropped the highest and lowest score */
  trimmed: boolean;
  /** present on the public-benefit criterion when the package has survey input */
  publicInput?: { reviewerMean: number | null; supportPercent: number; responses: number; surveyWeight: number };
}

export interface ItemExplanation {
  method: RankingMethod;
  normalization: Normalization;
  /** the package's composite score from reviewer scores (null when no scores) */
  composite: number | null;
  /** shared by all increments of one package */
  parts: readonly CriterionPart[];
  missingCriteria: readonly string[];
  /** no score (or no ballot) reached this package */
  unscored: boolean;
  /** reviewers whose input on this package was ignored for conflict of interest */
  conflictedReviewers: readonly string[];
  borda?: { points: number; ballots: number; maxPoints: number };
  schulze?: { wins: number; opponents: number };
  increment?: { level: EffortLevel; ordinal: number; packageScore: number; decay: number; precedenceAdjusted: boolean };
  tier: Tier;
  tieBreak: TieBreakReason | null;
  /** the neighbour it was tied with */
  tieBreakAgainst: string | null;
  funding: FundingReason;
  /** mandated (non-discretionary) package */
  mandated?: boolean;
  /** a decision overrode the ranking for this package */
  override?: { override: 'fund' | 'cut'; reason: string };
  /** id of the alternatives group the package belongs to */
  alternativeGroup?: string;
  /** why an unfunded item is below the line, and what would move it (greedy modes) */
  belowLine?: BelowLineExplanation;
  /** a successor package: its predecessor's grade and what the carry-over rule did to it */
  carryOver?: CarryOverExplanation;
  /** consolidation on: its decision unit, its place in the unit's order, and whether that held it down */
  consolidation?: ConsolidationExplanation;
}

/** Why an unfunded item is not funded and what would change that. */
export interface BelowLineExplanation {
  /**
   * more money available (after the reserve) with which it is funded with everything ranked above it:
   * Y funds it, Y − 1 fen does not. null when money alone cannot fund it (an alternative is funded).
   */
  extraAvailableFen: number | null;
  /** the same as more quota (the reserve grows with the quota): exact to the fen, null as above */
  extraQuotaFen: number | null;
  /**
   * the alternative that excludes it: funded now, or (when not funded now) ranked above it, so that it
   * would be funded first with more money
   */
  alternative?: { itemId: string; funded: boolean };
  /**
   * the lowest-ranked item funded in the flow above it: the score it must beat, by how many points
   * (ties are broken as in the ranking) and whether its cost fits in that item's money plus the remainder
   */
  beat: { itemId: string; score: number; byPoints: number; fitsInItsPlace: boolean } | null;
  /** the department whose cap it would exceed (money alone does not fund it then) */
  departmentCap?: { departmentId: string; capFen: Fen };
  /**
   * consolidation: the item directly above it in its unit's order is not funded, so no better score alone
   * funds it (it stays below that item); `beat` is then null, as it is when the score to beat is its own unit's
   */
  unitAbove?: { itemId: string };
  /** per criterion, the smallest weight change (points, other weights rescaled) that funds it; filled by weightSensitivity */
  sensitivity?: WeightSensitivity[];
}

export interface WeightSensitivity {
  criterionKey: string;
  weight: number;
  /** signed change in weight points that funds it; null when no change within 0–100 does */
  change: number | null;
}

/** The exact optimizer's account of its search. */
export interface OptimizerReport {
  objective: 'scoreWeightedFen';
  /** Σ score × cost / 100 over the funded items (fen-weighted score) */
  value: number;
  /** proven upper bound on the value */
  bound: number;
  /** (bound − value) / bound, 0 when proven optimal */
  gap: number;
  proven: boolean;
  nodes: number;
  /**
   * with department floors: true when no allocation meeting every floor was found, so the floors were
   * filled by the floor pass (ranking order) and the rest optimized under the caps
   */
  floorsRelaxed?: boolean;
}

export interface RankedItem {
  /** packageId, or packageId#level for increments */
  id: string;
  packageId: string;
  level?: EffortLevel;
  rank: number;
  /** 0–100, rounded to 4 decimals; this rounded value is what ranking compares */
  score: number;
  tier: Tier;
  costFen: Fen;
  pinned: boolean;
  funded: boolean;
  fundedFen: Fen;
  /** sum of item costs up to and including this rank (funded or not) */
  cumulativeFen: Fen;
  explanation: ItemExplanation;
}

export interface Cutoff {
  /** rank of the last funded item before the first unfunded one; null if the first item is unfunded */
  rank: number | null;
  itemId: string | null;
  /** funded money at ranks up to and including the cutoff */
  amountFen: Fen;
  /** first item that did not fit (pinned items aside); null when everything fits */
  firstUnfundedRank: number | null;
  firstUnfundedItemId: string | null;
  /** how much more the first unfunded item needed when its turn came */
  shortfallFen: Fen;
}

export interface AllocationTotals {
  quotaFen: Fen;
  reserveFen: Fen;
  /** quota − reserve */
  availableFen: Fen;
  requestedFen: Fen;
  allocatedFen: Fen;
  /** available − allocated */
  remainderFen: Fen;
}

export interface DepartmentAmounts {
  departmentId: string;
  requestedFen: Fen;
  fundedFen: Fen;
  unfundedFen: Fen;
}

export interface PackageAllocation {
  packageId: string;
  requestedFen: Fen;
  fundedFen: Fen;
  unfundedFen: Fen;
  status: 'funded' | 'partial' | 'unfunded';
  fundedLevels: EffortLevel[];
  /** best rank among its items */
  bestRank: number;
  byDepartment: DepartmentAmounts[];
}

export interface RankingResult {
  method: RankingMethod;
  normalization: Normalization;
  allocationMode: AllocationMode;
  useIncrements: boolean;
  items: RankedItem[];
  cutoff: Cutoff;
  totals: AllocationTotals;
  perPackage: PackageAllocation[];
  perDepartment: DepartmentAmounts[];
  tierCounts: Record<Tier, number>;
  /** scores and ballot entries left out for conflict of interest */
  excludedForConflict: number;
  /** Σ score × cost / 100 over funded items, the value the optimal mode maximizes (all modes report it) */
  allocationValue: number;
  /** present in optimal mode */
  optimizer?: OptimizerReport;
  /** present when department floors or caps are set */
  departmentLimits?: DepartmentLimitOutcome[];
}
