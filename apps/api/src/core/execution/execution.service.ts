import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  canEditPackage,
  DEFAULT_OFF_TRACK_RULE,
  executionStatus,
  isCoordinator,
  parseActualsCsv,
  parseActualsTable,
  type AdjustmentView,
  type PackageExecution,
  type Kpi,
  type MonthlyActual,
  type OffTrackRule,
  type RowError,
} from '@zerobase/domain';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { RankingService } from '../evaluation';
import { accessFacts, PackagesService } from '../packages';
import { xlsxTable } from './xlsx-table';
import type { ImportActualsDto, ImportActualsXlsxDto, MonthlyActualDto, OffTrackRuleDto, ProposeAdjustmentDto } from './execution.dto';

export type { AdjustmentView, PackageExecution } from '@zerobase/domain';

interface PackageRow {
  id: string;
  code: string;
  title: string;
  details: { kpis?: Kpi[] };
}

/** The last month of the fiscal year that may be reported as of now (0: the year has not begun). */
export function lastOpenMonth(fiscalYear: number, now = new Date()): number {
  if (now.getUTCFullYear() > fiscalYear) return 12;
  if (now.getUTCFullYear() < fiscalYear) return 0;
  return now.getUTCMonth() + 1;
}

/** Monthly actuals, execution status and the off-track rule, allocation adjustments (预算执行监控). */
@Injectable()
export class ExecutionService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly packages: PackagesService,
    private readonly ranking: RankingService,
    private readonly dataSource: DataSource,
  ) {}

  /** Members working in the cycle follow execution; observers read the public disclosure. */
  private async readable(user: Principal, cycleId: string) {
    const cycle = await this.cycles.readable(user, cycleId);
    const roles = new Set(user.memberships.filter((m) => m.cycleId === cycleId).map((m) => m.role));
    if (roles.size === 1 && roles.has('observer')) throw new Forbidden('Observers read the public disclosure');
    return cycle;
  }

  async rule(cycleId: string): Promise<OffTrackRule> {
    const [row]: { rule: OffTrackRule }[] = await this.dataSource.query(`SELECT rule FROM execution_rule WHERE cycle_id = $1`, [cycleId]);
    return row?.rule ?? DEFAULT_OFF_TRACK_RULE;
  }

  async setRule(user: Principal, cycleId: string, dto: OffTrackRuleDto): Promise<OffTrackRule> {
    await this.cycles.coordinated(user, cycleId);
    const rule: OffTrackRule = { reviewMonth: dto.reviewMonth, minExecutionBasisPoints: dto.minExecutionBasisPoints, minKpiProgressBasisPoints: dto.minKpiProgressBasisPoints, minProjectionBasisPoints: dto.minProjectionBasisPoints };
    await this.dataSource.query(`INSERT INTO execution_rule (cycle_id, rule) VALUES ($1, $2) ON CONFLICT (cycle_id) DO UPDATE SET rule = EXCLUDED.rule`, [cycleId, JSON.stringify(rule)]);
    return rule;
  }

  /** allocation per package: the ranking's, plus approved adjustments */
  async allocations(cycleId: string, em: EntityManager = this.dataSource.manager): Promise<Map<string, { rankedFen: number; adjustedFen: number }>> {
    const ranking = await this.ranking.compute(cycleId);
    const out = new Map(ranking.perPackage.map((p) => [p.packageId, { rankedFen: p.fundedFen, adjustedFen: 0 }]));
    const adjustments: { from_package_id: string; to_package_id: string | null; amount_fen: string }[] = await em.query(
      `SELECT from_package_id, to_package_id, amount_fen FROM allocation_adjustment WHERE cycle_id = $1 AND status = 'approved'`,
      [cycleId],
    );
    for (const a of adjustments) {
      const from = out.get(a.from_package_id);
      if (from) from.adjustedFen -= Number(a.amount_fen);
      const to = a.to_package_id ? out.get(a.to_package_id) : undefined;
      if (to) to.adjustedFen += Number(a.amount_fen);
    }
    return out;
  }

  private async fundedPackages(cycleId: string): Promise<{ pkg: PackageRow; rankedFen: number; adjustedFen: number }[]> {
    const allocations = await this.allocations(cycleId);
    const rows: PackageRow[] = await this.dataSource.query(`SELECT id, code, title, details FROM decision_package WHERE cycle_id = $1 ORDER BY code`, [cycleId]);
    return rows.flatMap((pkg) => {
      const a = allocations.get(pkg.id);
      return a && a.rankedFen + a.adjustedFen > 0 ? [{ pkg, ...a }] : [];
    });
  }

  private async actualsOf(packageIds: string[]): Promise<Map<string, MonthlyActual[]>> {
    const rows: { package_id: string; month: number; spent_fen: string; kpi_actuals: Record<string, number> }[] = packageIds.length
      ? await this.dataSource.query(`SELECT package_id, month, spent_fen, kpi_actuals FROM execution_actual WHERE package_id = ANY($1) ORDER BY month`, [packageIds])
      : [];
    const out = new Map<string, MonthlyActual[]>();
    for (const r of rows) out.set(r.package_id, [...(out.get(r.package_id) ?? []), { month: r.month, spentFen: Number(r.spent_fen), kpiActuals: r.kpi_actuals }]);
    return out;
  }

  async status(user: Principal, cycleId: string, month?: number): Promise<{ month: number; rule: OffTrackRule; packages: PackageExecution[] }> {
    await this.readable(user, cycleId);
    return this.compute(cycleId, month);
  }

  async compute(cycleId: string, month?: number): Promise<{ month: number; rule: OffTrackRule; packages: PackageExecution[] }> {
    const rule = await this.rule(cycleId);
    const at = month ?? rule.reviewMonth;
    const funded = await this.fundedPackages(cycleId);
    const actuals = await this.actualsOf(funded.map((f) => f.pkg.id));
    return {
      month: at,
      rule,
      packages: funded.map(({ pkg, rankedFen, adjustedFen }) => ({
        packageId: pkg.id,
        code: pkg.code,
        title: pkg.title,
        rankedFen,
        adjustedFen,
        ...executionStatus({ allocatedFen: rankedFen + adjustedFen, kpis: pkg.details.kpis ?? [], actuals: actuals.get(pkg.id) ?? [], month: at }, rule),
      })),
    };
  }

  private async executing(cycleId: string) {
    const [cycle]: { stage: string; fiscal_year: number }[] = await this.dataSource.query(`SELECT stage, fiscal_year FROM budget_cycle WHERE id = $1`, [cycleId]);
    if (cycle.stage !== 'execution') throw new StateConflict(`Actuals are reported while the cycle is in execution (it is in ${cycle.stage})`);
    return cycle;
  }

  async putActual(user: Principal, packageId: string, month: number, dto: MonthlyActualDto) {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new ValidationFailed([{ field: 'month', reason: 'must be a month from 1 to 12' }]);
    const parts = await this.packages.parts(packageId);
    if (!canEditPackage(user.memberships, accessFacts(parts))) throw new Forbidden('You may not report for this package');
    const cycle = await this.executing(parts.pkg.cycleId);
    if (month > lastOpenMonth(cycle.fiscal_year)) throw new ValidationFailed([{ field: 'month', reason: `month ${month} of ${cycle.fiscal_year} is in the future` }]);
    const allocation = (await this.allocations(parts.pkg.cycleId)).get(packageId);
    if (!allocation || allocation.rankedFen + allocation.adjustedFen <= 0) throw new ValidationFailed([{ field: 'package', reason: 'the package is not funded' }]);
    const kpiIds = new Set((parts.pkg.details.kpis ?? []).map((k) => k.id));
    const kpiActuals: Record<string, number> = {};
    (dto.kpiActuals ?? []).forEach((k, i) => {
      if (!kpiIds.has(k.kpi)) throw new ValidationFailed([{ field: `kpiActuals.${i}.kpi`, reason: `the package has no KPI "${k.kpi}"` }]);
      kpiActuals[k.kpi] = k.value;
    });
    await this.dataSource.query(
      `INSERT INTO execution_actual (package_id, month, spent_fen, kpi_actuals, entered_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (package_id, month) DO UPDATE SET spent_fen = EXCLUDED.spent_fen, kpi_actuals = EXCLUDED.kpi_actuals, entered_by = EXCLUDED.entered_by, entered_at = now()`,
      [packageId, month, dto.spentFen, JSON.stringify(kpiActuals), user.userId],
    );
    return { packageId, month, spentFen: dto.spentFen, kpiActuals };
  }

  /** A CSV of monthly actuals: with any bad row, nothing is stored unless applyValidRows; the answer lists every bad row. */
  async importActuals(user: Principal, cycleId: string, dto: ImportActualsDto): Promise<{ applied: number; errors: RowError[] }> {
    return this.importTable(user, cycleId, (context) => parseActualsCsv(dto.csv, context), dto.applyValidRows === true);
  }

  /** The same import from the first sheet of an XLSX workbook, with the same row checks. */
  async importActualsXlsx(user: Principal, cycleId: string, dto: ImportActualsXlsxDto): Promise<{ applied: number; errors: RowError[] }> {
    await this.readable(user, cycleId);
    const table = await xlsxTable(dto.xlsxBase64);
    if (!table) throw new ValidationFailed([{ field: 'xlsxBase64', reason: 'is not an XLSX workbook with a sheet' }]);
    return this.importTable(user, cycleId, (context) => parseActualsTable(table, context), dto.applyValidRows === true);
  }

  private async importTable(user: Principal, cycleId: string, parse: (context: Parameters<typeof parseActualsTable>[1]) => ReturnType<typeof parseActualsTable>, applyValidRows: boolean): Promise<{ applied: number; errors: RowError[] }> {
    await this.readable(user, cycleId);
    const cycle = await this.executing(cycleId);
    const funded = await this.fundedPackages(cycleId);
    const owners: { package_id: string; department_id: string }[] = await this.dataSource.query(
      `SELECT pd.package_id, pd.department_id FROM package_department pd JOIN decision_package p ON p.id = pd.package_id WHERE p.cycle_id = $1`,
      [cycleId],
    );
    const editable = (packageId: string) =>
      canEditPackage(user.memberships, { cycleId, departmentIds: owners.filter((o) => o.package_id === packageId).map((o) => o.department_id), published: false });
    const { rows, errors } = parse({
      fundedPackages: new Map(funded.map((f) => [f.pkg.code, (f.pkg.details.kpis ?? []).map((k) => k.id)])),
      lastOpenMonth: lastOpenMonth(cycle.fiscal_year),
    });
    const byCode = new Map(funded.map((f) => [f.pkg.code, f.pkg.id]));
    const allowed = rows.filter((r) => {
      if (editable(byCode.get(r.code) as string)) return true;
      errors.push({ row: r.row, field: 'code', reason: `you may not report for ${r.code}` });
      return false;
    });
    errors.sort((a, b) => a.row - b.row);
    if (errors.length > 0 && !applyValidRows) {
      throw new ValidationFailed(errors.map((e) => ({ field: `row ${e.row}: ${e.field}`, reason: e.reason })));
    }
    await this.dataSource.transaction(async (em) => {
      for (const r of allowed) {
        await em.query(
          `INSERT INTO execution_actual (package_id, month, spent_fen, kpi_actuals, entered_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (package_id, month) DO UPDATE SET spent_fen = EXCLUDED.spent_fen, kpi_actuals = EXCLUDED.kpi_actuals, entered_by = EXCLUDED.entered_by, entered_at = now()`,
          [byCode.get(r.code), r.month, r.spentFen, JSON.stringify(r.kpiActuals), user.userId],
        );
      }
    });
    return { applied: allowed.length, errors };
  }

  async propose(user: Principal, cycleId: string, dto: ProposeAdjustmentDto): Promise<AdjustmentView> {
    await this.readable(user, cycleId);
    const from = await this.packages.parts(dto.fromPackageId);
    if (from.pkg.cycleId !== cycleId) throw new ValidationFailed([{ field: 'fromPackageId', reason: 'not a package of this cycle' }]);
    if (!canEditPackage(user.memberships, accessFacts(from))) throw new Forbidden('Only the package’s liaisons or the coordinators propose adjustments');
    if (dto.kind === 'reallocate') {
      if (!dto.toPackageId) throw new ValidationFailed([{ field: 'toPackageId', reason: 'a reallocation names the receiving package' }]);
      if (dto.toPackageId === dto.fromPackageId) throw new ValidationFailed([{ field: 'toPackageId', reason: 'must differ from fromPackageId' }]);
      const to = await this.packages.parts(dto.toPackageId);
      if (to.pkg.cycleId !== cycleId) throw new ValidationFailed([{ field: 'toPackageId', reason: 'not a package of this cycle' }]);
    } else if (dto.toPackageId) throw new ValidationFailed([{ field: 'toPackageId', reason: 'a cut has no receiving package' }]);
    const [row] = await this.dataSource.query(
      `INSERT INTO allocation_adjustment (cycle_id, kind, from_package_id, to_package_id, amount_fen, reason, proposed_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [cycleId, dto.kind, dto.fromPackageId, dto.kind === 'reallocate' ? dto.toPackageId : null, dto.amountFen, dto.reason, user.userId],
    );
    return adjustmentView(row);
  }

  async adjustments(user: Principal, cycleId: string): Promise<AdjustmentView[]> {
    await this.readable(user, cycleId);
    const rows = await this.dataSource.query(`SELECT * FROM allocation_adjustment WHERE cycle_id = $1 ORDER BY created_at`, [cycleId]);
    return rows.map(adjustmentView);
  }

  /** The coordinator approves (the allocation changes, recorded with who and when) or rejects a proposal. */
  async decide(user: Principal, id: string, approve: boolean): Promise<AdjustmentView> {
    const [found] = await this.dataSource.query(`SELECT * FROM allocation_adjustment WHERE id = $1`, [id]);
    if (!found) throw new NotFound('adjustment', id);
    if (!isCoordinator(user.memberships, found.cycle_id)) throw new Forbidden('Only the cycle’s coordinators decide adjustments');
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(727300, hashtext($1))', [found.cycle_id]);
      const [current] = await em.query(`SELECT * FROM allocation_adjustment WHERE id = $1`, [id]);
      if (current.status !== 'proposed') throw new StateConflict(`The adjustment is already ${current.status}`);
      if (approve) {
        const allocation = (await this.allocations(found.cycle_id, em)).get(current.from_package_id);
        const available = allocation ? allocation.rankedFen + allocation.adjustedFen : 0;
        if (Number(current.amount_fen) > available) throw new ValidationFailed([{ field: 'amountFen', reason: `more than the package’s allocation (${available} fen)` }]);
      }
      const [[row]] = await em.query(`UPDATE allocation_adjustment SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1 RETURNING *`, [id, approve ? 'approved' : 'rejected', user.userId]);
      // an UPDATE answers [rows, affected count]
      return adjustmentView(row);
    });
  }
}

function adjustmentView(r: { id: string; kind: 'cut' | 'reallocate'; from_package_id: string; to_package_id: string | null; amount_fen: string; reason: string; status: AdjustmentView['status']; created_at: Date; decided_at: Date | null }): AdjustmentView {
  return {
    id: r.id,
    kind: r.kind,
    fromPackageId: r.from_package_id,
    toPackageId: r.to_package_id,
    amountFen: Number(r.amount_fen),
    reason: r.reason,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}
