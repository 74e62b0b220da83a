import { ALLOCATION_STAGES, type CycleStage, type Kpi, type PublicCycle, type PublicDepartment, type PublicPackage } from '@zerobase/domain';
import type { DepartmentDirectory } from '../departments';
import type { RankingView } from '../evaluation';

export interface PublicSource {
  cycle: { id: string; name: string; nameEn: string; fiscalYear: number; totalQuotaFen: number; reserveBasisPoints: number; stage: CycleStage };
  packages: { id: string; code: string; title: string; purpose: string; published: boolean; departmentIds: string[]; kpis: Kpi[] }[];
  ranking: RankingView;
  /** KPI results by package id and KPI id, when execution reported them */
  results: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** approved allocation adjustments during execution, by package id (fen, + received / − cut) */
  adjustments: ReadonlyMap<string, number>;
  publishedAt: string;
  /** the newest recorded ranking run's chain hash, how many runs, and when */
  checkpoint: PublicCycle['checkpoint'];
}

/**
 * Builds the public disclosure field by field from its own type. Before allocation it lists the
 * packages the coordinator published, with what they ask for; from allocation on, the funded ones
 * with what they were allocated.
 */
export function buildPublicCycle(source: PublicSource, directory: DepartmentDirectory): PublicCycle {
  const allocationPublished = ALLOCATION_STAGES.includes(source.cycle.stage);
  // the ranking's allocation with approved adjustments; a department's part moves in proportion
  const allocations = new Map(
    source.ranking.perPackage.map((a) => {
      const adjusted = a.fundedFen + (source.adjustments.get(a.packageId) ?? 0);
      const scale = (fen: number) => (a.fundedFen > 0 ? Math.round((fen * adjusted) / a.fundedFen) : 0);
      return [a.packageId, { ...a, fundedFen: adjusted, byDepartment: a.byDepartment.map((d) => ({ ...d, fundedFen: scale(d.fundedFen) })) }];
    }),
  );
  const tiers = new Map<string, PublicPackage['tier']>();
  for (const item of source.ranking.items) if (!tiers.has(item.packageId)) tiers.set(item.packageId, item.explanation.unscored ? null : item.tier);
  const department = (id: string): PublicDepartment => {
    const d = directory.entries.find((e) => e.id === id);
    return { code: d?.code ?? id, nameZh: d?.nameZh ?? '', nameEn: d?.nameEn ?? '' };
  };
  const included = source.packages
    .filter((p) => (allocationPublished ? (allocations.get(p.id)?.fundedFen ?? 0) > 0 : p.published))
    .sort((a, b) => a.code.localeCompare(b.code));
  const packages: PublicPackage[] = included.map((p) => {
    const allocation = allocations.get(p.id);
    return {
      code: p.code,
      title: p.title,
      purpose: p.purpose,
      departments: p.departmentIds.map(department).sort((a, b) => a.code.localeCompare(b.code)),
      requestedFen: allocation?.requestedFen ?? 0,
      allocatedFen: allocationPublished ? allocation?.fundedFen ?? 0 : null,
      tier: allocationPublished ? tiers.get(p.id) ?? null : null,
      targets: p.kpis.map((k) => ({ name: k.name, unit: k.unit, baseline: k.baseline, target: k.target, direction: k.direction, result: source.results.get(p.id)?.get(k.id) ?? null })),
    };
  });
  const byDepartment = new Map<string, { requestedFen: number; allocatedFen: number }>();
  for (const p of included) {
    for (const d of allocations.get(p.id)?.byDepartment ?? []) {
      const sum = byDepartment.get(d.departmentId) ?? { requestedFen: 0, allocatedFen: 0 };
      byDepartment.set(d.departmentId, { requestedFen: sum.requestedFen + d.requestedFen, allocatedFen: sum.allocatedFen + d.fundedFen });
    }
  }
  const amountsByDepartment = [...byDepartment.entries()]
    .map(([id, sum]) => ({ department: department(id), requestedFen: sum.requestedFen, allocatedFen: allocationPublished ? sum.allocatedFen : null }))
    .sort((a, b) => a.department.code.localeCompare(b.department.code));
  return {
    cycle: { id: source.cycle.id, name: source.cycle.name, nameEn: source.cycle.nameEn, fiscalYear: source.cycle.fiscalYear, totalQuotaFen: source.cycle.totalQuotaFen, reserveBasisPoints: source.cycle.reserveBasisPoints },
    publishedStage: source.cycle.stage,
    publishedAt: source.publishedAt,
    allocationPublished,
    packages,
    amountsByDepartment,
    totals: {
      requestedFen: packages.reduce((s, p) => s + p.requestedFen, 0),
      allocatedFen: allocationPublished ? packages.reduce((s, p) => s + (p.allocatedFen ?? 0), 0) : null,
    },
    checkpoint: source.checkpoint,
  };
}
