import { addFen, lineAmount, percentOf, type Fen } from './money';
import type { CostCategory, CostLine } from './types';

export interface PackageTotals {
  /** sum of all cost lines */
  baseFen: Fen;
  /** the contingency on top of the base */
  contingencyFen: Fen;
  /** base + contingency: what the package asks for */
  totalFen: Fen;
  byDepartment: Record<string, Fen>;
  byCategory: Partial<Record<CostCategory, Fen>>;
  byYear: Record<string, Fen>;
}

function addTo<K extends string>(map: Partial<Record<K, Fen>>, key: K, amount: Fen): void {
  map[key] = addFen(map[key] ?? 0, amount);
}

export function costLineTotal(line: Pick<CostLine, 'quantityMilli' | 'unitCostFen'>): Fen {
  return lineAmount(line.quantityMilli, line.unitCostFen);
}

/** Totals of a package's cost lines, with its contingency applied to the base. */
export function packageTotals(
  costLines: readonly Pick<CostLine, 'departmentId' | 'category' | 'year' | 'quantityMilli' | 'unitCostFen'>[],
  contingencyBasisPoints: number,
): PackageTotals {
  const byDepartment: Record<string, Fen> = {};
  const byCategory: Partial<Record<CostCategory, Fen>> = {};
  const byYear: Record<string, Fen> = {};
  let baseFen = 0;
  for (const line of costLines) {
    const amount = costLineTotal(line);
    baseFen = addFen(baseFen, amount);
    addTo(byDepartment, line.departmentId, amount);
    addTo(byCategory, line.category, amount);
    addTo(byYear, String(line.year), amount);
  }
  const contingencyFen = percentOf(baseFen, contingencyBasisPoints);
  return { baseFen, contingencyFen, totalFen: addFen(baseFen, contingencyFen), byDepartment, byCategory, byYear };
}

/** Sum per department across many packages (e.g. to compare with envelopes). */
export function departmentTotals(totals: readonly PackageTotals[]): Record<string, Fen> {
  const out: Record<string, Fen> = {};
  for (const t of totals) for (const [dept, amount] of Object.entries(t.byDepartment)) addTo(out, dept, amount);
  return out;
}
