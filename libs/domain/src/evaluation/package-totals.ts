import type { EffortLevel } from '../types';
import { splitByShares } from './department-split';
import type { DepartmentAmounts, PackageAllocation, RankedItem } from './model';
import type { PackageIndex } from './package-index';

/**
 * Per package: requested and funded money and their split between departments; per department: the
 * sums. Each package's requested and funded totals are split by its shares (largest remainder, so
 * the parts add up to the fen), and unfunded = requested − funded, per department too.
 */
export function packageAndDepartmentTotals(
  pk: PackageIndex,
  items: readonly RankedItem[],
  /** package index of each item, aligned with items */
  packageOfItem: ArrayLike<number>,
): { perPackage: PackageAllocation[]; perDepartment: DepartmentAmounts[] } {
  const P = pk.count;
  const requested = new Float64Array(P);
  const funded = new Float64Array(P);
  const bestRank = new Float64Array(P).fill(Infinity);
  const fundedLevels: EffortLevel[][] = new Array(P);
  const itemCount = new Int32Array(P);
  const fundedCount = new Int32Array(P);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const p = packageOfItem[i]!;
    requested[p] += item.costFen;
    itemCount[p]++;
    if (item.rank < bestRank[p]!) bestRank[p] = item.rank;
    if (item.funded) {
      funded[p] += item.costFen;
      fundedCount[p]++;
      if (item.level !== undefined) (fundedLevels[p] ??= []).push(item.level);
    }
  }
  const dept = new Map<string, DepartmentAmounts>();
  const perPackage: PackageAllocation[] = new Array(P);
  for (let p = 0; p < P; p++) {
    const shares = pk.shares[p]!;
    const req = requested[p]!;
    const fun = funded[p]!;
    // one department takes the whole amount (splitByShares would say the same)
    const reqParts = shares.length === 1 ? null : splitByShares(req, shares);
    const funParts = shares.length === 1 ? null : splitByShares(fun, shares);
    const byDepartment: DepartmentAmounts[] = [];
    for (let j = 0; j < shares.length; j++) {
      const r = reqParts === null ? req : reqParts[j]!;
      const f = funParts === null ? fun : funParts[j]!;
      const departmentId = shares[j]!.departmentId;
      byDepartment.push({ departmentId, requestedFen: r, fundedFen: f, unfundedFen: r - f });
      const d = dept.get(departmentId);
      if (d === undefined) dept.set(departmentId, { departmentId, requestedFen: r, fundedFen: f, unfundedFen: r - f });
      else {
        d.requestedFen += r;
        d.fundedFen += f;
        d.unfundedFen += r - f;
      }
    }
    perPackage[p] = {
      packageId: pk.ids[p]!,
      requestedFen: req,
      fundedFen: fun,
      unfundedFen: req - fun,
      status: fundedCount[p] === 0 ? 'unfunded' : fundedCount[p] === itemCount[p] ? 'funded' : 'partial',
      fundedLevels: fundedLevels[p] ?? [],
      bestRank: bestRank[p]!,
      byDepartment,
    };
  }
  const perDepartment = [...dept.values()].sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
  return { perPackage, perDepartment };
}
