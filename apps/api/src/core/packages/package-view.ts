import { boundedPackageTotals, costLineAmountViolations, costLineTotal, type PackageView, type Tier } from '@zerobase/domain';
import type { CostLineEntity, DecisionPackageEntity, PackageDepartmentEntity } from '../../models';
import type { DepartmentDirectory } from '../departments';

/** the department code under which lines of a package's shared part appear */
export const SHARED_PART = 'shared';

export interface PackageParts {
  pkg: DecisionPackageEntity;
  owners: PackageDepartmentEntity[];
  lines: CostLineEntity[];
}

/** Relational rows → the JSON every client reads, with department codes and totals. */
export function toPackageView(parts: PackageParts, directory: DepartmentDirectory, score: { score: number | null; tier: Tier | null }): PackageView {
  const { pkg, owners, lines } = parts;
  const code = (id: string) => directory.codeOf(id);
  const sortedLines = [...lines].sort((a, b) => a.position - b.position).map((l) => ({ ...l, departmentId: l.departmentId ?? SHARED_PART }));
  // amounts stored out of range (before the bounds, or by hand) read as zero with the problem named, never as a failure
  const { totals, problem } = boundedPackageTotals(sortedLines, pkg.contingencyBasisPoints);
  const keyed = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [code(k), v]));
  const ownerIds = owners.map((o) => o.departmentId).sort((a, b) => code(a).localeCompare(code(b)));
  return {
    id: pkg.id,
    cycleId: pkg.cycleId,
    code: pkg.code,
    title: pkg.title,
    purpose: pkg.purpose,
    objectives: pkg.details.objectives,
    leadDepartment: code(pkg.leadDepartmentId),
    departments: ownerIds.map(code),
    joint: owners.length > 1,
    stage: pkg.stage,
    published: pkg.published,
    contingencyBasisPoints: pkg.contingencyBasisPoints,
    costLines: sortedLines.map((l) => ({
      id: l.id,
      department: code(l.departmentId),
      category: l.category,
      description: l.description,
      location: l.location,
      quantity: l.quantityMilli / 1000,
      quantityMilli: l.quantityMilli,
      unit: l.unit,
      unitCostFen: l.unitCostFen,
      year: l.year,
      amountFen: costLineAmountViolations(l, 'line').length ? 0 : costLineTotal(l),
    })),
    activities: pkg.details.activities.map((a) => ({ id: a.id, department: a.departmentId ? code(a.departmentId) : null, name: a.name, start: a.start, end: a.end })),
    levels: pkg.details.levels,
    kpis: pkg.details.kpis,
    risks: pkg.details.risks,
    alternatives: pkg.details.alternatives,
    consequencesOfNotFunding: pkg.details.consequencesOfNotFunding,
    costSplit: ownerIds.map((id) => ({ department: code(id), basisPoints: owners.find((o) => o.departmentId === id)?.shareBasisPoints ?? 0 })),
    totals: { ...totals, byDepartment: keyed(totals.byDepartment) },
    ...(problem ? { amountProblem: problem } : {}),
    score: score.score,
    tier: score.tier,
    version: pkg.version,
    submittedAt: pkg.submittedAt ? pkg.submittedAt.toISOString() : null,
    updatedAt: pkg.updatedAt.toISOString(),
  };
}
