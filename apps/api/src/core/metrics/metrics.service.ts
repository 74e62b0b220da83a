import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  canEditPackage,
  canReadPackage,
  collaborationMetrics,
  correlationsAcrossCycles,
  isCoordinator,
  metricsSeries,
  toMetricsView,
  type CrossCycleCorrelations,
  type MetricsInput,
  type MetricsSeriesView,
  type MetricsView,
} from '@zerobase/domain';
import { Forbidden, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { accessFacts, PackagesService } from '../packages';
import { MetricsInputs } from './metrics-inputs';
import type { CorrelationsQuery, MetricsQuery, MetricsSeriesQuery, SetSeparateRequestsDto } from './metrics.dto';

export interface SeparateRequestView {
  department: string;
  amountFen: number;
  note: string;
}

/** Collaboration metrics of a cycle for its coordinators, and the separate requests joint savings are measured against. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly inputs: MetricsInputs,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly packages: PackagesService,
    private readonly dataSource: DataSource,
  ) {}

  async metrics(user: Principal, cycleId: string, query: MetricsQuery): Promise<MetricsView> {
    await this.cycles.coordinated(user, cycleId);
    const directory = await this.departments.directory();
    const department = this.filterDepartment(directory, query.department);
    const input = await this.inputs.load(cycleId);
    const metrics = collaborationMetrics({ ...input, period: period(query) });
    return toMetricsView(cycleId, metrics, (id) => directory.codeOf(id), department, new Map(input.packages.map((p) => [p.id, p.departmentIds])));
  }

  async series(user: Principal, cycleId: string, query: MetricsSeriesQuery): Promise<MetricsSeriesView> {
    await this.cycles.coordinated(user, cycleId);
    const directory = await this.departments.directory();
    const department = this.filterDepartment(directory, query.department);
    const input = await this.inputs.load(cycleId);
    const bucket = query.bucket ?? 'month';
    return { cycleId, bucket, department: department?.code ?? null, points: metricsSeries({ ...onlyDepartment(input, department?.id ?? null), period: period(query) }, bucket) };
  }

  /**
   * The collaboration score's correlations over the packages of several cycles together (the
   * source's claim rests on projects across years), and per cycle: the cycles named, each of which
   * the user coordinates, or every cycle they coordinate.
   */
  async correlations(user: Principal, query: CorrelationsQuery): Promise<CrossCycleCorrelations> {
    const named = query.cycles ? [...new Set(query.cycles.split(',').map((id) => id.toLowerCase()))] : null;
    const ids = named ?? [...new Set(user.memberships.filter((m) => m.role === 'coordinator').map((m) => m.cycleId))];
    for (const id of ids) if (!isCoordinator(user.memberships, id)) throw new Forbidden(`Only coordinators of cycle ${id} see its metrics`);
    const cycles: { id: string; name: string }[] = ids.length ? await this.dataSource.query(`SELECT id, name FROM budget_cycle WHERE id = ANY($1::uuid[]) ORDER BY fiscal_year, created_at`, [ids]) : [];
    const perCycle = [];
    for (const cycle of cycles) perCycle.push({ cycleId: cycle.id, name: cycle.name, correlations: collaborationMetrics(await this.inputs.load(cycle.id)).correlations });
    return correlationsAcrossCycles(perCycle);
  }

  /** for exports and the dashboard, without the access check (callers check) */
  async computeFor(cycleId: string): Promise<MetricsView> {
    const directory = await this.departments.directory();
    const input = await this.inputs.load(cycleId);
    return toMetricsView(cycleId, collaborationMetrics(input), (id) => directory.codeOf(id), null, new Map(input.packages.map((p) => [p.id, p.departmentIds])));
  }

  async separateRequests(user: Principal, packageId: string): Promise<SeparateRequestView[]> {
    const parts = await this.packages.parts(packageId);
    if (!canReadPackage(user.memberships, accessFacts(parts))) throw new Forbidden('You may not read this package');
    return this.readSeparate(packageId, await this.departments.directory());
  }

  /** Replaces the package's separate requests; only for joint packages, only for its own departments. */
  async setSeparateRequests(user: Principal, packageId: string, dto: SetSeparateRequestsDto): Promise<SeparateRequestView[]> {
    const parts = await this.packages.parts(packageId);
    if (!canEditPackage(user.memberships, accessFacts(parts))) throw new Forbidden('You may not edit this package');
    const directory = await this.departments.directory();
    const owners = new Set(parts.owners.map((o) => o.departmentId));
    if (owners.size < 2 && dto.requests.length > 0) throw new ValidationFailed([{ field: 'requests', reason: 'only a joint package has separate requests' }]);
    const seen = new Set<string>();
    const rows = dto.requests.map((r, i) => {
      const id = directory.idOf(r.department, `requests.${i}.department`);
      if (!owners.has(id)) throw new ValidationFailed([{ field: `requests.${i}.department`, reason: `"${r.department}" does not own this package` }]);
      if (seen.has(id)) throw new ValidationFailed([{ field: `requests.${i}.department`, reason: `"${r.department}" is listed twice` }]);
      seen.add(id);
      return { id, amountFen: r.amountFen, note: r.note ?? '' };
    });
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM package_separate_request WHERE package_id = $1`, [packageId]);
      for (const r of rows) {
        await em.query(`INSERT INTO package_separate_request (package_id, department_id, amount_fen, note) VALUES ($1, $2, $3, $4)`, [packageId, r.id, r.amountFen, r.note]);
      }
    });
    return this.readSeparate(packageId, directory);
  }

  private async readSeparate(packageId: string, directory: DepartmentDirectory): Promise<SeparateRequestView[]> {
    const rows: { department_id: string; amount_fen: string; note: string }[] = await this.dataSource.query(
      `SELECT department_id, amount_fen, note FROM package_separate_request WHERE package_id = $1`,
      [packageId],
    );
    return rows.map((r) => ({ department: directory.codeOf(r.department_id), amountFen: Number(r.amount_fen), note: r.note })).sort((a, b) => a.department.localeCompare(b.department));
  }

  private filterDepartment(directory: DepartmentDirectory, code: string | undefined): { id: string; code: string } | null {
    return code === undefined ? null : { id: directory.idOf(code, 'department'), code };
  }
}

function period(query: MetricsQuery): { from: string | null; to: string | null } {
  const from = query.from ? new Date(query.from).toISOString() : null;
  const to = query.to ? new Date(query.to).toISOString() : null;
  if (from && to && Date.parse(from) >= Date.parse(to)) throw new ValidationFailed([{ field: 'to', reason: 'must be after from' }]);
  return { from, to };
}

function onlyDepartment(input: MetricsInput, departmentId: string | null): MetricsInput {
  if (!departmentId) return input;
  return {
    packages: input.packages.filter((p) => p.departmentIds.includes(departmentId)),
    edits: input.edits.filter((e) => e.departmentId === departmentId),
    conflicts: input.conflicts.filter((c) => c.departmentIds.includes(departmentId)),
    meetings: input.meetings === null ? null : input.meetings.filter((m) => m.departmentIds.includes(departmentId)),
  };
}
