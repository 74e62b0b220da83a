import { BASIS_POINTS_PER_UNIT } from './money';
import type { Activity, CostLine, CostShare, EffortIncrement, Kpi } from './types';

/** A rule broken by a package as a whole (each field may be valid on its own). */
export interface RuleViolation {
  field: string;
  reason: string;
}

export interface PackageShape {
  leadDepartmentId: string;
  departmentIds: readonly string[];
  costLines: readonly Pick<CostLine, 'id' | 'departmentId'>[];
  activities: readonly Pick<Activity, 'start' | 'end'>[];
  levels: readonly Pick<EffortIncrement, 'level'>[];
  kpis: readonly Pick<Kpi, 'id'>[];
  costSplit: readonly CostShare[];
}

/** Cross-field rules of a decision package; an empty list means it is consistent. */
export function packageRuleViolations(pkg: PackageShape): RuleViolation[] {
  const out: RuleViolation[] = [];
  const owners = new Set(pkg.departmentIds);
  if (owners.size !== pkg.departmentIds.length) out.push({ field: 'departments', reason: 'lists a department twice' });
  if (!owners.has(pkg.leadDepartmentId)) out.push({ field: 'leadDepartment', reason: 'must be one of the owning departments' });
  pkg.costLines.forEach((line, i) => {
    if (!owners.has(line.departmentId)) out.push({ field: `costLines.${i}.department`, reason: 'must be one of the owning departments' });
  });
  const lineIds = new Set<string>();
  pkg.costLines.forEach((line, i) => {
    if (lineIds.has(line.id)) out.push({ field: `costLines.${i}.id`, reason: 'is used twice' });
    lineIds.add(line.id);
  });
  pkg.activities.forEach((a, i) => {
    if (a.end < a.start) out.push({ field: `activities.${i}.end`, reason: 'must not be before start' });
  });
  const levels = new Set<string>();
  pkg.levels.forEach((l, i) => {
    if (levels.has(l.level)) out.push({ field: `levels.${i}.level`, reason: 'each level of effort appears once' });
    levels.add(l.level);
  });
  if (pkg.levels.length > 0 && !levels.has('minimum')) out.push({ field: 'levels', reason: 'levels of effort start with a minimum level' });
  const kpiIds = new Set<string>();
  pkg.kpis.forEach((k, i) => {
    if (kpiIds.has(k.id)) out.push({ field: `kpis.${i}.id`, reason: 'is used twice' });
    kpiIds.add(k.id);
  });
  if (pkg.costSplit.length > 0) {
    pkg.costSplit.forEach((s, i) => {
      if (!owners.has(s.departmentId)) out.push({ field: `costSplit.${i}.department`, reason: 'must be one of the owning departments' });
    });
    const sum = pkg.costSplit.reduce((acc, s) => acc + s.basisPoints, 0);
    if (sum !== BASIS_POINTS_PER_UNIT) out.push({ field: 'costSplit', reason: `shares must add up to 100 % (they add up to ${sum / 100} %)` });
  }
  return out;
}

/** Even split in basis points, the remainder going to the first departments. */
export function evenSplit(departmentIds: readonly string[]): CostShare[] {
  const n = departmentIds.length;
  if (n === 0) return [];
  const base = Math.floor(BASIS_POINTS_PER_UNIT / n);
  let rest = BASIS_POINTS_PER_UNIT - base * n;
  return departmentIds.map((departmentId) => ({ departmentId, basisPoints: base + (rest-- > 0 ? 1 : 0) }));
}
