import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CYCLE_STAGES, packageTotals, type CostCategory, type CycleStage, type Kpi, type MetricsEdit, type MetricsInput, type MetricsPackage } from '@zerobase/domain';
import { DepartmentsService } from '../departments';
import { MEETING_SOURCE, type MeetingSource } from './meeting-source';

const SATISFACTION = /满意|satisf/i;
const STAGE_GATE = /^stage gate: (\w+) → (\w+)$/;

/** a satisfaction KPI's change in points, in the direction it should move */
export function satisfactionChange(kpis: readonly Kpi[]): number | null {
  const kpi = kpis.find((k) => SATISFACTION.test(k.name));
  if (!kpi) return null;
  return kpi.direction === 'increase' ? kpi.target - kpi.baseline : kpi.baseline - kpi.target;
}

/** Everything the collaboration metrics of a cycle are computed from, read in one snapshot. */
@Injectable()
export class MetricsInputs {
  constructor(
    private readonly dataSource: DataSource,
    private readonly departments: DepartmentsService,
    @Optional() @Inject(MEETING_SOURCE) private readonly meetings?: MeetingSource,
  ) {}

  async load(cycleId: string): Promise<MetricsInput> {
    const directory = await this.departments.directory();
    // document sections name departments by code (`dept:power`); the metrics work with ids
    const sectionById = (section: string) => (section.startsWith('dept:') ? `dept:${directory.byCode(section.slice(5))?.id ?? section.slice(5)}` : section);
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const packages: { id: string; code: string; contingency_bp: number; details: { kpis?: Kpi[] }; created_at: Date }[] = await em.query(
        `SELECT id, code, contingency_bp, details, created_at FROM decision_package WHERE cycle_id = $1 ORDER BY code`,
        [cycleId],
      );
      const owners: { package_id: string; department_id: string; share_bp: number }[] = await em.query(
        `SELECT pd.package_id, pd.department_id, pd.share_bp FROM package_department pd JOIN decision_package p ON p.id = pd.package_id WHERE p.cycle_id = $1`,
        [cycleId],
      );
      const lines: { package_id: string; department_id: string | null; category: CostCategory; year: number; quantity_milli: string; unit_cost_fen: string }[] = await em.query(
        `SELECT l.package_id, l.department_id, l.category, l.year, l.quantity_milli, l.unit_cost_fen FROM cost_line l JOIN decision_package p ON p.id = l.package_id WHERE p.cycle_id = $1`,
        [cycleId],
      );
      const separate: { package_id: string; department_id: string; amount_fen: string }[] = await em.query(
        `SELECT s.package_id, s.department_id, s.amount_fen FROM package_separate_request s JOIN decision_package p ON p.id = s.package_id WHERE p.cycle_id = $1`,
        [cycleId],
      );
      const gates: { doc_id: string; name: string; created_at: Date }[] = await em.query(
        `SELECT v.doc_id, v.name, v.created_at FROM doc_version v JOIN decision_package p ON p.id = v.doc_id WHERE p.cycle_id = $1 AND v.kind = 'stage-gate' ORDER BY v.created_at`,
        [cycleId],
      );
      const edits: { doc_id: string; department_id: string; sections: string[]; at: Date }[] = await em.query(
        `SELECT doc_id, department_id, sections, at FROM edit_log WHERE cycle_id = $1 AND department_id IS NOT NULL AND origin IN ('client', 'rest') ORDER BY id`,
        [cycleId],
      );
      const conflicts: { package_id: string; department_ids: string[]; created_at: Date; resolved_at: Date | null; status: string }[] = await em.query(
        `SELECT package_id, department_ids, created_at, resolved_at, status FROM conflict WHERE cycle_id = $1 ORDER BY created_at`,
        [cycleId],
      );
      const group = <T extends { package_id: string }>(rows: T[]) => {
        const map = new Map<string, T[]>();
        for (const r of rows) map.set(r.package_id, [...(map.get(r.package_id) ?? []), r]);
        return map;
      };
      const ownersOf = group(owners);
      const linesOf = group(lines);
      const separateOf = group(separate);
      const gatesOf = group(gates.map((g) => ({ ...g, package_id: g.doc_id })));
      const metricsPackages: MetricsPackage[] = packages.map((p) => {
        const own = ownersOf.get(p.id) ?? [];
        const pkgLines = linesOf.get(p.id) ?? [];
        const totals = packageTotals(
          pkgLines.map((l) => ({ departmentId: l.department_id ?? 'shared', category: l.category, year: l.year, quantityMilli: Number(l.quantity_milli), unitCostFen: Number(l.unit_cost_fen) })),
          p.contingency_bp,
        );
        return {
          id: p.id,
          code: p.code,
          departmentIds: own.map((o) => o.department_id),
          shares: own.map((o) => ({ departmentId: o.department_id, basisPoints: o.share_bp })),
          budgetFen: totals.totalFen,
          separateRequests: (separateOf.get(p.id) ?? []).map((s) => ({ departmentId: s.department_id, amountFen: Number(s.amount_fen) })),
          sharedCostLines: pkgLines.filter((l) => l.department_id === null).length,
          createdAt: p.created_at.toISOString(),
          stageMoves: (gatesOf.get(p.id) ?? []).flatMap((g) => {
            const m = STAGE_GATE.exec(g.name);
            const isStage = (s: string | undefined): s is CycleStage => (CYCLE_STAGES as readonly string[]).includes(s ?? '');
            return m && isStage(m[1]) && isStage(m[2]) ? [{ from: m[1], to: m[2], at: g.created_at.toISOString() }] : [];
          }),
          satisfactionChange: satisfactionChange(p.details.kpis ?? []),
        };
      });
      const metricsEdits: MetricsEdit[] = edits.map((e) => ({ packageId: e.doc_id, departmentId: e.department_id, sections: e.sections.map(sectionById), at: e.at.toISOString() }));
      return {
        packages: metricsPackages,
        edits: metricsEdits,
        conflicts: conflicts.map((c) => ({
          packageId: c.package_id,
          departmentIds: c.department_ids,
          createdAt: c.created_at.toISOString(),
          resolvedAt: c.status === 'resolved' && c.resolved_at ? c.resolved_at.toISOString() : null,
        })),
        meetings: this.meetings ? await this.meetings.meetingsOf(cycleId) : null,
      };
    });
  }
}
