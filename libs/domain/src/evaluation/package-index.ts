import { BASIS_POINTS_PER_UNIT } from '../money';
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
  // the form toISOString writes (what the API passes), YYYY-MM-DDTHH:MM:SS.sssZ: Date.parse reads it as is
  if (isCanonicalInstant(text)) return canonicalInstant(text);
  const m = ISO_DATE_TIME.exec(text.trim());
  if (m === null) return NaN;
  const hasTime = /[T ]/i.test(text.trim());
  return Date.parse(hasTime && m[1] === undefined ? `${text.trim().replace(' ', 'T')}Z` : text.trim().replace(' ', 'T'));
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

const digits = (text: string, from: number, to: number): number => {
  let x = 0;
  for (let i = from; i < to; i++) x = x * 10 + text.charCodeAt(i) - 48;
  return x;
};

/**
 * A canonical instant's epoch milliseconds from its digits; fields out of their usual range (month 13,
 * 31 February, hour 24, years before 100 that Date.UTC would read as 19xx) go to Date.parse.
 */
function canonicalInstant(text: string): number {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(text, 20, 23));
}

/** Exactly `dddd-dd-ddTdd:dd:dd.dddZ` (a text the ISO pattern above accepts as it stands). */
function isCanonicalInstant(text: string): boolean {
  if (text.length !== 24) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58) return false;
  if (text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46 || text.charCodeAt(23) !== 90) return false;
  for (const i of DIGIT_POSITIONS) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return false;
  }
  return true;
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

/**
 * The common split, checked without allocating: an array of one to four shares in basis points, each
 * an object with its own department id and a whole number of basis points, summing to 10 000. False
 * sends the package through validateDepartmentShares, which names every problem.
 */
function sharesValid(shares: readonly DepartmentShare[] | undefined): boolean {
  if (!Array.isArray(shares) || shares.length === 0 || shares.length > 4) return false;
  let total = 0;
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i];
    if (typeof s !== 'object' || s === null || !('basisPoints' in s)) return false;
    const id = s.departmentId;
    if (typeof id !== 'string' || id === '') return false;
    for (let j = 0; j < i; j++) if (shares[j]!.departmentId === id) return false;
    const w = s.basisPoints;
    if (!(Number.isSafeInteger(w) && w >= 0)) return false;
    total += w;
  }
  return total === BASIS_POINTS_PER_UNIT;
}

export function indexPackages(packages: readonly RankingPackage[]): PackageIndex {
  if (!Array.isArray(packages as unknown)) throw new RankingInputError([{ path: 'packages', message: 'must be an array' }]);
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

  for (let p = 0; p < n; p++) {
    const pkg = packages[p]!;
    ids[p] = pkg.id;
    // one hash lookup: an id seen before does not grow the map
    const known = index.size;
    index.set(pkg.id, p);
    if (typeof pkg.id !== 'string' || pkg.id === '') add({ path: `packages[${p}].id`, message: 'is required' });
    else if (index.size === known) add({ path: `packages[${p}].id`, message: `duplicate package "${pkg.id}"` });
    costFen[p] = pkg.costFen;
    if (!(Number.isSafeInteger(pkg.costFen) && pkg.costFen >= 0)) add({ path: `packages[${p}].costFen`, message: 'must be a whole number of fen ≥ 0' });
    if (pkg.submittedAt === null || pkg.submittedAt === undefined) submitted[p] = Infinity;
    else {
      const t = parseInstant(pkg.submittedAt);
      if (Number.isNaN(t)) add({ path: `packages[${p}].submittedAt`, message: 'must be an ISO 8601 date or date-time, or null' });
      submitted[p] = t;
    }
    const packageShares = pkg.departmentShares;
    if (!sharesValid(packageShares)) for (const issue of validateDepartmentShares(packageShares, pkg.costFen, `packages[${p}].departmentShares`)) add(issue);
    shares[p] = packageShares ?? [];
    const owners: string[] = [];
    if (Array.isArray(packageShares)) {
      for (let j = 0; j < packageShares.length; j++) {
        const share = packageShares[j];
        if (typeof share === 'object' && share !== null) owners.push(share.departmentId);
      }
    }
    departments[p] = owners;
    if (pkg.unitId !== undefined && (typeof pkg.unitId !== 'string' || pkg.unitId === '')) add({ path: `packages[${p}].unitId`, message: 'must be a unit id' });
    units[p] = packageUnit(pkg);

    const given = pkg.levels;
    if (given == null || given.length === 0) {
      levels[p] = [];
      continue;
    }
    const seen = new Set<EffortLevel>();
    const lv = given.map((l, i) => {
      if (!EFFORT_LEVELS.includes(l.level)) add({ path: `packages[${p}].levels[${i}].level`, message: `must be one of ${EFFORT_LEVELS.join(', ')}` });
      else if (seen.has(l.level)) add({ path: `packages[${p}].levels[${i}].level`, message: `duplicate level "${l.level}"` });
      seen.add(l.level);
      if (!(Number.isSafeInteger(l.costFen) && l.costFen >= 0)) add({ path: `packages[${p}].levels[${i}].costFen`, message: 'must be a whole number of fen ≥ 0' });
      return { level: l.level, costFen: l.costFen };
    });
    lv.sort((a, b) => EFFORT_LEVELS.indexOf(a.level) - EFFORT_LEVELS.indexOf(b.level));
    levels[p] = lv;
  }
  if (issues.length > 0) throw new RankingInputError(issues);

  // a plain array: its sort takes runs already in order (ids listed in order) in one pass
  const sorted: number[] = [];
  for (let p = 0; p < n; p++) sorted.push(p);
  sorted.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const idOrder = new Int32Array(n);
  for (let i = 0; i < n; i++) idOrder[sorted[i]!] = i;
  return { count: n, ids, index, departments, shares, costFen, submitted, idOrder, levels, units };
}
