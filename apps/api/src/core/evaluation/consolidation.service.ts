import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { audienceSeesStaffNames, canSetUnitOrder, rankAndAllocate, rankingVisibility, validateConsolidation, type Audience, type ConsolidationOverrideView, type ConsolidationView, type InputIssue, type UnitOrderView } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { Forbidden, NotFound, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import type { ConsolidationOverrideDto, UnitOrderDto } from './evaluation.dto';
import { overridesInForce, RankingInputs, withConsolidation } from './ranking-inputs';
import { rankingOrFieldErrors, RankingService } from './ranking.service';

/**
 * Order-preserving consolidation of a cycle: each unit's order of its packages (its liaison or a
 * coordinator sets it) and the coordinator's overrides of a unit's order, each with its reason. Read
 * with the ranking's rules; the checks are libs/domain's (validateConsolidation), so nothing is stored
 * that the ranking would refuse.
 */
@Injectable()
export class ConsolidationService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly ranking: RankingService,
    private readonly inputs: RankingInputs,
    private readonly departments: DepartmentsService,
    private readonly events: CycleEvents,
    private readonly dataSource: DataSource,
  ) {}

  async get(user: Principal, cycleId: string): Promise<ConsolidationView> {
    return this.view(cycleId, await this.ranking.readable(user, cycleId));
  }

  /** Replaces a unit's order (an empty list: back to the scoring order). Its liaison or a coordinator. */
  async setUnitOrder(user: Principal, cycleId: string, department: string, dto: UnitOrderDto): Promise<ConsolidationView> {
    await this.cycles.readable(user, cycleId);
    const unitId = (await this.departments.directory()).idOf(department, 'department');
    if (!canSetUnitOrder(user.memberships, cycleId, unitId)) throw new Forbidden("Only the unit's liaison or a coordinator sets the unit's order");
    const { unitOf, label } = await this.packageUnits(cycleId);
    const issues = validateConsolidation({ unitOrders: [{ unitId, packageIds: dto.packageIds }] }, unitOf, 'order', { pkg: label, unit: () => department });
    if (issues.length > 0) throw new ValidationFailed(issues.map((i) => ({ field: i.path.replace(/^order\.unitOrders\[0\]\.packageIds\[(\d+)\]$/, 'packageIds.$1'), reason: i.message })));
    if (dto.packageIds.length === 0) await this.dataSource.query(`DELETE FROM unit_order WHERE cycle_id = $1 AND department_id = $2`, [cycleId, unitId]);
    else {
      await this.dataSource.query(
        `INSERT INTO unit_order (cycle_id, department_id, package_ids, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (cycle_id, department_id) DO UPDATE SET package_ids = EXCLUDED.package_ids, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [cycleId, unitId, dto.packageIds, user.userId],
      );
    }
    this.events.changed({ cycleId, cause: 'settings' });
    return this.get(user, cycleId);
  }

  /** Records "package above another of its unit" with its reason (coordinators); refused with the field when it does not hold. */
  async addOverride(user: Principal, cycleId: string, dto: ConsolidationOverrideDto): Promise<ConsolidationOverrideView> {
    await this.cycles.coordinated(user, cycleId);
    if (dto.reason.trim() === '') throw new ValidationFailed([{ field: 'reason', reason: "is required: say why the unit's order is overridden" }]);
    const id = await this.dataSource.transaction(async (em) => {
      // one change at a time per cycle, so that two overrides added together cannot make a cycle
      await em.query(`SELECT id FROM budget_cycle WHERE id = $1 FOR UPDATE`, [cycleId]);
      const { unitOf, label, unitLabel } = await this.packageUnits(cycleId, (sql, params) => em.query(sql, params));
      const existing: { package_id: string; above_package_id: string; reason: string }[] = await em.query(
        `SELECT package_id, above_package_id, reason FROM consolidation_override WHERE cycle_id = $1 ORDER BY created_at, id`,
        [cycleId],
      );
      // the overrides that still hold (packages still in one unit), then the new one
      const kept = existing.map((o) => ({ packageId: o.package_id, aboveId: o.above_package_id, reason: o.reason })).filter((o, k, all) => validateConsolidation({ overrides: all.slice(0, k + 1) }, unitOf).every((i) => !i.path.startsWith(`consolidation.overrides[${k}]`)));
      const n = kept.length;
      const issues = validateConsolidation({ overrides: [...kept, { packageId: dto.packageId, aboveId: dto.aboveId, reason: dto.reason }] }, unitOf, 'consolidation', {
        pkg: label,
        unit: unitLabel,
      }).filter((i) => i.path.startsWith(`consolidation.overrides[${n}]`));
      if (issues.length > 0) throw new ValidationFailed(issues.map((i) => ({ field: overrideField(i, n), reason: i.message })));
      const [row] = await em.query(`INSERT INTO consolidation_override (cycle_id, package_id, above_package_id, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
        cycleId,
        dto.packageId,
        dto.aboveId,
        dto.reason.trim(),
        user.userId,
      ]);
      return row.id as string;
    });
    this.events.changed({ cycleId, cause: 'settings' });
    const view = await this.view(cycleId, 'coordinator');
    return view.overrides.find((o) => o.id === id)!;
  }

  async removeOverride(user: Principal, cycleId: string, overrideId: string): Promise<void> {
    await this.cycles.coordinated(user, cycleId);
    const deleted = await this.dataSource.createQueryBuilder().delete().from('consolidation_override').where('cycle_id = :cycleId AND id = :overrideId', { cycleId, overrideId }).execute();
    if (!deleted.affected) throw new NotFound('consolidation override', overrideId);
    this.events.changed({ cycleId, cause: 'settings' });
  }

  /** Each package of the cycle's unit (its lead department), and its code for messages. */
  private async packageUnits(cycleId: string, query: (sql: string, params: unknown[]) => Promise<unknown[]> = (sql, params) => this.dataSource.query(sql, params)) {
    const rows = (await query(`SELECT id, code, lead_department_id FROM decision_package WHERE cycle_id = $1`, [cycleId])) as { id: string; code: string; lead_department_id: string }[];
    const directory = await this.departments.directory();
    const lead = new Map(rows.map((r) => [r.id, r.lead_department_id]));
    const code = new Map(rows.map((r) => [r.id, r.code]));
    return { unitOf: (id: string) => lead.get(id), label: (id: string) => code.get(id) ?? id, unitLabel: (id: string) => directory.codeOf(id) };
  }

  private async view(cycleId: string, audience: Audience): Promise<ConsolidationView> {
    const [data, directory] = await Promise.all([this.inputs.load(cycleId), this.departments.directory()]);
    const visible = rankingVisibility(audience, data.settingsRow.scoringClosed).packages === 'all' ? () => true : (id: string) => data.packages.get(id)?.published === true;
    // each unit's order as the ranking applies it: its list, its other packages by score, its overrides
    const result = rankingOrFieldErrors(() => rankAndAllocate(withConsolidation(data.input, data.consolidation, true)));
    const byUnit = new Map<string, { packageId: string; unitRank: number }[]>();
    for (const item of result.items) {
      const c = item.explanation.consolidation;
      if (c === undefined || (item.explanation.increment?.ordinal ?? 0) !== 0 || !visible(item.packageId)) continue;
      const list = byUnit.get(c.unitId) ?? [];
      list.push({ packageId: item.packageId, unitRank: c.unitRank });
      byUnit.set(c.unitId, list);
    }
    const stored = await this.inputs.storedConsolidation(cycleId);
    const units: UnitOrderView[] = [...byUnit]
      .map(([unitId, list]) => {
        const d = directory.entries.find((e) => e.id === unitId);
        return {
          department: directory.codeOf(unitId),
          parent: d?.parentId ? directory.codeOf(d.parentId) : null,
          ordered: stored.unitOrders.has(unitId),
          packages: list.sort((a, b) => a.unitRank - b.unitRank).map((p) => ({ packageId: p.packageId, code: data.packages.get(p.packageId)?.code ?? '', title: data.packages.get(p.packageId)?.title ?? '' })),
        };
      })
      .sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
    const overrides = data.consolidation.overrides.filter((o) => visible(o.packageId) && visible(o.aboveId));
    const names = new Map<string, string>();
    // observers read who recorded an override as little as who edited a package (libs/domain seesStaffNames)
    const creators = audienceSeesStaffNames(audience) ? [...new Set(overrides.map((o) => o.createdBy).filter((id): id is string => id !== null))] : [];
    if (creators.length > 0) {
      const rows: { id: string; display_name: string }[] = await this.dataSource.query(`SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`, [creators]);
      for (const r of rows) names.set(r.id, r.display_name);
    }
    // the stored overrides the ranking ignores now, and why (the same check that filtered them out)
    const { stale } = overridesInForce(data.consolidation.overrides, (id) => data.consolidation.leads.get(id), {
      pkg: (id) => data.packages.get(id)?.code ?? id,
      unit: (id) => directory.codeOf(id),
    });
    return {
      cycleId,
      enabled: data.settingsRow.consolidation,
      units,
      overrides: overrides.map((o) => ({
        id: o.id,
        packageId: o.packageId,
        code: data.packages.get(o.packageId)?.code ?? '',
        aboveId: o.aboveId,
        aboveCode: data.packages.get(o.aboveId)?.code ?? '',
        department: directory.codeOf(data.consolidation.leads.get(o.packageId) ?? ''),
        reason: o.reason,
        createdBy: o.createdBy === null ? null : names.get(o.createdBy) ?? null,
        createdAt: o.createdAt,
        ...(stale.has(o.id) ? { stale: stale.get(o.id)! } : {}),
      })),
    };
  }
}

/** The request field an issue about the new override (overrides[n]) is about. */
function overrideField(issue: InputIssue, n: number): string {
  const rest = issue.path.slice(`consolidation.overrides[${n}]`.length);
  return rest === '' ? 'aboveId' : rest.replace(/^\./, '');
}
