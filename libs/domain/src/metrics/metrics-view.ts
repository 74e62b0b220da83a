import type { CollaborationFigures, CollaborationMetrics, SeriesPoint } from './collaboration';

/** The metrics as the API answers them and the web client reads them: departments by code. */
export interface MetricsView extends Omit<CollaborationMetrics, 'departments' | 'pairs'> {
  cycleId: string;
  /** the department filter applied, if any */
  department: string | null;
  departments: (CollaborationFigures & { department: string })[];
  pairs: (CollaborationFigures & { departments: [string, string]; coEditedPackages: number })[];
  computedAt: string;
}

export interface MetricsSeriesView {
  cycleId: string;
  bucket: 'week' | 'month';
  department: string | null;
  points: SeriesPoint[];
}

/** Departments by code; with a department filter, only that department, its pairs and its packages. */
export function toMetricsView(cycleId: string, metrics: CollaborationMetrics, codeOf: (id: string) => string, department: { id: string; code: string } | null, packageOwners: ReadonlyMap<string, readonly string[]>): MetricsView {
  const { departments, pairs, packages, ...rest } = metrics;
  return {
    cycleId,
    department: department?.code ?? null,
    ...rest,
    departments: departments.filter((d) => !department || d.departmentId === department.id).map(({ departmentId, ...f }) => ({ department: codeOf(departmentId), ...f })),
    pairs: pairs
      .filter((p) => !department || p.departmentIds.includes(department.id))
      .map(({ departmentIds, ...f }) => ({ departments: [codeOf(departmentIds[0]), codeOf(departmentIds[1])].sort() as [string, string], ...f })),
    packages: packages.filter((p) => !department || (packageOwners.get(p.packageId) ?? []).includes(department.id)),
    computedAt: new Date().toISOString(),
  };
}
