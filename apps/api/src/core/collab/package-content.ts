import type { PackageContent, PackageSnapshot, SnapshotParts } from '@zerobase/collab';
import type { DecisionPackageEntity, PackageDetails } from '../../models';
import type { DepartmentDirectory } from '../departments';
import { documentLine, type PackageParts } from '../packages';

/**
 * Between relational rows (department ids) and documents (department codes: readable, and
 * stable for the life of a department).
 */
export function contentFromRows(parts: PackageParts, directory: DepartmentDirectory): PackageContent {
  const { pkg, owners, lines } = parts;
  const code = (id: string) => directory.codeOf(id);
  const sorted = [...lines].sort((a, b) => a.position - b.position);
  const line = (l: (typeof lines)[number]) => documentLine(l, code);
  return {
    title: pkg.title,
    purpose: pkg.purpose,
    objectives: pkg.details.objectives,
    contingencyBasisPoints: pkg.contingencyBasisPoints,
    activities: pkg.details.activities.map((a) => ({ ...a, departmentId: a.departmentId ? code(a.departmentId) : null })),
    costLines: sorted.filter((l) => l.departmentId).map(line),
    sharedCostLines: sorted
      .filter((l) => !l.departmentId)
      .map((l) => {
        const { departmentId: _none, ...data } = line(l);
        return data;
      }),
    levels: pkg.details.levels,
    kpis: pkg.details.kpis,
    risks: pkg.details.risks,
    alternatives: pkg.details.alternatives,
    consequencesOfNotFunding: pkg.details.consequencesOfNotFunding,
    narrative: pkg.details.narrative ?? '',
    costSplit: owners.map((o) => ({ departmentId: code(o.departmentId), basisPoints: o.shareBasisPoints })),
    departmentIds: owners.map((o) => code(o.departmentId)),
  };
}

export interface ProjectedRows {
  package: Pick<DecisionPackageEntity, 'title' | 'purpose' | 'contingencyBasisPoints'> & { details: PackageDetails };
  lines: { id: string; departmentId: string | null; category: string; description: string; location: string | null; quantityMilli: number; unit: string; unitCostFen: number; year: number; position: number }[];
  shares: { departmentId: string; basisPoints: number }[];
}

/** A document snapshot → the relational projection (departments back to ids). */
/** The snapshot fields the relational projection is made of (every projection part's). */
export type RowSource = Pick<PackageSnapshot, keyof Required<SnapshotParts>>;

export function rowsFromSnapshot(snapshot: RowSource, directory: DepartmentDirectory): ProjectedRows {
  const id = (code: string) => directory.byCode(code)?.id ?? null;
  const all = [...snapshot.costLines, ...snapshot.sharedCostLines];
  return {
    package: {
      title: snapshot.title,
      purpose: snapshot.purpose,
      contingencyBasisPoints: snapshot.contingencyBasisPoints,
      details: {
        objectives: snapshot.objectives,
        activities: snapshot.activities.map((a) => ({ id: a.id, departmentId: a.departmentId ? id(a.departmentId) : null, name: a.name, start: a.start, end: a.end })),
        levels: snapshot.levels,
        kpis: snapshot.kpis,
        risks: snapshot.risks,
        alternatives: snapshot.alternatives,
        consequencesOfNotFunding: snapshot.consequencesOfNotFunding,
        narrative: snapshot.narrative,
      },
    },
    lines: all.map((l, position) => ({
      id: l.id,
      departmentId: id(l.departmentId),
      category: l.category,
      description: l.description,
      location: l.location ?? null,
      quantityMilli: l.quantityMilli,
      unit: l.unit,
      unitCostFen: l.unitCostFen,
      year: l.year,
      position,
    })),
    shares: snapshot.costSplit.flatMap((s) => {
      const departmentId = id(s.departmentId);
      return departmentId ? [{ departmentId, basisPoints: s.basisPoints }] : [];
    }),
  };
}
