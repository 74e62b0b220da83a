import type { AllocationMode, Normalization, RankingMethod, RankingResult, RankingSettings } from './evaluation/model';
import type { ModeComparison } from './evaluation/allocation-modes';

/**
 * The ranking as the API answers it and the web client reads it (GET /api/cycles/:id/ranking,
 * its Socket.IO push, what-if and a meeting's preview): package and department codes instead of
 * bare ids. One definition for both sides.
 */
export interface RankingView {
  cycleId: string;
  /**
   * the settings the ranking ran with, defaults filled in; `consolidation`: whether the ranking keeps each
   * decision unit's order (the orders themselves: GET …/consolidation)
   */
  settings: Omit<RankingSettings, 'criteria' | 'consolidation' | 'reserveBasisPoints' | 'allocationMode' | 'method' | 'normalization'> & {
    criteria: { key: string; weight: number }[];
    consolidation: boolean;
    reserveBasisPoints: number;
    allocationMode: AllocationMode;
    method: RankingMethod;
    normalization: Normalization;
  };
  items: RankingItemView[];
  cutoff: RankingResult['cutoff'];
  totals: RankingResult['totals'];
  perPackage: RankingResult['perPackage'];
  perDepartment: (RankingResult['perDepartment'][number] & { department: string })[];
  tierCounts: RankingResult['tierCounts'];
  excludedForConflict: number;
  /** Σ score × cost / 100 over funded items: what the optimal mode maximizes */
  allocationValue: RankingResult['allocationValue'];
  optimizer?: RankingResult['optimizer'];
  /** department floors and caps and how they came out, with department codes (when set) */
  departmentLimits?: (NonNullable<RankingResult['departmentLimits']>[number] & { department: string })[];
  computedAt: string;
}

/** One ranked package (or level of effort) with its code and title. */
export type RankingItemView = RankingResult['items'][number] & { code: string; title: string };

/** GET /api/cycles/:id/ranking/modes: the ranking allocated in every mode, with package codes. */
export interface ModeComparisonView extends ModeComparison {
  cycleId: string;
  codes: Record<string, string>;
}

/** What a what-if (and a meeting's preview) may change in the cycle's settings; absent: as stored. */
export interface WhatIfOverrides {
  quotaFen?: number;
  reserveBasisPoints?: number;
  weights?: { key: string; weight: number }[];
  method?: RankingMethod;
  normalization?: Normalization;
  allocationMode?: AllocationMode;
  pinnedPackageIds?: string[];
  useIncrements?: boolean;
  /** keep each decision unit's order (order-preserving consolidation) */
  consolidation?: boolean;
}
