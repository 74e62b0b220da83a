import type { ConsolidationView, CostLineView, Membership, ModeComparisonView, PackageView, RankingItemView, RankingView, Role, WhatIfOverrides } from '@zerobase/domain';

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

/** The ranking, its items and the modes compared, as the API answers them (one definition: libs/domain evaluation-views). */
export type { ConsolidationView, ModeComparisonView, RankingView };
export type RankingItem = RankingItemView;
export type RankingCriterionPart = RankingItemView['explanation']['parts'][number];

/** The what-if overrides this client offers (POST /api/cycles/:id/ranking/what-if; the shape: libs/domain WhatIfOverrides). */
export type WhatIfRequest = Required<Pick<WhatIfOverrides, 'quotaFen' | 'reserveBasisPoints' | 'allocationMode'>> & Pick<WhatIfOverrides, 'consolidation'>;
