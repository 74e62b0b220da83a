/**
 * Projection of a package document to a plain snapshot (what ranking, metrics, the REST API
 * and invariant checks read). Deterministic: the same document state gives the same snapshot
 * on every replica (departments and split sorted by id, rows in array order, levels in
 * minimum → current → enhanced order). Never throws on bad content: invalid values are
 * replaced by defaults and listed in `issues`.
 */
import * as Y from 'yjs';
import {
  BASIS_POINTS_PER_UNIT,
  costLineTotal,
  EFFORT_LEVELS,
  mulDivRound,
  packageTotals,
  type CostShare,
  type EffortIncrement,
  type Fen,
  type Kpi,
  type PackageTotals,
  type Risk,
} from '@zerobase/domain';
import { apportion } from './apportion';
import { listRows } from './row-access';
import type { ActivityData, CostLineData } from './row-types';
import { SHARED_SECTION, departmentSection, documentDepartmentIds, sharedMap, type SharedTextField } from './schema';
import { getContingencyBasisPoints, getCostSplit, getDepartmentNotes, getList, getSharedText, getTitle } from './shared-fields';

/** departmentId given to shared cost lines in snapshots and totals (`totals.byDepartment.shared`) */
export const SHARED_COST_OWNER = SHARED_SECTION;

export interface CostLineSnapshot extends CostLineData {
  /** the owning department, or `SHARED_COST_OWNER` for a line of the shared part */
  departmentId: string;
}

export interface ActivitySnapshot extends ActivityData {
  /** null for an activity of the shared part */
  departmentId: string | null;
}

export interface PackageSnapshot {
  schemaVersion: number | null;
  title: string;
  purpose: string;
  objectives: string[];
  narrative: string;
  kpis: Kpi[];
  risks: Risk[];
  alternatives: string[];
  levels: EffortIncrement[];
  costSplit: CostShare[];
  contingencyBasisPoints: number;
  consequencesOfNotFunding: string;
  /** departments with a section in the document, in the split, or passed in; sorted */
  departmentIds: string[];
  /** department lines, grouped by department (sorted by id), each section in its order */
  costLines: CostLineSnapshot[];
  /** lines of the shared part (joint implementation), departmentId = SHARED_COST_OWNER */
  sharedCostLines: CostLineSnapshot[];
  activities: ActivitySnapshot[];
  /** working notes per department (only departments with a section) */
  notes: Record<string, string>;
  /** packageTotals over department and shared lines, contingency included */
  totals: PackageTotals;
  /**
   * What each department asks through this package: its own lines, plus its split share of the
   * shared lines, plus its proportional part of the contingency. Exact: the values plus
   * `unallocatedFen` sum to `totals.totalFen`.
   */
  requestByDepartment: Record<string, Fen>;
  /** the part of the shared lines (and its contingency) that the split does not cover */
  unallocatedFen: Fen;
  issues: string[];
}

export interface ProjectOptions {
  /** departments of the package known to the server, listed even if their sections are empty */
  departmentIds?: readonly string[];
  /**
   * For rule checks only: texts (`purpose`, `narrative`, `consequencesOfNotFunding`,
   * `notes.<department id>`) for which this returns true read as '' (not walked).
   */
  skipText?: (field: string) => boolean;
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function projectSnapshot(doc: Y.Doc, options: ProjectOptions = {}): PackageSnapshot {
  const issues: string[] = [];
  const costSplit = getCostSplit(doc);
  const inDocument = documentDepartmentIds(doc);
  const departmentIds = projectDepartmentIds(doc, costSplit, options);

  const { costLines, sharedCostLines } = projectCostLines(doc, departmentIds, issues);
  const activities = projectActivities(doc, departmentIds, issues);
  const notes: Record<string, string> = {};
  for (const departmentId of departmentIds) {
    if (inDocument.includes(departmentId)) notes[departmentId] = options.skipText?.(`notes.${departmentId}`) ? '' : getDepartmentNotes(doc, departmentId);
  }

  const seen = new Set<string>();
  for (const line of [...costLines, ...sharedCostLines]) {
    if (seen.has(line.id)) issues.push(`cost line id ${line.id} is used more than once`);
    seen.add(line.id);
  }

  const contingencyBasisPoints = getContingencyBasisPoints(doc);
  const totals = safeTotals([...costLines, ...sharedCostLines], contingencyBasisPoints, issues);
  const { requestByDepartment, unallocatedFen } = departmentRequests(totals, departmentIds, costSplit);

  const version = sharedMap(doc).get('schemaVersion');
  const text = (field: SharedTextField): string => (options.skipText?.(field) ? '' : getSharedText(doc, field));
  return {
    schemaVersion: typeof version === 'number' ? version : null,
    title: getTitle(doc),
    purpose: text('purpose'),
    objectives: getList(doc, 'objectives'),
    narrative: text('narrative'),
    kpis: listRows(doc, SHARED_SECTION, 'kpis', issues),
    risks: listRows(doc, SHARED_SECTION, 'risks', issues),
    alternatives: getList(doc, 'alternatives'),
    levels: projectLevels(doc, issues),
    costSplit,
    contingencyBasisPoints,
    consequencesOfNotFunding: text('consequencesOfNotFunding'),
    departmentIds,
    costLines,
    sharedCostLines,
    activities,
    notes,
    totals,
    requestByDepartment,
    unallocatedFen,
    issues,
  };
}

/** The departments a snapshot covers: sections in the document, the split, and those passed in; sorted. */
export function projectDepartmentIds(doc: Y.Doc, costSplit: readonly CostShare[], options: ProjectOptions = {}): string[] {
  return [...new Set([...documentDepartmentIds(doc), ...costSplit.map((s) => s.departmentId), ...(options.departmentIds ?? [])])].sort(byId);
}

/** Department lines (departments in the given order, each section in its order), then the shared part's. */
export function projectCostLines(doc: Y.Doc, departmentIds: readonly string[], issues: string[] = []): Pick<PackageSnapshot, 'costLines' | 'sharedCostLines'> {
  const costLines: CostLineSnapshot[] = [];
  for (const departmentId of departmentIds) {
    for (const line of listRows(doc, departmentSection(departmentId), 'costLines', issues)) {
      delete line.fromDepartmentIds;
      costLines.push({ ...line, departmentId });
    }
  }
  const sharedCostLines: CostLineSnapshot[] = listRows(doc, SHARED_SECTION, 'costLines', issues).map((line) => ({
    ...line,
    fromDepartmentIds: line.fromDepartmentIds ?? [],
    departmentId: SHARED_COST_OWNER,
  }));
  return { costLines, sharedCostLines };
}

/** Department activities (departments in the given order), then the shared part's. */
export function projectActivities(doc: Y.Doc, departmentIds: readonly string[], issues: string[] = []): ActivitySnapshot[] {
  const activities: ActivitySnapshot[] = [];
  for (const departmentId of departmentIds) {
    for (const activity of listRows(doc, departmentSection(departmentId), 'activities', issues)) activities.push({ ...activity, departmentId });
  }
  for (const activity of listRows(doc, SHARED_SECTION, 'activities', issues)) activities.push({ ...activity, departmentId: null });
  return activities;
}

/** Levels of effort in minimum → current → enhanced order. */
export function projectLevels(doc: Y.Doc, issues: string[] = []): EffortIncrement[] {
  const levelOrder = (l: EffortIncrement) => EFFORT_LEVELS.indexOf(l.level);
  return listRows(doc, SHARED_SECTION, 'levels', issues).sort((a, b) => levelOrder(a) - levelOrder(b));
}

function safeTotals(lines: CostLineSnapshot[], contingencyBasisPoints: number, issues: string[]): PackageTotals {
  const countable = lines.filter((line) => {
    try {
      costLineTotal(line);
      return true;
    } catch {
      issues.push(`cost line ${line.id}: amount out of range, left out of the totals`);
      return false;
    }
  });
  try {
    return packageTotals(countable, contingencyBasisPoints);
  } catch {
    issues.push('package totals out of range');
    return packageTotals([], 0);
  }
}

/**
 * Apportion the shared base by the split (all of it when the split covers ≥ 100 %, otherwise
 * the covered part), then the contingency in proportion to each department's base.
 */
export function departmentRequests(
  totals: PackageTotals,
  departmentIds: readonly string[],
  costSplit: readonly CostShare[],
): { requestByDepartment: Record<string, Fen>; unallocatedFen: Fen } {
  const ids = [...new Set([...departmentIds, ...costSplit.map((s) => s.departmentId)])].sort(byId);
  const sharedBase = totals.byDepartment[SHARED_COST_OWNER] ?? 0;
  const weights = ids.map((id) => costSplit.find((s) => s.departmentId === id)?.basisPoints ?? 0);
  const covered = weights.reduce((s, w) => s + w, 0);
  const allocatedShared = covered >= BASIS_POINTS_PER_UNIT ? sharedBase : mulDivRound(sharedBase, covered, BASIS_POINTS_PER_UNIT);
  const sharedParts = apportion(allocatedShared, weights);
  const bases = ids.map((id, i) => (id === SHARED_COST_OWNER ? 0 : (totals.byDepartment[id] ?? 0)) + (sharedParts[i] ?? 0));
  const unallocatedBase = sharedBase - allocatedShared;
  const contingencyParts = apportion(totals.contingencyFen, [...bases, unallocatedBase]);
  const requestByDepartment: Record<string, Fen> = {};
  ids.forEach((id, i) => {
    requestByDepartment[id] = (bases[i] ?? 0) + (contingencyParts[i] ?? 0);
  });
  return { requestByDepartment, unallocatedFen: unallocatedBase + (contingencyParts[ids.length] ?? 0) };
}
