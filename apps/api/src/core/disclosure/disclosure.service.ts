import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToWan, toCsv, type CycleStage, type Kpi, type PublicationRecord, type PublicCycle, type PublishedCycle } from '@zerobase/domain';
import { NotFound, StateConflict } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import { RankingService } from '../evaluation';
import { ExecutionService } from '../execution';
import { buildPublicCycle } from './public-cycle-builder';

/**
 * Publishing a cycle (a coordinator's action per stage) stores a snapshot; the public reads only
 * snapshots, the newest one not withdrawn. Withdrawing takes every snapshot of the cycle off the
 * public pages at once (they stay stored, with who withdrew them, when and why).
 */
@Injectable()
export class DisclosureService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly ranking: RankingService,
    private readonly execution: ExecutionService,
    private readonly dataSource: DataSource,
  ) {}

  async publish(user: Principal, cycleId: string): Promise<PublicCycle> {
    const cycle = await this.cycles.coordinated(user, cycleId);
    const packages: { id: string; code: string; title: string; purpose: string; published: boolean; details: { kpis?: Kpi[] }; department_ids: string[] }[] = await this.dataSource.query(
      `SELECT p.id, p.code, p.title, p.purpose, p.published, p.details, array_agg(pd.department_id) AS department_ids
         FROM decision_package p JOIN package_department pd ON pd.package_id = p.id
        WHERE p.cycle_id = $1 GROUP BY p.id`,
      [cycleId],
    );
    const payload = buildPublicCycle(
      {
        cycle: { id: cycle.id, name: cycle.name, nameEn: cycle.nameEn, fiscalYear: cycle.fiscalYear, totalQuotaFen: cycle.totalQuotaFen, reserveBasisPoints: cycle.reserveBasisPoints, stage: cycle.stage },
        packages: packages.map((p) => ({ id: p.id, code: p.code, title: p.title, purpose: p.purpose, published: p.published, departmentIds: p.department_ids, kpis: p.details.kpis ?? [] })),
        ranking: await this.ranking.compute(cycleId),
        results: await this.latestResults(cycleId),
        adjustments: new Map([...(await this.execution.allocations(cycleId)).entries()].map(([id, a]) => [id, a.adjustedFen])),
        publishedAt: new Date().toISOString(),
        checkpoint: await this.checkpoint(cycleId),
      },
      await this.departments.directory(),
    );
    await this.dataSource.query(`INSERT INTO cycle_publication (cycle_id, stage, payload, published_by, published_at) VALUES ($1, $2, $3, $4, $5)`, [
      cycleId,
      cycle.stage,
      JSON.stringify(payload),
      user.userId,
      payload.publishedAt,
    ]);
    return payload;
  }

  /** the latest reported value of each KPI, per package, from the monthly execution reports */
  /** The head of the cycle's chain of recorded runs (apps/api evaluation run-chain.service). */
  private async checkpoint(cycleId: string): Promise<PublicCycle['checkpoint']> {
    const [head]: { hash: string; seq: number; recorded_at: Date }[] = await this.dataSource.query(
      `SELECT hash, seq, recorded_at FROM ranking_run_record WHERE cycle_id = $1 ORDER BY seq DESC LIMIT 1`,
      [cycleId],
    );
    return head ? { hash: head.hash, runs: head.seq, recordedAt: head.recorded_at.toISOString() } : null;
  }

  private async latestResults(cycleId: string): Promise<Map<string, Map<string, number>>> {
    const rows: { package_id: string; kpi_actuals: Record<string, number> }[] = await this.dataSource.query(
      `SELECT a.package_id, a.kpi_actuals FROM execution_actual a JOIN decision_package p ON p.id = a.package_id WHERE p.cycle_id = $1 ORDER BY a.month`,
      [cycleId],
    );
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const results = out.get(r.package_id) ?? new Map<string, number>();
      for (const [kpi, value] of Object.entries(r.kpi_actuals)) results.set(kpi, value);
      out.set(r.package_id, results);
    }
    return out;
  }

  async publications(user: Principal, cycleId: string): Promise<PublicationRecord[]> {
    await this.cycles.coordinated(user, cycleId);
    return this.records(cycleId);
  }

  private async records(cycleId: string): Promise<PublicationRecord[]> {
    const rows: { id: string; stage: CycleStage; published_at: Date; packages: number; withdrawn_at: Date | null; withdraw_reason: string | null }[] = await this.dataSource.query(
      `SELECT id, stage, published_at, jsonb_array_length(payload->'packages') AS packages, withdrawn_at, withdraw_reason
         FROM cycle_publication WHERE cycle_id = $1 ORDER BY published_at DESC, id`,
      [cycleId],
    );
    const current = rows.find((r) => r.withdrawn_at === null)?.id;
    return rows.map((r) => ({
      id: r.id,
      stage: r.stage,
      publishedAt: r.published_at.toISOString(),
      packages: Number(r.packages),
      current: r.id === current,
      withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
      withdrawReason: r.withdraw_reason,
    }));
  }

  /** Takes the cycle off the public pages (coordinators); 409 when nothing of it is public. */
  async withdraw(user: Principal, cycleId: string, reason: string): Promise<PublicationRecord[]> {
    await this.cycles.coordinated(user, cycleId);
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH withdrawn AS (
         UPDATE cycle_publication SET withdrawn_at = now(), withdrawn_by = $2, withdraw_reason = $3 WHERE cycle_id = $1 AND withdrawn_at IS NULL RETURNING id
       ) SELECT count(*)::int AS n FROM withdrawn`,
      [cycleId, user.userId, reason.trim()],
    );
    if (n === 0) throw new StateConflict('This cycle has nothing published to withdraw');
    return this.records(cycleId);
  }

  /** Cycles with something published, newest first (what the public page lists). */
  async publishedCycles(): Promise<PublishedCycle[]> {
    const rows: { payload: PublicCycle }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (cycle_id) payload FROM cycle_publication WHERE withdrawn_at IS NULL ORDER BY cycle_id, published_at DESC`,
    );
    return rows
      .map(({ payload }) => ({ id: payload.cycle.id, name: payload.cycle.name, nameEn: payload.cycle.nameEn ?? '', fiscalYear: payload.cycle.fiscalYear, publishedStage: payload.publishedStage, publishedAt: payload.publishedAt }))
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  }

  /** The latest publication of a cycle; 404 when it published nothing, withdrew it, or does not exist. */
  async latest(cycleId: string): Promise<PublicCycle> {
    const [row]: { payload: PublicCycle }[] = await this.dataSource.query(`SELECT payload FROM cycle_publication WHERE cycle_id = $1 AND withdrawn_at IS NULL ORDER BY published_at DESC LIMIT 1`, [cycleId]);
    if (!row) throw new NotFound('publication of cycle', cycleId);
    return row.payload;
  }

  async latestCsv(cycleId: string): Promise<string> {
    const p = await this.latest(cycleId);
    const header = ['编号 Code', '名称 Title', '部门 Departments', '申请金额（万元）Requested (10k yuan)', '分配金额（万元）Allocated (10k yuan)', '绩效目标 Targets'];
    const rows = p.packages.map((pkg) => [
      pkg.code,
      pkg.title,
      pkg.departments.map((d) => d.nameZh || d.code).join('、'),
      fenToWan(pkg.requestedFen),
      pkg.allocatedFen === null ? null : fenToWan(pkg.allocatedFen),
      pkg.targets.map((t) => `${t.name}: ${t.baseline} → ${t.target}${t.unit}${t.result === null ? '' : `（实际 ${t.result}${t.unit}）`}`).join('；'),
    ]);
    return toCsv([header, ...rows]);
  }
}
