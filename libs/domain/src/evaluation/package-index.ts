import { EFFORT_LEVELS, type EffortLevel } from '../types';
import { RankingInputError, type InputIssue } from './errors';
import type { DepartmentShare, RankingPackage } from './model';
import { validateDepartmentShares } from './department-split';
import { packageUnit } from './consolidation';

const MAX_ISSUES = 100;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * An ISO 8601 date or date-time as epoch milliseconds, NaN when it is not one. A date-time without
 * an offset is read as UTC, so the order never depends on the server's time zone.
 */
export function parseInstant(text: string): number {
  if (typeof text !== 'string') return NaN;
  const m = ISO_DATE_TIME.exec(text.trim());
  if (m === null) return NaN;
  const hasTime = /[T ]/i.test(text.trim());
  return Date.parse(hasTime && m[1] === undefined ? `${text.trim().replace(' ', 'T')}Z` : text.trim().replace(' ', 'T'));
}

/** The packages, checked and laid out for the ranking phases. */
export interface PackageIndex {
  count: number;
  ids: string[];
  index: Map<string, number>;
  /** departments owning each package (for conflicts of interest and the per-department split) */
  departments: string[][];
  shares: (readonly DepartmentShare[])[];
  costFen: number[];
  /** submission time, ms; +Infinity when not submitted */
  submitted: Float64Array;
  /** position of each id in code-unit order */
  idOrder: Int32Array;
  /** each package's levels, minimum → enhanced (empty when it has none) */
  levels: { level: EffortLevel; costFen: number }[][];
  /** the decision unit that ranks each package when the ranking is consolidated (null: none) */
  units: (string | null)[];
}

export function indexPackages(packages: readonly RankingPackage[]): PackageIndex {
  const issues: InputIssue[] = [];
  const add = (issue: InputIssue): void => {
    if (issues.length < MAX_ISSUES) issues.push(issue);
  };
  const n = packages.length;
  const ids: string[] = new Array(n);
  const index = new Map<string, number>();
  const departments: string[][] = new Array(n);
  const shares: (readonly DepartmentShare[])[] = new Array(n);
  const costFen: number[] = new Array(n);
  const submitted = new Float64Array(n);
  const levels: { level: EffortLevel; costFen: number }[][] = new Array(n);
  const units: (string | null)[] = new Array(n);

  packages.forEach((pkg, p) => {
    const path = `packages[${p}]`;
    ids[p] = pkg.id;
    if (typeof pkg.id !== 'string' || pkg.id === '') add({ path: `${path}.id`, message: 'is required' });
    else if (index.has(pkg.id)) add({ path: `${path}.id`, message: `duplicate package "${pkg.id}"` });
    index.set(pkg.id, p);
    costFen[p] = pkg.costFen;
    if (!(Number.isSafeInteger(pkg.costFen) && pkg.costFen >= 0)) add({ path: `${path}.costFen`, message: 'must be a whole number of fen ≥ 0' });
    if (pkg.submittedAt === null || pkg.submittedAt === undefined) submitted[p] = Infinity;
    else {
      const t = parseInstant(pkg.submittedAt);
      if (Number.isNaN(t)) add({ path: `${path}.submittedAt`, message: 'must be an ISO 8601 date or date-time, or null' });
      submitted[p] = t;
    }
    for (const issue of validateDepartmentShares(pkg.departmentShares, pkg.costFen, `${path}.departmentShares`)) add(issue);
    shares[p] = pkg.departmentShares ?? [];
    departments[p] = (pkg.departmentShares ?? []).map((s) => s.departmentId);
    if (pkg.unitId !== undefined && (typeof pkg.unitId !== 'string' || pkg.unitId === '')) add({ path: `${path}.unitId`, message: 'must be a unit id' });
    units[p] = packageUnit(pkg);

    const seen = new Set<EffortLevel>();
    const lv = (pkg.levels ?? []).map((l, i) => {
      if (!EFFORT_LEVELS.includes(l.level)) add({ path: `${path}.levels[${i}].level`, message: `must be one of ${EFFORT_LEVELS.join(', ')}` });
      else if (seen.has(l.level)) add({ path: `${path}.levels[${i}].level`, message: `duplicate level "${l.level}"` });
      seen.add(l.level);
      if (!(Number.isSafeInteger(l.costFen) && l.costFen >= 0)) add({ path: `${path}.levels[${i}].costFen`, message: 'must be a whole number of fen ≥ 0' });
      return { level: l.level, costFen: l.costFen };
    });
    lv.sort((a, b) => EFFORT_LEVELS.indexOf(a.level) - EFFORT_LEVELS.indexOf(b.level));
    levels[p] = lv;
  });
  if (issues.length > 0) throw new RankingInputError(issues);

  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const idOrder = new Int32Array(n);
  sorted.forEach((p, i) => (idOrder[p] = i));
  return { count: n, ids, index, departments, shares, costFen, submitted, idOrder, levels, units };
}
