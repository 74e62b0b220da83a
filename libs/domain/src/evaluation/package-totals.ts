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
  const requested = new Array<number>(P).fill(0);
  const funded = new Array<number>(P).fill(0);
  const bestRank = new Array<number>(P).fill(Infinity);
  const fundedLevels: EffortLevel[][] = Array.from({ length: P }, () => []);
  const itemCount = new Array<number>(P).fill(0);
  const fundedCount = new Array<number>(P).fill(0);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const p = packageOfItem[i]!;
    requested[p] += item.costFen;
    itemCount[p]++;
    if (item.rank < bestRank[p]!) bestRank[p] = item.rank;
    if (item.funded) {
      funded[p] += item.costFen;
      fundedCount[p]++;
      if (item.level !== undefined) fundedLevels[p]!.push(item.level);
    }
  }
  const dept = new Map<string, DepartmentAmounts>();
  const perPackage: PackageAllocation[] = new Array(P);
  for (let p = 0; p < P; p++) {
    const shares = pk.shares[p]!;
    const req = splitByShares(requested[p]!, shares);
    const fun = splitByShares(funded[p]!, shares);
    const byDepartment: DepartmentAmounts[] = shares.map((s, i) => {
      const amounts: DepartmentAmounts = {
        departmentId: s.departmentId,
        requestedFen: req[i]!,
        fundedFen: fun[i]!,
        unfundedFen: req[i]! - fun[i]!,
      };
      const d = dept.get(s.departmentId);
      if (d === undefined) dept.set(s.departmentId, { ...amounts });
      else {
        d.requestedFen += amounts.requestedFen;
        d.fundedFen += amounts.fundedFen;
        d.unfundedFen += amounts.unfundedFen;
      }
      return amounts;
    });
    perPackage[p] = {
      packageId: pk.ids[p]!,
      requestedFen: requested[p]!,
      fundedFen: funded[p]!,
      unfundedFen: requested[p]! - funded[p]!,
      status: fundedCount[p] === 0 ? 'unfunded' : fundedCount[p] === itemCount[p] ? 'funded' : 'partial',
      fundedLevels: fundedLevels[p]!,
      bestRank: bestRank[p]!,
      byDepartment,
    };
  }
  const perDepartment = [...dept.values()].sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
  return { perPackage, perDepartment };
}
