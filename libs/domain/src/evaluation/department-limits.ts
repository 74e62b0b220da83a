import type { Fen } from '../money';
import { splitByShares } from './department-split';
import type { InputIssue } from './errors';
import type { DepartmentLimit, DepartmentLimitOutcome, DepartmentShare } from './model';

/** A department's floor and cap as the allocation uses them: null when not set. */
export interface ResolvedDepartmentLimit {
  departmentId: string;
  floorFen: Fen | null;
  capFen: Fen | null;
}

const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks per-department floors and caps: a department named once, whole fen ≥ 0 or null, at least one
 * of the two set, and a floor never above the cap (no allocation could meet both).
 */
export function validateDepartmentLimits(limits: readonly DepartmentLimit[], path = 'departmentLimits', label: (id: string) => string = (id) => id): InputIssue[] {
  if (!Array.isArray(limits)) return [{ path, message: 'must be an array' }];
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  limits.forEach((l, i) => {
    const at = `${path}[${i}]`;
    if (typeof l !== 'object' || l === null) {
      issues.push({ path: at, message: 'must be an object' });
      return;
    }
    if (typeof l.departmentId !== 'string' || l.departmentId === '') issues.push({ path: `${at}.departmentId`, message: 'is required' });
    else if (seen.has(l.departmentId)) issues.push({ path: `${at}.departmentId`, message: `department ${label(l.departmentId)} has two limits` });
    seen.add(l.departmentId);
    const floor = l.floorFen ?? null;
    const cap = l.capFen ?? null;
    if (floor !== null && !isFen(floor)) issues.push({ path: `${at}.floorFen`, message: 'must be a whole number of fen ≥ 0, or null' });
    if (cap !== null && !isFen(cap)) issues.push({ path: `${at}.capFen`, message: 'must be a whole number of fen ≥ 0, or null' });
    if (floor === null && cap === null) issues.push({ path: at, message: 'set a floor, a cap or both' });
    if (isFen(floor) && isFen(cap) && floor > cap) issues.push({ path: `${at}.floorFen`, message: `floor ${floor} fen is above the cap ${cap} fen of department ${label(l.departmentId)}` });
  });
  return issues;
}

export function resolveDepartmentLimits(limits: readonly DepartmentLimit[]): ResolvedDepartmentLimit[] {
  return limits.map((l) => ({ departmentId: l.departmentId, floorFen: l.floorFen ?? null, capFen: l.capFen ?? null }));
}

/**
 * The money each limited department receives while an allocation is built. A package counts for its
 * departments by the split of its funded total (splitByShares, as the per-department totals of the
 * result), so floors and caps are checked against exactly the amounts reported.
 */
export class DepartmentBook {
  /** per limited department */
  readonly floor: Float64Array;
  readonly cap: Float64Array;
  readonly funded: Float64Array;
  readonly ids: string[];
  /** per group (package): its shares and, per share, the limited department index or -1 */
  private readonly groupTotal: Float64Array;

  constructor(
    readonly limits: readonly ResolvedDepartmentLimit[],
    private readonly groupShares: readonly (readonly DepartmentShare[])[],
    private readonly groupLimited: readonly Int32Array[],
  ) {
    const K = limits.length;
    this.ids = limits.map((l) => l.departmentId);
    this.floor = Float64Array.from(limits, (l) => l.floorFen ?? 0);
    this.cap = Float64Array.from(limits, (l) => l.capFen ?? Infinity);
    this.funded = new Float64Array(K);
    this.groupTotal = new Float64Array(groupShares.length);
  }

  /** a book for packages with these shares (per group = package index) */
  static of(limits: readonly ResolvedDepartmentLimit[], groupShares: readonly (readonly DepartmentShare[])[]): DepartmentBook | undefined {
    if (limits.length === 0) return undefined;
    const index = new Map(limits.map((l, k) => [l.departmentId, k]));
    const groupLimited = groupShares.map((shares) => Int32Array.from(shares, (s) => index.get(s.departmentId) ?? -1));
    return new DepartmentBook(limits, groupShares, groupLimited);
  }

  /** an empty book over the same limits and packages */
  fresh(): DepartmentBook {
    return new DepartmentBook(this.limits, this.groupShares, this.groupLimited);
  }

  get hasFloors(): boolean {
    return this.limits.some((l) => l.floorFen !== null && l.floorFen > 0);
  }

  /** what adding `addFen` to the group's funded total adds to each limited department: [k, fen] pairs */
  delta(group: number, addFen: Fen, fromFen: Fen = this.groupTotal[group]!): [number, number][] {
    const limited = this.groupLimited[group];
    if (limited === undefined || !limited.some((k) => k >= 0)) return [];
    const shares = this.groupShares[group]!;
    const before = splitByShares(fromFen, shares);
    const after = splitByShares(fromFen + addFen, shares);
    const out: [number, number][] = [];
    limited.forEach((k, s) => {
      if (k >= 0) out.push([k, after[s]! - before[s]!]);
    });
    return out;
  }

  /** the limited department index when the group (package) belongs wholly to one limited department, else -1 */
  soleLimited(group: number): number {
    const limited = this.groupLimited[group];
    return limited !== undefined && limited.length === 1 ? limited[0]! : -1;
  }

  totalOf(group: number): Fen {
    return this.groupTotal[group]!;
  }

  /** the first limited department whose cap adding `addFen` to the group would exceed, or -1 */
  capExceeded(group: number, addFen: Fen): number {
    for (const [k, fen] of this.delta(group, addFen)) if (this.funded[k]! + fen > this.cap[k]!) return k;
    return -1;
  }

  add(group: number, addFen: Fen): void {
    for (const [k, fen] of this.delta(group, addFen)) this.funded[k] += fen;
    this.groupTotal[group] += addFen;
  }

  /** whether one of the group's limited departments is still below its floor */
  needsFloor(group: number): boolean {
    const limited = this.groupLimited[group];
    if (limited === undefined) return false;
    for (const k of limited) if (k >= 0 && this.funded[k]! < this.floor[k]!) return true;
    return false;
  }

  floorsMet(): boolean {
    for (let k = 0; k < this.floor.length; k++) if (this.funded[k]! < this.floor[k]!) return false;
    return true;
  }
}

/**
 * How each department's floor and cap came out. A floor that is not met is explained: its packages ask
 * for less; the floors together (each at most what its department asks) exceed the money available;
 * or the money went elsewhere first (mandated, pinned, other floors, or another department's cap).
 */
export function departmentLimitOutcomes(
  limits: readonly ResolvedDepartmentLimit[],
  perDepartment: readonly { departmentId: string; requestedFen: Fen; fundedFen: Fen }[],
  availableFen: Fen,
  capBlocked: ReadonlySet<string>,
): DepartmentLimitOutcome[] {
  const amounts = new Map(perDepartment.map((d) => [d.departmentId, d]));
  const reachable = limits.reduce((s, l) => s + Math.min(l.floorFen ?? 0, amounts.get(l.departmentId)?.requestedFen ?? 0), 0);
  return limits.map((l) => {
    const requestedFen = amounts.get(l.departmentId)?.requestedFen ?? 0;
    const fundedFen = amounts.get(l.departmentId)?.fundedFen ?? 0;
    const floorMet = l.floorFen === null ? null : fundedFen >= l.floorFen;
    let floorIssue: DepartmentLimitOutcome['floorIssue'] = null;
    if (floorMet === false) floorIssue = requestedFen < l.floorFen! ? 'requestedBelowFloor' : reachable > availableFen ? 'floorsExceedAvailable' : 'moneyTaken';
    return {
      departmentId: l.departmentId,
      floorFen: l.floorFen,
      capFen: l.capFen,
      requestedFen,
      fundedFen,
      floorMet,
      floorShortfallFen: floorMet === false ? l.floorFen! - fundedFen : 0,
      floorIssue,
      capBinding: capBlocked.has(l.departmentId),
    };
  });
}
