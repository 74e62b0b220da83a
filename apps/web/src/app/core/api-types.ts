import type { PackageTotals, Tier } from '@zerobase/domain';

export interface SignedInUser {
  userId: string;
  email: string;
  displayName: string;
  memberships: { cycleId: string; role: string; departmentId: string | null }[];
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
