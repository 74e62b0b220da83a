import type { Fen } from '../money';
import type { ExecutionStatus, OffTrackRule } from './monitoring';

/** Execution monitoring as the API answers it and the web client shows it. */
export interface PackageExecution extends ExecutionStatus {
  packageId: string;
  code: string;
  title: string;
  /** allocated by the ranking, before adjustments */
  rankedFen: Fen;
  /** approved adjustments (+ received, − cut or given away) */
  adjustedFen: Fen;
}

export interface ExecutionView {
  month: number;
  rule: OffTrackRule;
  packages: PackageExecution[];
}

export interface AdjustmentView {
  id: string;
  kind: 'cut' | 'reallocate';
  fromPackageId: string;
  toPackageId: string | null;
  amountFen: Fen;
  reason: string;
  status: 'proposed' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
}

/** A problem of the problem list (问题清单) and its rectification (整改跟踪). */
export interface ProblemView {
  id: string;
  cycleId: string;
  packageId: string | null;
  department: string | null;
  source: 'offTrack' | 'manual';
  description: string;
  owner: string;
  measures: string;
  dueDate: string | null;
  status: 'open' | 'inProgress' | 'closed';
  evidence: string;
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
}

/** The answer of an actuals import: rows stored, and every bad row with its field. */
export interface ImportResult {
  applied: number;
  errors: { row: number; field: string; reason: string }[];
}
