import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conflictingUnits, hasConflictOfInterest, isCoordinator, liaisonDepartments, reviewQueue, scoreAccess, validateCriteria, type ReviewQueueView } from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { Forbidden, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import { PackagesService } from '../packages';
import type { EvaluationSettingsDto, OrderingDto, PublicInputDto, SetCriteriaDto, SubmitScoresDto } from './evaluation.dto';
import { RankingInputs } from './ranking-inputs';

function isReviewer(user: Principal, cycleId: string): boolean {
  return user.memberships.some((m) => m.cycleId === cycleId && m.role === 'reviewer');
}

/** The inputs of the evaluation: criteria, reviewer scores, public input, panel orderings. */
@Injectable()
export class ScoringService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly packages: PackagesService,
    private readonly inputs: RankingInputs,
    private readonly events: CycleEvents,
    private readonly dataSource: DataSource,
    private readonly departments: DepartmentsService,
  ) {}

  async criteria(user: Principal, cycleId: string) {
    await this.cycles.readable(user, cycleId);
    return this.dataSource.query(`SELECT key, name_zh AS "nameZh", name_en AS "nameEn", description_zh AS "descriptionZh", description_en AS "descriptionEn", weight FROM evaluation_criterion WHERE cycle_id = $1 ORDER BY position`, [cycleId]);
  }

  async setCriteria(user: Principal, cycleId: string, dto: SetCriteriaDto) {
    await this.cycles.coordinated(user, cycleId);
    const issues = validateCriteria(dto.criteria.map((c) => ({ key: c.key, weight: c.weight })));
    if (issues.length) throw new ValidationFailed(issues.map((i) => ({ field: i.path.replace(/^criteria\[(\d+)\]/, 'criteria.$1'), reason: i.message })));
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM evaluation_criterion WHERE cycle_id = $1`, [cycleId]);
      for (const [position, c] of dto.criteria.entries()) {
        await em.query(`INSERT INTO evaluation_criterion (cycle_id, key, name_zh, name_en, description_zh, description_en, weight, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
          cycleId,
          c.key,
          c.nameZh,
          c.nameEn,
          c.descriptionZh ?? '',
          c.descriptionEn ?? '',
          c.weight,
          position,
        ]);
      }
    });
    this.events.changed({ cycleId, cause: 'criteria' });
    return this.criteria(user, cycleId);
  }

  /**
   * The units a reviewer may not score, for the queue and for saving scores alike: their own
   * department and any they are liaison for, widened to the whole bureau (libs/domain conflict-of-interest).
   */
  private async conflictedUnits(user: Principal, cycleId: string): Promise<string[]> {
    const own = [...(user.departmentId ? [user.departmentId] : []), ...liaisonDepartments(user.memberships, cycleId)];
    const units = (await this.departments.directory()).entries.map((d) => ({ id: d.id, parentId: d.parentId }));
    return conflictingUnits(own, units);
  }

  /** The packages up for scoring (stage "scoring") as this reviewer sees them, with their progress. */
  async myQueue(user: Principal, cycleId: string): Promise<ReviewQueueView> {
    await this.cycles.readable(user, cycleId);
    if (!isReviewer(user, cycleId)) throw new Forbidden('Only reviewers of this cycle have a scoring queue');
    const [criteria, settings, packages, owners, scored] = await Promise.all([
      this.criteria(user, cycleId) as Promise<ReviewQueueView['criteria']>,
      this.inputs.settings(cycleId),
      this.dataSource.query(`SELECT id, code, title FROM decision_package WHERE cycle_id = $1 AND stage = 'scoring' ORDER BY code`, [cycleId]) as Promise<{ id: string; code: string; title: string }[]>,
      this.dataSource.query(
        `SELECT pd.package_id, pd.department_id, d.code FROM package_department pd JOIN department d ON d.id = pd.department_id
          JOIN decision_package p ON p.id = pd.package_id WHERE p.cycle_id = $1 ORDER BY d.code`,
        [cycleId],
      ) as Promise<{ package_id: string; department_id: string; code: string }[]>,
      this.dataSource.query(`SELECT package_id, criterion_key FROM reviewer_score WHERE cycle_id = $1 AND reviewer_id = $2`, [cycleId, user.userId]) as Promise<
        { package_id: string; criterion_key: string }[]
      >,
    ]);
    const codeOf = new Map(owners.map((o) => [o.department_id, o.code]));
    const ownersOf = (id: string) => owners.filter((o) => o.package_id === id).map((o) => o.department_id);
    const scoredBy = new Map<string, Set<string>>();
    for (const row of scored) scoredBy.set(row.package_id, (scoredBy.get(row.package_id) ?? new Set()).add(row.criterion_key));
    const queue = reviewQueue(
      packages.map((p) => ({ packageId: p.id, ownerIds: ownersOf(p.id) })),
      await this.conflictedUnits(user, cycleId),
      scoredBy,
      criteria.map((c) => c.key),
    );
    return {
      cycleId,
      scoringClosed: settings.scoringClosed,
      criteria,
      progress: queue.progress,
      items: queue.entries.map((e, i) => ({
        packageId: e.packageId,
        code: packages[i].code,
        title: packages[i].title,
        departments: ownersOf(e.packageId).map((d) => codeOf.get(d) ?? d),
        status: e.status,
        scoredCriteria: e.scoredCriteria,
        recusedFor: e.recusedFor.map((d) => codeOf.get(d) ?? d),
      })),
    };
  }

  /** A reviewer's scores of one package, all criteria at once; nothing is stored unless all are valid. */
  async submit(user: Principal, packageId: string, dto: SubmitScoresDto) {
    const parts = await this.packages.readableParts(user, packageId);
    const cycleId = parts.pkg.cycleId;
    if (!isReviewer(user, cycleId)) throw new Forbidden('Only reviewers of this cycle score packages');
    if (hasConflictOfInterest(await this.conflictedUnits(user, cycleId), parts.owners.map((o) => o.departmentId))) {
      throw new Forbidden('You belong to or speak for a department (or its bureau) that owns this package (conflict of interest)');
    }
    if ((await this.inputs.settings(cycleId)).scoringClosed) throw new StateConflict('Scoring of this cycle is closed');
    const known = new Set<string>((await this.dataSource.query(`SELECT key FROM evaluation_criterion WHERE cycle_id = $1`, [cycleId])).map((r: { key: string }) => r.key));
    const seen = new Set<string>();
    const problems = dto.scores.flatMap((s, i) => {
      if (!known.has(s.criterion)) return [{ field: `scores.${i}.criterion`, reason: `unknown criterion "${s.criterion.slice(0, 60)}"` }];
      if (seen.has(s.criterion)) return [{ field: `scores.${i}.criterion`, reason: 'scored twice' }];
      seen.add(s.criterion);
      return [];
    });
    if (problems.length) throw new ValidationFailed(problems);
    await this.dataSource.transaction(async (em) => {
      for (const s of dto.scores) {
        await em.query(
          `INSERT INTO reviewer_score (cycle_id, package_id, reviewer_id, criterion_key, score, comment) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (package_id, reviewer_id, criterion_key) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, updated_at = now()`,
          [cycleId, packageId, user.userId, s.criterion, s.score, s.comment ?? ''],
        );
      }
    });
    this.events.changed({ cycleId, cause: 'scores', packageId });
    return this.scoresOf(user, packageId);
  }

  /** Who reads individual scores: libs/domain visibility (scoreAccess); observers never do. */
  async scoresOf(user: Principal, packageId: string) {
    const parts = await this.packages.readableParts(user, packageId);
    const cycleId = parts.pkg.cycleId;
    const closed = (await this.inputs.settings(cycleId)).scoringClosed;
    const access = scoreAccess(user.memberships, cycleId, closed);
    if (access === 'none') throw new Forbidden(closed ? 'Individual scores are not published to observers' : 'Scores are visible to reviewers and coordinators until scoring closes');
    const all = access === 'all';
    const rows: { reviewer_id: string; email: string; criterion_key: string; score: number; comment: string }[] = await this.dataSource.query(
      `SELECT s.reviewer_id, u.email, s.criterion_key, s.score, s.comment FROM reviewer_score s JOIN app_user u ON u.id = s.reviewer_id
        WHERE s.package_id = $1 ${all ? '' : 'AND s.reviewer_id = $2'} ORDER BY u.email, s.criterion_key`,
      all ? [packageId] : [packageId, user.userId],
    );
    return { scoringClosed: closed, scores: rows.map((r) => ({ reviewerId: r.reviewer_id, reviewer: r.email, criterion: r.criterion_key, score: r.score, comment: r.comment })) };
  }

  async setScoringClosed(user: Principal, cycleId: string, closed: boolean) {
    await this.cycles.coordinated(user, cycleId);
    await this.dataSource.query(
      `INSERT INTO evaluation_settings (cycle_id, scoring_closed) VALUES ($1, $2) ON CONFLICT (cycle_id) DO UPDATE SET scoring_closed = EXCLUDED.scoring_closed`,
      [cycleId, closed],
    );
    this.events.changed({ cycleId, cause: 'settings' });
    return this.inputs.settings(cycleId);
  }

  async updateSettings(user: Principal, cycleId: string, dto: EvaluationSettingsDto) {
    await this.cycles.coordinated(user, cycleId);
    const next = { ...(await this.inputs.settings(cycleId)), ...dto };
    await this.dataSource.query(
      `INSERT INTO evaluation_settings (cycle_id, scoring_closed, normalization, method, allocation_mode, use_increments, pinned_package_ids, consolidation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (cycle_id) DO UPDATE SET normalization = EXCLUDED.normalization, method = EXCLUDED.method, allocation_mode = EXCLUDED.allocation_mode,
         use_increments = EXCLUDED.use_increments, pinned_package_ids = EXCLUDED.pinned_package_ids, consolidation = EXCLUDED.consolidation`,
      [cycleId, next.scoringClosed, next.normalization, next.method, next.allocationMode, next.useIncrements, next.pinnedPackageIds, next.consolidation],
    );
    this.events.changed({ cycleId, cause: 'settings' });
    return this.inputs.settings(cycleId);
  }

  async setPublicInput(user: Principal, packageId: string, dto: PublicInputDto) {
    const parts = await this.packages.readableParts(user, packageId);
    if (!isCoordinator(user.memberships, parts.pkg.cycleId)) throw new Forbidden('Coordinators record public input');
    await this.dataSource.query(
      `INSERT INTO public_input (package_id, support_bp, responses) VALUES ($1, $2, $3) ON CONFLICT (package_id) DO UPDATE SET support_bp = EXCLUDED.support_bp, responses = EXCLUDED.responses`,
      [packageId, dto.supportBasisPoints, dto.responses],
    );
    this.events.changed({ cycleId: parts.pkg.cycleId, cause: 'scores', packageId });
    return { packageId, ...dto };
  }

  async setOrdering(user: Principal, cycleId: string, dto: OrderingDto) {
    await this.cycles.readable(user, cycleId);
    if (!isReviewer(user, cycleId)) throw new Forbidden('Only reviewers submit orderings');
    if ((await this.inputs.settings(cycleId)).scoringClosed) throw new StateConflict('Scoring of this cycle is closed');
    const ids: string[] = (await this.dataSource.query(`SELECT id FROM decision_package WHERE cycle_id = $1`, [cycleId])).map((r: { id: string }) => r.id);
    const known = new Set(ids);
    const bad = dto.packageIds.findIndex((id) => !known.has(id));
    if (bad >= 0) throw new ValidationFailed([{ field: `packageIds.${bad}`, reason: 'is not a package of this cycle' }]);
    if (new Set(dto.packageIds).size !== dto.packageIds.length) throw new ValidationFailed([{ field: 'packageIds', reason: 'lists a package twice' }]);
    await this.dataSource.query(
      `INSERT INTO reviewer_ordering (cycle_id, reviewer_id, package_ids) VALUES ($1, $2, $3) ON CONFLICT (cycle_id, reviewer_id) DO UPDATE SET package_ids = EXCLUDED.package_ids, updated_at = now()`,
      [cycleId, user.userId, dto.packageIds],
    );
    this.events.changed({ cycleId, cause: 'scores' });
    return { cycleId, packageIds: dto.packageIds };
  }
}
