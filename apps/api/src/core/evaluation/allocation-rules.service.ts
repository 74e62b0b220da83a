import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validateAllocationRules } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import type { AllocationRulesDto } from './evaluation.dto';
import { RankingInputs, type AllocationRules } from './ranking-inputs';
import { RankingService } from './ranking.service';

/** Mandated packages and alternatives groups: read with the ranking, replaced as a whole by a coordinator. */
@Injectable()
export class AllocationRulesService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly ranking: RankingService,
    private readonly inputs: RankingInputs,
    private readonly events: CycleEvents,
    private readonly dataSource: DataSource,
  ) {}

  async get(user: Principal, cycleId: string): Promise<AllocationRules> {
    await this.ranking.readable(user, cycleId);
    return this.inputs.rules(cycleId);
  }

  /** Checks everything first (one definition with the ranking: validateAllocationRules); stores nothing unless all is valid. */
  async replace(user: Principal, cycleId: string, dto: AllocationRulesDto): Promise<AllocationRules> {
    await this.cycles.coordinated(user, cycleId);
    const rows: { id: string; code: string }[] = await this.dataSource.query(`SELECT id, code FROM decision_package WHERE cycle_id = $1`, [cycleId]);
    const codes = new Map(rows.map((r) => [r.id, r.code]));
    const issues = validateAllocationRules(
      dto.mandated.map((m) => m.packageId),
      dto.alternativeGroups.map((g) => ({ id: g.name, packageIds: g.packageIds })),
      (id) => codes.has(id),
      (id) => codes.get(id) ?? id,
    );
    if (issues.length > 0) {
      throw new ValidationFailed(issues.map((i) => ({ field: i.path.replace(/\[(\d+)\]/g, '.$1').replace(/^mandatedPackageIds\.(\d+)/, 'mandated.$1.packageId'), reason: i.message })));
    }
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM mandated_package WHERE cycle_id = $1`, [cycleId]);
      await em.query(`DELETE FROM alternative_group WHERE cycle_id = $1`, [cycleId]);
      for (const m of dto.mandated) await em.query(`INSERT INTO mandated_package (package_id, cycle_id, basis) VALUES ($1, $2, $3)`, [m.packageId, cycleId, m.basis ?? '']);
      for (const [position, g] of dto.alternativeGroups.entries()) {
        await em.query(`INSERT INTO alternative_group (cycle_id, name, package_ids, position) VALUES ($1, $2, $3, $4)`, [cycleId, g.name, [...new Set(g.packageIds)], position]);
      }
    });
    this.events.changed({ cycleId, cause: 'settings' });
    return this.inputs.rules(cycleId);
  }
}
