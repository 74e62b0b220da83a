import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isCoordinator, liaisonDepartments, type ProblemView } from '@zerobase/domain';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import { ExecutionService } from './execution.service';
import type { CreateProblemDto, ProblemsQuery, UpdateProblemDto } from './execution.dto';

export type { ProblemView } from '@zerobase/domain';

interface ProblemRow {
  id: string;
  cycle_id: string;
  package_id: string | null;
  department_id: string | null;
  source: ProblemView['source'];
  description: string;
  owner: string;
  measures: string;
  due_date: Date | string | null;
  status: ProblemView['status'];
  evidence: string;
  created_at: Date;
  closed_at: Date | null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** node-postgres reads a `date` as local midnight; give it back as the calendar date it is */
function dateText(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** The problem list and rectification tracking (问题清单 / 整改跟踪) of a cycle's execution. */
@Injectable()
export class ProblemsService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly execution: ExecutionService,
    private readonly dataSource: DataSource,
  ) {}

  private async view(r: ProblemRow): Promise<ProblemView> {
    const directory = await this.departments.directory();
    const due = r.due_date === null ? null : dateText(r.due_date);
    return {
      id: r.id,
      cycleId: r.cycle_id,
      packageId: r.package_id,
      department: r.department_id ? directory.codeOf(r.department_id) : null,
      source: r.source,
      description: r.description,
      owner: r.owner,
      measures: r.measures,
      dueDate: due,
      status: r.status,
      evidence: r.evidence,
      overdue: r.status !== 'closed' && due !== null && due < today(),
      createdAt: r.created_at.toISOString(),
      closedAt: r.closed_at ? r.closed_at.toISOString() : null,
    };
  }

  /** The review (default: the rule's month): every off-track package without an open off-track problem gets one. */
  async review(user: Principal, cycleId: string, month?: number) {
    await this.cycles.coordinated(user, cycleId);
    const status = await this.execution.compute(cycleId, month);
    const opened: ProblemView[] = [];
    for (const p of status.packages.filter((s) => s.offTrack)) {
      const [existing] = await this.dataSource.query(`SELECT id FROM execution_problem WHERE package_id = $1 AND source = 'offTrack' AND status <> 'closed'`, [p.packageId]);
      if (existing) continue;
      const description = `${p.code} 执行偏离（第 ${status.month} 月）：${p.reasons.map((r) => ({ execution: '执行率低于规则', kpi: '绩效指标进度不足预期一半', projection: '预计全年执行率低于规则' })[r]).join('；')}`;
      const [row] = await this.dataSource.query(
        `INSERT INTO execution_problem (cycle_id, package_id, source, description) VALUES ($1, $2, 'offTrack', $3) RETURNING *`,
        [cycleId, p.packageId, description],
      );
      opened.push(await this.view(row));
    }
    return { ...status, opened };
  }

  async list(user: Principal, cycleId: string, query: ProblemsQuery): Promise<ProblemView[]> {
    const cycle = await this.cycles.readable(user, cycleId);
    const roles = new Set(user.memberships.filter((m) => m.cycleId === cycle.id).map((m) => m.role));
    if (roles.size === 1 && roles.has('observer')) throw new Forbidden('Observers read the public disclosure');
    const rows: ProblemRow[] = await this.dataSource.query(`SELECT * FROM execution_problem WHERE cycle_id = $1 ORDER BY created_at`, [cycleId]);
    const views = await Promise.all(rows.map((r) => this.view(r)));
    return views.filter((v) => (!query.status || v.status === query.status) && (query.overdue !== 'true' || v.overdue));
  }

  async create(user: Principal, cycleId: string, dto: CreateProblemDto): Promise<ProblemView> {
    await this.cycles.coordinated(user, cycleId);
    if (!dto.packageId && !dto.department) throw new ValidationFailed([{ field: 'packageId', reason: 'name a package or a department' }]);
    if (dto.packageId) {
      const [pkg] = await this.dataSource.query(`SELECT cycle_id FROM decision_package WHERE id = $1`, [dto.packageId]);
      if (!pkg || pkg.cycle_id !== cycleId) throw new ValidationFailed([{ field: 'packageId', reason: 'not a package of this cycle' }]);
    }
    const departmentId = dto.department ? (await this.departments.directory()).idOf(dto.department, 'department') : null;
    const [row] = await this.dataSource.query(
      `INSERT INTO execution_problem (cycle_id, package_id, department_id, source, description, owner, measures, due_date) VALUES ($1, $2, $3, 'manual', $4, $5, $6, $7) RETURNING *`,
      [cycleId, dto.packageId ?? null, departmentId, dto.description, dto.owner, dto.measures ?? '', dto.dueDate ?? null],
    );
    return this.view(row);
  }

  private async load(id: string): Promise<ProblemRow> {
    const [row] = await this.dataSource.query(`SELECT * FROM execution_problem WHERE id = $1`, [id]);
    if (!row) throw new NotFound('problem', id);
    return row;
  }

  /** Coordinators, and liaisons of the departments concerned, track the rectification. */
  async update(user: Principal, id: string, dto: UpdateProblemDto): Promise<ProblemView> {
    const row = await this.load(id);
    if (!(await this.concerns(user, row))) throw new Forbidden('You may not update this problem');
    if (row.status === 'closed') throw new StateConflict('The problem is closed');
    // an UPDATE answers [rows, affected count]
    const [[updated]] = await this.dataSource.query(
      `UPDATE execution_problem SET owner = coalesce($2, owner), measures = coalesce($3, measures), due_date = coalesce($4::date, due_date), status = coalesce($5, status), evidence = coalesce($6, evidence) WHERE id = $1 RETURNING *`,
      [id, dto.owner ?? null, dto.measures ?? null, dto.dueDate ?? null, dto.status ?? null, dto.evidence ?? null],
    );
    return this.view(updated);
  }

  /** Closing needs a coordinator, and evidence of the rectification. */
  async close(user: Principal, id: string): Promise<ProblemView> {
    const row = await this.load(id);
    if (!isCoordinator(user.memberships, row.cycle_id)) throw new Forbidden('Only the cycle’s coordinators close problems');
    if (row.status === 'closed') throw new StateConflict('The problem is already closed');
    if (!row.evidence.trim()) throw new ValidationFailed([{ field: 'evidence', reason: 'record the rectification evidence before closing' }]);
    const [[closed]] = await this.dataSource.query(`UPDATE execution_problem SET status = 'closed', closed_by = $2, closed_at = now() WHERE id = $1 RETURNING *`, [id, user.userId]);
    return this.view(closed);
  }

  private async concerns(user: Principal, row: ProblemRow): Promise<boolean> {
    if (isCoordinator(user.memberships, row.cycle_id)) return true;
    const mine = liaisonDepartments(user.memberships, row.cycle_id);
    if (row.department_id && mine.has(row.department_id)) return true;
    if (!row.package_id) return false;
    const owners: { department_id: string }[] = await this.dataSource.query(`SELECT department_id FROM package_department WHERE package_id = $1`, [row.package_id]);
    return owners.some((o) => mine.has(o.department_id));
  }
}
