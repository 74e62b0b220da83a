import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_CARRY_OVER_RULE, DEFAULT_GRADE_RULE, type CarryOverRule, type EvaluationTemplate, type Grade, type GradeRule, type PerformanceSettingsView } from '@zerobase/domain';
import { NotFound } from '../../base/errors';
import { ExecutionService } from '../execution';

export const DEFAULT_PERFORMANCE_SETTINGS: PerformanceSettingsView = { template: 'balancedScorecard', gradeRule: DEFAULT_GRADE_RULE, carryOverRule: DEFAULT_CARRY_OVER_RULE };

export interface FundedPackage {
  id: string;
  code: string;
  title: string;
  allocatedFen: number;
  executionBasisPoints: number | null;
  kpiCompletion: number | null;
}

export interface CyclePerformanceData {
  cycle: { id: string; name: string; nameEn: string; stage: string; fiscalYear: number; totalQuotaFen: number; reserveBasisPoints: number };
  settings: PerformanceSettingsView;
  funded: FundedPackage[];
  scorers: { packageId: string; userId: string; name: string; role: 'reviewer' | 'evaluator' }[];
  sheets: { packageId: string; userId: string; template: EvaluationTemplate; scores: Record<string, number>; comment: string; submittedAt: string }[];
  adjustments: Map<string, { grade: Grade; reason: string; adjustedAt: string }>;
  nextCycleId: string | null;
}

/** Everything the end-of-cycle evaluation of one cycle is computed from, as stored. */
@Injectable()
export class PerformanceData {
  constructor(
    private readonly dataSource: DataSource,
    private readonly execution: ExecutionService,
  ) {}

  async settings(cycleId: string): Promise<PerformanceSettingsView> {
    const [row]: { template: EvaluationTemplate; grade_rule: GradeRule; carry_over_rule: CarryOverRule }[] = await this.dataSource.query(
      `SELECT template, grade_rule, carry_over_rule FROM performance_settings WHERE cycle_id = $1`,
      [cycleId],
    );
    return row ? { template: row.template, gradeRule: row.grade_rule, carryOverRule: row.carry_over_rule } : DEFAULT_PERFORMANCE_SETTINGS;
  }

  async load(cycleId: string): Promise<CyclePerformanceData> {
    const q = <T>(sql: string) => this.dataSource.query(sql, [cycleId]) as Promise<T[]>;
    const [cycles, settings, status, scorers, sheets, adjustments, next] = await Promise.all([
      q<{ id: string; name: string; name_en: string; stage: string; fiscal_year: number; total_quota_fen: string; reserve_bp: number }>(
        `SELECT id, name, name_en, stage, fiscal_year, total_quota_fen, reserve_bp FROM budget_cycle WHERE id = $1`,
      ),
      this.settings(cycleId),
      this.execution.compute(cycleId, 12),
      q<{ package_id: string; user_id: string; name: string; evaluator: boolean }>(
        `SELECT s.package_id, s.user_id, u.display_name AS name,
                EXISTS (SELECT 1 FROM membership m WHERE m.user_id = s.user_id AND m.cycle_id = s.cycle_id AND m.role = 'evaluator') AS evaluator
           FROM performance_scorer s JOIN app_user u ON u.id = s.user_id WHERE s.cycle_id = $1 ORDER BY u.display_name`,
      ),
      q<{ package_id: string; user_id: string; template: EvaluationTemplate; scores: Record<string, number>; comment: string; submitted_at: Date }>(
        `SELECT h.package_id, h.user_id, h.template, h.scores, h.comment, h.submitted_at FROM performance_sheet h JOIN performance_scorer s USING (package_id, user_id) WHERE s.cycle_id = $1`,
      ),
      q<{ package_id: string; grade: Grade; reason: string; adjusted_at: Date }>(
        `SELECT a.package_id, a.grade, a.reason, a.adjusted_at FROM performance_grade_adjustment a JOIN decision_package p ON p.id = a.package_id WHERE p.cycle_id = $1`,
      ),
      q<{ cycle_id: string }>(`SELECT cycle_id FROM cycle_succession WHERE predecessor_cycle_id = $1`),
    ]);
    const c = cycles[0];
    if (!c) throw new NotFound('cycle', cycleId);
    return {
      cycle: { id: c.id, name: c.name, nameEn: c.name_en, stage: c.stage, fiscalYear: c.fiscal_year, totalQuotaFen: Number(c.total_quota_fen), reserveBasisPoints: c.reserve_bp },
      settings,
      funded: status.packages.map((p) => {
        const completions = p.kpis.map((k) => k.completion).filter((v): v is number => v !== null);
        return {
          id: p.packageId,
          code: p.code,
          title: p.title,
          allocatedFen: p.allocatedFen,
          executionBasisPoints: p.executionBasisPoints,
          kpiCompletion: completions.length ? Math.round((completions.reduce((a, b) => a + b, 0) / completions.length) * 10_000) / 10_000 : null,
        };
      }),
      scorers: scorers.map((s) => ({ packageId: s.package_id, userId: s.user_id, name: s.name, role: s.evaluator ? 'evaluator' : 'reviewer' })),
      sheets: sheets.map((h) => ({ packageId: h.package_id, userId: h.user_id, template: h.template, scores: h.scores, comment: h.comment, submittedAt: h.submitted_at.toISOString() })),
      adjustments: new Map(adjustments.map((a) => [a.package_id, { grade: a.grade, reason: a.reason, adjustedAt: a.adjusted_at.toISOString() }])),
      nextCycleId: next[0]?.cycle_id ?? null,
    };
  }
}
