import type { Fen } from '../money';
import type { CarryOverEffect, CarryOverRule } from './carry-over';
import type { Grade, GradeRule, PackageScore } from './grading';
import type { EvaluationTemplate, TemplateDimension } from './templates';

/** The end-of-cycle evaluation of a cycle as the API answers it and the web client shows it. */
export interface PerformanceSettingsView {
  template: EvaluationTemplate;
  gradeRule: GradeRule;
  carryOverRule: CarryOverRule;
}

export interface PerformanceScorerView {
  userId: string;
  name: string;
  role: 'reviewer' | 'evaluator';
  submitted: boolean;
}

export interface PerformanceSheetView {
  scorerId: string;
  scores: Record<string, number>;
  comment: string;
  submittedAt: string;
}

export interface GradeAdjustmentView {
  grade: Grade;
  reason: string;
  adjustedAt: string;
}

export interface PackagePerformanceView {
  packageId: string;
  code: string;
  title: string;
  /** final allocation: the ranking's plus approved adjustments */
  allocatedFen: Fen;
  /** spent ÷ allocated at year end, basis points */
  executionBasisPoints: number | null;
  /** mean KPI completion at year end (0–1, may exceed 1); null without KPI actuals */
  kpiCompletion: number | null;
  assignedToMe: boolean;
  mySheet: PerformanceSheetView | null;
  /** coordinators only: who scores it and every sheet */
  scorers: PerformanceScorerView[];
  sheets: PerformanceSheetView[];
  /** coordinators only (a score or grade read by one of two scorers would reveal the other's sheet) */
  score: PackageScore | null;
  computedGrade: Grade | null;
  adjustment: GradeAdjustmentView | null;
  /** the adjusted grade when there is one, else the computed one */
  grade: Grade | null;
}

export interface PerformanceView {
  cycleId: string;
  cycleName: string;
  cycleNameEn: string;
  stage: string;
  canManage: boolean;
  settings: PerformanceSettingsView;
  dimensions: readonly TemplateDimension[];
  packages: PackagePerformanceView[];
  /** the cycle created from this one, when it exists */
  nextCycleId: string | null;
}

export interface CarryOverPreviewItem {
  packageId: string;
  code: string;
  title: string;
  allocatedFen: Fen;
  grade: Grade | null;
  effect: CarryOverEffect;
  cutBasisPoints: number | null;
  capFen: Fen | null;
  /** false: not carried forward (cancelled) */
  carried: boolean;
}

export interface NextCyclePreview {
  cycleId: string;
  gradeRule: GradeRule;
  carryOverRule: CarryOverRule;
  items: CarryOverPreviewItem[];
  /** funded packages without a grade (carried forward with no effect) */
  ungraded: number;
  nextCycleId: string | null;
}
