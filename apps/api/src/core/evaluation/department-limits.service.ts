import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validateDepartmentLimits, type DepartmentLimit } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import type { DepartmentLimitsDto } from './evaluation.dto';
import { RankingInputs } from './ranking-inputs';
import { RankingService } from './ranking.service';

/** A department's floor and cap as clients read and write them: by department code. */
export interface DepartmentLimitView {
  department: string;
  floorFen: number | null;
  capFen: number | null;
}

/** Per-department floors and caps of a cycle: read with the ranking, replaced as a whole by a coordinator. */
@Injectable()
export class DepartmentLimitsService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly ranking: RankingService,
    private readonly inputs: RankingInputs,
    private readonly departments: DepartmentsService,
    private readonly events: CycleEvents,
    private readonly dataSource: DataSource,
  ) {}

  async get(user: Principal, cycleId: string): Promise<{ limits: DepartmentLimitView[] }> {
    await this.ranking.readable(user, cycleId);
    return this.view(await this.inputs.departmentLimits(cycleId));
  }

  /** Checks everything first (one definition with the ranking: validateDepartmentLimits); stores nothing unless all is valid. */
  async replace(user: Principal, cycleId: string, dto: DepartmentLimitsDto): Promise<{ limits: DepartmentLimitView[] }> {
    await this.cycles.coordinated(user, cycleId);
    const directory = await this.departments.directory();
    const limits: DepartmentLimit[] = dto.limits.map((l, i) => ({
      departmentId: directory.idOf(l.department, `limits.${i}.department`),
      floorFen: l.floorFen ?? null,
      capFen: l.capFen ?? null,
    }));
    const issues = validateDepartmentLimits(limits, 'limits', (id) => directory.codeOf(id));
    if (issues.length > 0) {
      throw new ValidationFailed(issues.map((i) => ({ field: i.path.replace(/\[(\d+)\]/g, '.$1').replace(/\.departmentId$/, '.department'), reason: i.message })));
    }
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM department_limit WHERE cycle_id = $1`, [cycleId]);
      for (const l of limits) {
        await em.query(`INSERT INTO department_limit (cycle_id, department_id, floor_fen, cap_fen) VALUES ($1, $2, $3, $4)`, [cycleId, l.departmentId, l.floorFen, l.capFen]);
      }
    });
    this.events.changed({ cycleId, cause: 'settings' });
    return this.view(await this.inputs.departmentLimits(cycleId));
  }

  private async view(limits: DepartmentLimit[]): Promise<{ limits: DepartmentLimitView[] }> {
    const directory = await this.departments.directory();
    return {
      limits: limits
        .map((l) => ({ department: directory.codeOf(l.departmentId), floorFen: l.floorFen ?? null, capFen: l.capFen ?? null }))
        .sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0)),
    };
  }
}
