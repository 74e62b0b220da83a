import type { AllocationMode, FundingReason, Membership, PackageTotals, Tier } from '@zerobase/domain';

export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
  memberships: Membership[];
}

export interface CycleSummary {
  id: string;
  name: string;
  fiscalYear: number;
  totalQuotaFen: number;
  reserveBasisPoints: number;
  stage: string;
  myRoles: string[];
}

export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  parent: string | null;
}

export interface CostLine {
  id: string;
  department: string;
  category: string;
  description: string;
  location: string | null;
  quantity: number;
  unit: string;
  unitCostFen: number;
  year: number;
  amountFen: number;
}

export interface Kpi {
  id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: 'increase' | 'decrease';
}

export interface PackageSummary {
  id: string;
  cycleId: string;
  code: string;
  title: string;
  purpose: string;
  objectives: string[];
  leadDepartment: string;
  departments: string[];
  joint: boolean;
  stage: string;
  published: boolean;
  contingencyBasisPoints: number;
  costLines: CostLine[];
  kpis: Kpi[];
  levels: { level: string; description: string; costFen: number; outcome: string }[];
  costSplit: { department: string; basisPoints: number }[];
  consequencesOfNotFunding: string;
  totals: PackageTotals;
  score: number | null;
  tier: Tier | null;
  version: number;
}

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
  explanation: { composite: number | null; parts: RankingCriterionPart[]; unscored: boolean; funding: FundingReason };
}

export interface RankingView {
  cycleId: string;
  settings: { quotaFen: number; reserveBasisPoints: number; allocationMode: AllocationMode; method: string };
  items: RankingItem[];
  cutoff: { rank: number | null; firstUnfundedRank: number | null; shortfallFen: number; amountFen: number };
  totals: { quotaFen: number; reserveFen: number; availableFen: number; requestedFen: number; allocatedFen: number; remainderFen: number };
  perDepartment: { department: string; requestedFen: number; fundedFen: number; unfundedFen: number }[];
  tierCounts: Record<Tier, number>;
  computedAt: string;
}

/** The what-if overrides this client offers (POST /api/cycles/:id/ranking/what-if). */
export interface WhatIfRequest {
  quotaFen: number;
  reserveBasisPoints: number;
  allocationMode: AllocationMode;
}
