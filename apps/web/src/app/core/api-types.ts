import type { AllocationMode, BelowLineExplanation, CarryOverExplanation, ConsolidationExplanation, ConsolidationView, CostLineView, DepartmentLimitOutcome, FundingReason, ItemExplanation, Membership, OptimizerReport, PackageView, Role, Tier } from '@zerobase/domain';

export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
  memberships: Membership[];
}

export interface CycleSummary {
  id: string;
  name: string;
  nameEn?: string;
  fiscalYear: number;
  tierThresholds?: { high: number; medium: number };
  version?: number;
  totalQuotaFen: number;
  reserveBasisPoints: number;
  stage: string;
  myRoles: Role[];
}

export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  parent: string | null;
}

/** packages as the API answers them: one definition shared with the server */
export type PackageSummary = PackageView;
export type CostLine = CostLineView;

export interface RankingCriterionPart {
  key: string;
  weight: number;
  value: number | null;
  contribution: number;
  reviewers: number;
}

export interface RankingItem {
  /** packageId, or packageId#level when increments are ranked */
  id: string;
  packageId: string;
  code: string;
  title: string;
  level?: string;
  rank: number;
  score: number;
  tier: Tier;
  funded: boolean;
  pinned: boolean;
  costFen: number;
  fundedFen: number;
  cumulativeFen: number;
  explanation: {
    composite: number | null;
    parts: RankingCriterionPart[];
    unscored: boolean;
    funding: FundingReason;
    mandated?: boolean;
    alternativeGroup?: string;
    /** a meeting's override decision (one definition: libs/domain ItemExplanation) */
    override?: ItemExplanation['override'];
    belowLine?: BelowLineExplanation;
    /** a successor package: its predecessor's grade and what it did (libs/domain performance) */
    carryOver?: CarryOverExplanation;
    /** consolidation on: its decision unit, its place there, what held it (libs/domain consolidation) */
    consolidation?: ConsolidationExplanation;
  };
}

/** GET /api/cycles/:id/consolidation (one definition: libs/domain api-views) */
export type { ConsolidationView };

export interface RankingView {
  cycleId: string;
  settings: { quotaFen: number; reserveBasisPoints: number; allocationMode: AllocationMode; method: string; consolidation?: boolean };
  items: RankingItem[];
  cutoff: { rank: number | null; firstUnfundedRank: number | null; shortfallFen: number; amountFen: number };
  totals: { quotaFen: number; reserveFen: number; availableFen: number; requestedFen: number; allocatedFen: number; remainderFen: number };
  perDepartment: { department: string; requestedFen: number; fundedFen: number; unfundedFen: number }[];
  tierCounts: Record<Tier, number>;
  allocationValue?: number;
  optimizer?: OptimizerReport;
  /** department floors and caps and how they came out, when set */
  departmentLimits?: (DepartmentLimitOutcome & { department: string })[];
  computedAt: string;
}

/** GET /api/cycles/:id/ranking/modes */
export interface ModeComparisonView {
  cycleId: string;
  codes: Record<string, string>;
  modes: { mode: AllocationMode; allocatedFen: number; remainderFen: number; value: number; fundedItemIds: string[]; optimizer?: OptimizerReport }[];
  differences: { itemId: string; rank: number; fundedIn: AllocationMode[] }[];
}

/** The what-if overrides this client offers (POST /api/cycles/:id/ranking/what-if). */
export interface WhatIfRequest {
  quotaFen: number;
  reserveBasisPoints: number;
  allocationMode: AllocationMode;
  /** keep each decision unit's order (order-preserving consolidation) */
  consolidation?: boolean;
}
