import type { CostLine } from '@zerobase/domain';
import type { CostLineEntity } from '../../models';

/** A cost-line row as the package document holds it: department by code ('' for the shared part). */
export function documentLine(
  line: Omit<CostLineEntity, 'packageId' | 'position'>,
  codeOf: (departmentId: string) => string,
): CostLine & { location?: string } {
  return {
    id: line.id,
    departmentId: line.departmentId ? codeOf(line.departmentId) : '',
    category: line.category,
    description: line.description,
    quantityMilli: line.quantityMilli,
    unit: line.unit,
    unitCostFen: line.unitCostFen,
    year: line.year,
    ...(line.location ? { location: line.location } : {}),
  };
}
