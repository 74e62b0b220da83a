import type { PackageTotals } from './totals';
import type { EffortIncrement, Kpi, PackageStage, Risk, Role, Tier } from './types';

/**
 * The JSON shapes the API answers with and the web client reads: departments appear by
 * code, money in integer fen. One definition for both sides.
 */
export interface CostLineView {
  id: string;
  /** department code; `shared` for a line of the package's shared part */
  department: string;
  category: string;
  description: string;
  location: string | null;
  /** for display; quantityMilli is exact */
  quantity: number;
  quantityMilli: number;
  unit: string;
  unitCostFen: number;
  year: number;
  amountFen: number;
}

export interface ActivityView {
  id: string;
  department: string | null;
  name: string;
  start: string;
  end: string;
}

export interface PackageView {
  id: string;
  cycleId: string;
  code: string;
  title: string;
  purpose: string;
  objectives: string[];
  leadDepartment: string;
  departments: string[];
  joint: boolean;
  stage: PackageStage;
  published: boolean;
  contingencyBasisPoints: number;
  costLines: CostLineView[];
  activities: ActivityView[];
  levels: EffortIncrement[];
  kpis: Kpi[];
  risks: Risk[];
  alternatives: string[];
  consequencesOfNotFunding: string;
  costSplit: { department: string; basisPoints: number }[];
  /** byDepartment keyed by department code */
  totals: PackageTotals;
  /** set when stored amounts are out of range: totals read as zero and the package is left out of allocation */
  amountProblem?: string;
  score: number | null;
  tier: Tier | null;
  version: number;
  submittedAt: string | null;
  updatedAt: string;
}

/** GET/POST /api/users (coordinators): a person who may sign in; `department` is the code of the unit they work in. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  department: string | null;
}

/** GET/POST /api/cycles/:cycleId/memberships: a person's role in a cycle; `department` is the code a liaison speaks for. */
export interface MembershipView {
  id: string;
  userId: string;
  email: string;
  role: Role;
  department: string | null;
}

/** GET /api/cycles/:cycleId/queue/mine: what a reviewer has to score, and their progress. */
export interface ReviewQueueView {
  cycleId: string;
  scoringClosed: boolean;
  criteria: { key: string; nameZh: string; nameEn: string; descriptionZh: string; descriptionEn: string; weight: number }[];
  progress: { scored: number; total: number; recused: number; nextPackageId: string | null };
  items: {
    packageId: string;
    code: string;
    title: string;
    departments: string[];
    status: 'scored' | 'partial' | 'open' | 'recused';
    scoredCriteria: number;
    /** department codes shared with the reviewer, when recused */
    recusedFor: string[];
  }[];
}

/** One committed change of a package document, as `GET /api/packages/:id/edit-log` lists it. */
export interface EditLogEntryView {
  id: string;
  at: string;
  /** the author; null for the system, and for observers (they read the department only: seesStaffNames) */
  userId: string | null;
  userName: string | null;
  /** department code of the author, null for coordinators and the system */
  department: string | null;
  /** 'client' (live editor), 'rest', 'restore', 'resolution', 'migration' */
  origin: string;
  /** 'shared' or 'dept:<code>' */
  sections: string[];
  /** what the change touched, e.g. `shared.title`, `dept:power/costLines/<line id>.unitCostFen` (at most 50) */
  paths: string[];
  /** the fields those paths belong to (title, purpose, costLines, …) */
  fields: string[];
}

export interface EditLogPageView {
  entries: EditLogEntryView[];
  /** entries matching the filters */
  total: number;
  limit: number;
  offset: number;
  /** offset of the next page, null on the last one */
  nextOffset: number | null;
}

/** The last change of one part of a package (one edit-log path), as `GET /api/packages/:id/last-changes` lists it. */
export interface LastChangeView {
  /** an edit-log path: `shared.title`, `shared/purpose`, `dept:power/costLines/<line id>.unitCostFen`, `dept:power/costLines` (rows added, removed, moved) */
  path: string;
  /** the edit-log entry it comes from */
  entryId: string;
  at: string;
  /** null for the system, and for observers (they read the department only: seesStaffNames) */
  userId: string | null;
  userName: string | null;
  /** department code of the author, null for coordinators and the system */
  department: string | null;
}

export interface LastChangesView {
  changes: LastChangeView[];
  /** the server's time of this answer: ask again with `since` a little before it for what changed after */
  asOf: string;
}

export type VersionKind = 'manual' | 'stage-gate' | 'before-restore' | 'auto' | 'restore';

/** Someone whose edits a version holds (since the version before it); observers read the department only (userId, userName null). */
export interface VersionEditorView {
  userId: string | null;
  userName: string | null;
  department: string | null;
}

/** A stored version of a package, with who changed what since the version before it. */
export interface VersionSummaryView {
  id: string;
  name: string;
  kind: VersionKind;
  /** who recorded it; null for the system, and for observers (seesStaffNames) */
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  /** people who edited between the previous version and this one */
  editors: VersionEditorView[];
  /** fields changed between the previous version and this one (from the edit log's paths) */
  fields: string[];
}

/** A decision unit and its packages in the unit's order, as the consolidation applies it. */
export interface UnitOrderView {
  /** department code */
  department: string;
  /** the bureau it belongs to (department code), null for a top-level unit */
  parent: string | null;
  /** true when the unit's head set an order (else it is the scoring order) */
  ordered: boolean;
  packages: { packageId: string; code: string; title: string }[];
}

/** A coordinator's override of a unit's order: `code` ranks above `aboveCode`, for `reason`. */
export interface ConsolidationOverrideView {
  id: string;
  packageId: string;
  code: string;
  aboveId: string;
  aboveCode: string;
  /** the unit whose order it overrides (department code) */
  department: string;
  reason: string;
  /** who recorded it (display name); null for observers (seesStaffNames) */
  createdBy: string | null;
  createdAt: string;
  /**
   * set when the override no longer applies and the ranking ignores it: why (e.g. its packages are in
   * different units now, after a lead department changed). Listed so that it can be seen and removed.
   */
  stale?: string;
}

/** GET /api/cycles/:id/consolidation: whether the ranking keeps each unit's order, the orders, the overrides. */
export interface ConsolidationView {
  cycleId: string;
  enabled: boolean;
  units: UnitOrderView[];
  overrides: ConsolidationOverrideView[];
}
