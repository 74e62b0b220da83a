import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  checkCarryOverRule,
  checkGradeRule,
  checkScoreSheet,
  gradeOf,
  isCoordinator,
  packageScore,
  performanceAccess,
  TEMPLATE_DIMENSIONS,
  type PackagePerformanceView,
  type PerformanceSettingsView,
  type PerformanceView,
} from '@zerobase/domain';
import { CycleEvents } from '../../base/events/cycle-events';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { RealtimeService, rooms } from '../realtime';
import { PerformanceData, type CyclePerformanceData } from './performance-data';
import type { AdjustGradeDto, PerformanceSettingsDto, ScoreSheetDto, ScorersDto } from './performance.dto';

export const PERFORMANCE_EVENT = 'performance:package';

/**
 * End-of-cycle performance evaluation (绩效评价): the coordinator chooses the template and rules,
 * assigns scorers (internal reviewers or third-party evaluators) to funded packages; scorers fill
 * in their sheets; grades follow the declared rule and the coordinator may adjust one with a reason.
 */
@Injectable()
export class PerformanceService {
  constructor(
    private readonly data: PerformanceData,
    private readonly cycles: CyclesService,
    private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
    private readonly events: CycleEvents,
  ) {}

  private member(user: Principal, cycleId: string): void {
    if (!user.memberships.some((m) => m.cycleId === cycleId)) throw new Forbidden('You are not a member of this cycle');
  }

  async view(user: Principal, cycleId: string): Promise<PerformanceView> {
    this.member(user, cycleId);
    return viewFor(user, await this.data.load(cycleId));
  }

  async setSettings(user: Principal, cycleId: string, dto: PerformanceSettingsDto): Promise<PerformanceSettingsView> {
    await this.cycles.coordinated(user, cycleId);
    const current = await this.data.settings(cycleId);
    const next: PerformanceSettingsView = { template: dto.template, gradeRule: dto.gradeRule ?? current.gradeRule, carryOverRule: dto.carryOverRule ?? current.carryOverRule };
    const gradeProblem = checkGradeRule(next.gradeRule);
    const errors = [...(gradeProblem ? [{ field: 'gradeRule', reason: gradeProblem }] : []), ...checkCarryOverRule(next.carryOverRule)];
    if (errors.length) throw new ValidationFailed(errors);
    if (next.template !== current.template) {
      const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM performance_sheet h JOIN performance_scorer s USING (package_id, user_id) WHERE s.cycle_id = $1`, [cycleId]);
      if (n > 0) throw new StateConflict(`${n} score sheets were filled in on the ${current.template} template; the template no longer changes`);
    }
    await this.dataSource.query(
      `INSERT INTO performance_settings (cycle_id, template, grade_rule, carry_over_rule) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cycle_id) DO UPDATE SET template = EXCLUDED.template, grade_rule = EXCLUDED.grade_rule, carry_over_rule = EXCLUDED.carry_over_rule, updated_at = now()`,
      [cycleId, next.template, JSON.stringify(next.gradeRule), JSON.stringify(next.carryOverRule)],
    );
    return next;
  }

  private async fundedPackage(packageId: string): Promise<{ cycleId: string; data: CyclePerformanceData }> {
    const [pkg]: { cycle_id: string }[] = await this.dataSource.query(`SELECT cycle_id FROM decision_package WHERE id = $1`, [packageId]);
    if (!pkg) throw new NotFound('package', packageId);
    return { cycleId: pkg.cycle_id, data: await this.data.load(pkg.cycle_id) };
  }

  /** The coordinator sets who scores a funded package: reviewers or evaluators of the cycle. */
  async setScorers(user: Principal, packageId: string, dto: ScorersDto): Promise<PackagePerformanceView> {
    const { cycleId, data } = await this.fundedPackage(packageId);
    await this.cycles.coordinated(user, cycleId);
    if (!data.funded.some((p) => p.id === packageId)) throw new ValidationFailed([{ field: 'packageId', reason: 'only funded packages are evaluated' }]);
    const members: { user_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT user_id FROM membership WHERE cycle_id = $1 AND role IN ('reviewer','evaluator') AND user_id = ANY($2::uuid[])`,
      [cycleId, dto.userIds],
    );
    const allowed = new Set(members.map((m) => m.user_id));
    const errors = dto.userIds.flatMap((id, i) => (allowed.has(id) ? [] : [{ field: `userIds.${i}`, reason: 'is not a reviewer or evaluator of this cycle' }]));
    if (errors.length) throw new ValidationFailed(errors);
    const before = data.scorers.filter((s) => s.packageId === packageId).map((s) => s.userId);
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM performance_scorer WHERE package_id = $1 AND NOT (user_id = ANY($2::uuid[]))`, [packageId, dto.userIds]);
      for (const id of new Set(dto.userIds)) await em.query(`INSERT INTO performance_scorer (package_id, user_id, cycle_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [packageId, id, cycleId]);
    });
    // an evaluator's reading rights follow its assignments: rooms and open documents are re-checked
    for (const id of new Set([...before, ...dto.userIds])) this.events.changed({ cycleId, cause: 'access', userId: id });
    return this.pushAndView(user, cycleId, packageId, before);
  }

  /** A scorer assigned to the package fills in (or replaces) its sheet while the cycle is in evaluation. */
  async submitSheet(user: Principal, packageId: string, dto: ScoreSheetDto): Promise<PackagePerformanceView> {
    const { cycleId, data } = await this.fundedPackage(packageId);
    if (!data.scorers.some((s) => s.packageId === packageId && s.userId === user.userId)) {
      throw new Forbidden('You are not assigned to score this package');
    }
    if (data.cycle.stage !== 'evaluation') throw new StateConflict(`Packages are scored while the cycle is in evaluation (it is in ${data.cycle.stage})`);
    const errors = checkScoreSheet(data.settings.template, dto.scores);
    if (errors.length) throw new ValidationFailed(errors);
    await this.dataSource.query(
      `INSERT INTO performance_sheet (package_id, user_id, template, scores, comment) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (package_id, user_id) DO UPDATE SET template = EXCLUDED.template, scores = EXCLUDED.scores, comment = EXCLUDED.comment, submitted_at = now()`,
      [packageId, user.userId, data.settings.template, JSON.stringify(dto.scores), dto.comment ?? ''],
    );
    return this.pushAndView(user, cycleId, packageId);
  }

  /** The coordinator departs from the computed grade, with a reason (kept with who and when). */
  async adjustGrade(user: Principal, packageId: string, dto: AdjustGradeDto): Promise<PackagePerformanceView> {
    const { cycleId, data } = await this.fundedPackage(packageId);
    await this.cycles.coordinated(user, cycleId);
    if (!data.funded.some((p) => p.id === packageId)) throw new ValidationFailed([{ field: 'packageId', reason: 'only funded packages are graded' }]);
    if (data.nextCycleId) throw new StateConflict('The next cycle was created from these grades; they no longer change');
    await this.dataSource.query(
      `INSERT INTO performance_grade_adjustment (package_id, grade, reason, adjusted_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (package_id) DO UPDATE SET grade = EXCLUDED.grade, reason = EXCLUDED.reason, adjusted_by = EXCLUDED.adjusted_by, adjusted_at = now()`,
      [packageId, dto.grade, dto.reason, user.userId],
    );
    return this.pushAndView(user, cycleId, packageId);
  }

  /**
   * Pushes the package's new state: the coordinators' view to their room, each scorer's own view to
   * its user room (nothing to anyone else: an evaluator hears only of what it evaluates).
   */
  private async pushAndView(user: Principal, cycleId: string, packageId: string, formerScorers: readonly string[] = []): Promise<PackagePerformanceView> {
    const data = await this.data.load(cycleId);
    const coordinatorView = viewFor({ userId: '', memberships: [{ cycleId, role: 'coordinator', departmentId: null }] }, data).packages.find((p) => p.packageId === packageId);
    if (coordinatorView) this.realtime.emit(rooms.coordinators(cycleId), PERFORMANCE_EVENT, { cycleId, package: coordinatorView });
    const scorers = data.scorers.filter((s) => s.packageId === packageId);
    for (const s of scorers) {
      const own = viewFor({ userId: s.userId, memberships: [] }, data, 'assigned').packages.find((p) => p.packageId === packageId);
      if (own) this.realtime.emit(rooms.user(s.userId), PERFORMANCE_EVENT, { cycleId, package: own });
    }
    for (const id of formerScorers) if (!scorers.some((s) => s.userId === id)) this.realtime.emit(rooms.user(id), PERFORMANCE_EVENT, { cycleId, removed: packageId });
    const mine = viewFor(user, data).packages.find((p) => p.packageId === packageId);
    if (!mine) throw new Forbidden('You may not read this package’s evaluation');
    return mine;
  }
}

/** The evaluation as one user may read it (libs/domain visibility: performanceAccess). */
export function viewFor(user: Pick<Principal, 'userId' | 'memberships'>, data: CyclePerformanceData, access = performanceAccess(user.memberships, data.cycle.id)): PerformanceView {
  const all = access === 'all';
  const { template, gradeRule } = data.settings;
  const packages = data.funded.flatMap((p): PackagePerformanceView[] => {
    const scorers = data.scorers.filter((s) => s.packageId === p.id);
    const assignedToMe = scorers.some((s) => s.userId === user.userId);
    if (!all && !assignedToMe) return [];
    const sheets = data.sheets.filter((h) => h.packageId === p.id && h.template === template);
    const toSheet = (h: (typeof sheets)[number]) => ({ scorerId: h.userId, scores: h.scores, comment: h.comment, submittedAt: h.submittedAt });
    const mine = sheets.find((h) => h.userId === user.userId);
    const score = packageScore(template, sheets.map((h) => h.scores));
    const computedGrade = score.score === null ? null : gradeOf(score.score, gradeRule);
    const adjustment = data.adjustments.get(p.id) ?? null;
    return [{
      packageId: p.id,
      code: p.code,
      title: p.title,
      allocatedFen: p.allocatedFen,
      executionBasisPoints: p.executionBasisPoints,
      kpiCompletion: p.kpiCompletion,
      assignedToMe,
      mySheet: mine ? toSheet(mine) : null,
      scorers: all ? scorers.map((s) => ({ userId: s.userId, name: s.name, role: s.role, submitted: sheets.some((h) => h.userId === s.userId) })) : [],
      sheets: all ? sheets.map(toSheet) : [],
      score: all ? score : null,
      computedGrade: all ? computedGrade : null,
      adjustment: all ? adjustment : null,
      grade: all ? (adjustment?.grade ?? computedGrade) : null,
    }];
  });
  return {
    cycleId: data.cycle.id,
    cycleName: data.cycle.name,
    cycleNameEn: data.cycle.nameEn,
    stage: data.cycle.stage,
    canManage: isCoordinator(user.memberships, data.cycle.id),
    settings: data.settings,
    dimensions: TEMPLATE_DIMENSIONS[template],
    packages,
    nextCycleId: all ? data.nextCycleId : null,
  };
}

