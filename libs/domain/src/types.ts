import type { Fen } from './money';

export const CYCLE_STAGES = ['drafting', 'review', 'scoring', 'ranking', 'allocation', 'execution', 'evaluation'] as const;
export type CycleStage = (typeof CYCLE_STAGES)[number];

export const PACKAGE_STAGES = CYCLE_STAGES;
export type PackageStage = CycleStage;

/** evaluator: a third-party evaluator of the end-of-cycle evaluation; reads only the packages assigned to it */
export const ROLES = ['coordinator', 'liaison', 'reviewer', 'observer', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

export const COST_CATEGORIES = ['land', 'materials', 'machinery', 'labour', 'equipment', 'services', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export const TIERS = ['high', 'medium', 'low'] as const;
export type Tier = (typeof TIERS)[number];

export const EFFORT_LEVELS = ['minimum', 'current', 'enhanced'] as const;
export type EffortLevel = (typeof EFFORT_LEVELS)[number];

export interface TierThresholds {
  high: number; // score >= high → high
  medium: number; // score >= medium → medium, otherwise low
}

export interface BudgetCycle {
  id: string;
  name: string;
  fiscalYear: number;
  totalQuotaFen: Fen;
  reserveBasisPoints: number;
  tierThresholds: TierThresholds;
  stage: CycleStage;
  version: number;
}

export interface Department {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  parentId: string | null;
}

export interface Membership {
  cycleId: string;
  role: Role;
  /** the department a liaison speaks for; null for other roles */
  departmentId: string | null;
  /** the packages an evaluator is assigned to evaluate (evaluator memberships only) */
  packageIds?: readonly string[];
}

export interface CostLine {
  id: string;
  departmentId: string;
  category: CostCategory;
  description: string;
  /** quantity in thousandths of a unit */
  quantityMilli: number;
  unit: string;
  unitCostFen: Fen;
  year: number;
}

export interface Activity {
  id: string;
  departmentId: string | null;
  name: string;
  start: string; // ISO date
  end: string; // ISO date
}

export interface Kpi {
  id: string;
  name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: 'increase' | 'decrease';
}

export interface EffortIncrement {
  level: EffortLevel;
  description: string;
  /** cost of this increment alone, on top of the lower levels */
  costFen: Fen;
  outcome: string;
}

export interface Risk {
  id: string;
  description: string;
  mitigation: string;
}

export interface CostShare {
  departmentId: string;
  basisPoints: number;
}

export interface DecisionPackage {
  id: string;
  cycleId: string;
  code: string;
  title: string;
  purpose: string;
  objectives: string[];
  leadDepartmentId: string;
  departmentIds: string[];
  stage: PackageStage;
  published: boolean;
  contingencyBasisPoints: number;
  activities: Activity[];
  costLines: CostLine[];
  levels: EffortIncrement[];
  kpis: Kpi[];
  risks: Risk[];
  alternatives: string[];
  consequencesOfNotFunding: string;
  costSplit: CostShare[];
  version: number;
  submittedAt: string | null;
}

export interface Criterion {
  id: string;
  key: string;
  name: string;
  weight: number;
}
