import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decideCarryOver, type CarryOverPreviewItem, type NextCyclePreview } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { StateConflict } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { PerformanceData } from './performance-data';
import type { NextCycleDto } from './performance.dto';
import { viewFor } from './performance.service';

const COORDINATOR_VIEW = (cycleId: string) => ({ userId: '', memberships: [{ cycleId, role: 'coordinator' as const, departmentId: null }] });

/**
 * "Create the next cycle": every package of this cycle is carried forward as a successor (its
 * content copied as a draft, to be re-justified from zero, its predecessor linked) unless its grade
 * cancels it; the grade's effect is stored with the link and applied in the successor's ranking.
 */
@Injectable()
export class NextCycleService {
  constructor(
    private readonly data: PerformanceData,
    private readonly cycles: CyclesService,
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
  ) {}

  async preview(user: Principal, cycleId: string): Promise<NextCyclePreview> {
    await this.cycles.coordinated(user, cycleId);
    return this.compute(cycleId);
  }

  private async compute(cycleId: string): Promise<NextCyclePreview> {
    const data = await this.data.load(cycleId);
    const graded = new Map(viewFor(COORDINATOR_VIEW(cycleId), data).packages.map((p) => [p.packageId, p]));
    const all: { id: string; code: string; title: string }[] = await this.dataSource.query(`SELECT id, code, title FROM decision_package WHERE cycle_id = $1 ORDER BY code`, [cycleId]);
    const { carryOverRule, gradeRule } = data.settings;
    const items: CarryOverPreviewItem[] = all.map((p) => {
      const g = graded.get(p.id);
      const decision = decideCarryOver(g?.grade ?? null, g?.allocatedFen ?? 0, carryOverRule);
      return { packageId: p.id, code: p.code, title: p.title, allocatedFen: decision.previousAllocationFen, grade: decision.grade, effect: decision.effect, cutBasisPoints: decision.cutBasisPoints, capFen: decision.capFen, carried: decision.carried };
    });
    return { cycleId, gradeRule, carryOverRule, items, ungraded: [...graded.values()].filter((p) => p.grade === null).length, nextCycleId: data.nextCycleId };
  }

  async create(user: Principal, cycleId: string, dto: NextCycleDto): Promise<{ cycleId: string; carried: number; cancelled: number }> {
    const cycle = await this.cycles.coordinated(user, cycleId);
    if (cycle.stage !== 'evaluation') throw new StateConflict(`The next cycle is created from the evaluation stage (this cycle is in ${cycle.stage})`);
    const preview = await this.compute(cycleId);
    if (preview.nextCycleId) throw new StateConflict('The next cycle was already created from this one');
    const fiscalYear = dto.fiscalYear ?? cycle.fiscalYear + 1;
    const yearShift = fiscalYear - cycle.fiscalYear;
    const nextId = await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(727500, hashtext($1))', [cycleId]);
      if ((await em.query(`SELECT 1 FROM cycle_succession WHERE predecessor_cycle_id = $1`, [cycleId])).length) throw new StateConflict('The next cycle was already created from this one');
      const [next]: { id: string }[] = await em.query(
        `INSERT INTO budget_cycle (name, name_en, fiscal_year, total_quota_fen, reserve_bp, tier_high, tier_medium, stage)
         SELECT $2, $3, $4, $5, $6, tier_high, tier_medium, 'drafting' FROM budget_cycle WHERE id = $1 RETURNING id`,
        [cycleId, dto.name, dto.nameEn ?? '', fiscalYear, dto.totalQuotaFen ?? cycle.totalQuotaFen, dto.reserveBasisPoints ?? cycle.reserveBasisPoints],
      );
      // the team carries on (third-party evaluators were engaged for this year's evaluation only)
      await em.query(
        `INSERT INTO membership (user_id, cycle_id, role, department_id)
         SELECT DISTINCT user_id, $2::uuid, role, department_id FROM membership WHERE cycle_id = $1 AND role <> 'evaluator'
         UNION SELECT $3::uuid, $2::uuid, 'coordinator', NULL::uuid
         ON CONFLICT DO NOTHING`,
        [cycleId, next.id, user.userId],
      );
      await em.query(
        `INSERT INTO evaluation_criterion (cycle_id, key, name_zh, name_en, weight, position, description_zh, description_en)
         SELECT $2, key, name_zh, name_en, weight, position, description_zh, description_en FROM evaluation_criterion WHERE cycle_id = $1`,
        [cycleId, next.id],
      );
      await em.query(`INSERT INTO cycle_succession (cycle_id, predecessor_cycle_id, grade_rule, carry_over_rule, created_by) VALUES ($1, $2, $3, $4, $5)`, [
        next.id,
        cycleId,
        JSON.stringify(preview.gradeRule),
        JSON.stringify(preview.carryOverRule),
        user.userId,
      ]);
      for (const item of preview.items) {
        let successorId: string | null = null;
        if (item.carried) {
          const [copy]: { id: string }[] = await em.query(
            `INSERT INTO decision_package (cycle_id, code, title, purpose, lead_department_id, stage, published, contingency_bp, details, submitted_at)
             SELECT $2, code, title, purpose, lead_department_id, 'drafting', false, contingency_bp, details, NULL FROM decision_package WHERE id = $1 RETURNING id`,
            [item.packageId, next.id],
          );
          successorId = copy.id;
          await em.query(`INSERT INTO package_department (package_id, department_id, share_bp) SELECT $2, department_id, share_bp FROM package_department WHERE package_id = $1`, [item.packageId, successorId]);
          await em.query(
            `INSERT INTO cost_line (id, package_id, department_id, category, description, location, quantity_milli, unit, unit_cost_fen, year, position)
             SELECT id, $2, department_id, category, description, location, quantity_milli, unit, unit_cost_fen, year + $3, position FROM cost_line WHERE package_id = $1`,
            [item.packageId, successorId, yearShift],
          );
        }
        await em.query(
          `INSERT INTO package_carry_over (predecessor_id, successor_cycle_id, successor_id, grade, effect, cut_bp, previous_allocation_fen, cap_fen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [item.packageId, next.id, successorId, item.grade, item.effect, item.cutBasisPoints, item.allocatedFen, item.capFen],
        );
      }
      return next.id;
    });
    const memberIds: { user_id: string }[] = await this.dataSource.query(`SELECT DISTINCT user_id FROM membership WHERE cycle_id = $1`, [nextId]);
    for (const m of memberIds) this.events.changed({ cycleId: nextId, cause: 'access', userId: m.user_id });
    this.events.changed({ cycleId: nextId, cause: 'cycle' });
    return { cycleId: nextId, carried: preview.items.filter((i) => i.carried).length, cancelled: preview.items.filter((i) => !i.carried).length };
  }
}
