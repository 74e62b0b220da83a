import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { conflictRecipients, editRecipients, packageRecipients, rankingChanges, stageGateRecipients, type RankedPackage } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { CycleEvents, type CycleChange } from '../../base/events/cycle-events';
import type { ChangeAuthor, CommittedPayload, DocumentExtension } from '../collab';
import { DepartmentsService } from '../departments';
import { RankingService } from '../evaluation';
import { NotificationsService } from './notifications.service';

/** What the cycle looked like when it was last checked, to tell what changed since. */
interface CycleState {
  stage: string;
  scoringClosed: boolean;
  ranking: RankedPackage[];
}

const CHECK_DELAY_MS = 150;
/** edits by one person to one package within this long are told as one batch */
const EDIT_BATCH_MS = 250;
/**
 * After a batch was told, the next edits by the same person to the same package are batched
 * this long: the notification they fold into was pushed already, they only raise its count (a
 * few statements per recipient per batch, which continuous typing would repeat four times a second).
 */
const EDIT_FOLLOW_UP_BATCH_MS = 2_000;
/** how long after a batch the next one counts as a follow-up */
const EDIT_FOLLOW_UP_WINDOW_MS = 60_000;

interface PendingEdit {
  cycleId: string;
  packageId: string;
  author: ChangeAuthor;
  sections: Set<string>;
  count: number;
}

/**
 * Turns what happens elsewhere into notifications: accepted document changes (the merge path's
 * committed hook, right after the edit log is written), new conflicts, scores, and the
 * cycle's stage gates and ranking compared with their last checked state.
 */
@Injectable()
export class NotificationTriggers implements DocumentExtension, OnModuleInit, OnApplicationBootstrap {
  readonly name = 'notifications';
  private readonly logger = new Logger('notifications');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly checks = new Map<string, Promise<void>>();
  private readonly pendingEdits = new Map<string, PendingEdit>();
  /** per batch key, when its last batch was told (follow-ups wait longer) */
  private readonly toldAt = new Map<string, number>();

  constructor(
    private readonly events: CycleEvents,
    private readonly ranking: RankingService,
    private readonly notifications: NotificationsService,
    private readonly dataSource: DataSource,
    private readonly departments: DepartmentsService,
  ) {}

  onModuleInit(): void {
    this.events.on((change) => this.onCycleChange(change));
  }

  /** Cycles never checked get their baseline now, so that the first change is reported. */
  onApplicationBootstrap(): void {
    void this.dataSource
      .query(`SELECT id FROM budget_cycle c WHERE NOT EXISTS (SELECT 1 FROM notification_ranking_state s WHERE s.cycle_id = c.id)`)
      .then((rows: { id: string }[]) => Promise.all(rows.map((r) => this.enqueueCheck(r.id))))
      .catch((error: unknown) => this.logger.warn(`baseline failed: ${String(error)}`));
  }

  // ---- merge path ----

  /** An extension of the one merge pipeline (core/merge-pipeline): every stored change, with its author and the sections it touched. */
  onCommitted({ live, change }: CommittedPayload): void {
    const { author, sections } = change;
    if (!author.userId || sections.length === 0) return;
    const key = `${live.packageId}|${author.userId}|${author.departmentId ?? ''}`;
    const pending = this.pendingEdits.get(key);
    if (pending) {
      pending.count++;
      for (const s of sections) pending.sections.add(s);
      return;
    }
    this.pendingEdits.set(key, { cycleId: live.cycleId, packageId: live.packageId, author, sections: new Set(sections), count: 1 });
    const now = Date.now();
    const told = this.toldAt.get(key);
    const followUp = told !== undefined && now - told < EDIT_FOLLOW_UP_WINDOW_MS;
    setTimeout(() => {
      const batch = this.pendingEdits.get(key);
      if (!batch) return; // told already (a flush)
      this.pendingEdits.delete(key);
      this.noteTold(key);
      void this.notifyEdit(batch).catch((error: unknown) => this.logger.warn(`edit notification failed: ${String(error)}`));
    }, followUp ? EDIT_FOLLOW_UP_BATCH_MS : EDIT_BATCH_MS).unref();
  }

  private noteTold(key: string): void {
    const now = Date.now();
    this.toldAt.delete(key); // re-inserted last: the map stays in the order batches were told
    this.toldAt.set(key, now);
    for (const [k, at] of this.toldAt) {
      if (now - at < EDIT_FOLLOW_UP_WINDOW_MS) break;
      this.toldAt.delete(k);
    }
  }

  async onFlush(live: { packageId: string }): Promise<void> {
    // edits still batched for an unloading document are told now
    for (const [key, batch] of [...this.pendingEdits]) {
      if (batch.packageId !== live.packageId) continue;
      this.pendingEdits.delete(key);
      this.noteTold(key);
      await this.notifyEdit(batch).catch((error: unknown) => this.logger.warn(`edit notification failed: ${String(error)}`));
    }
  }

  private async notifyEdit({ cycleId, packageId, author, sections: touched, count }: PendingEdit): Promise<void> {
    const sections = [...touched];
    const pkg = await this.packageFacts(packageId);
    if (!pkg) return;
    // document sections name departments by code; the rules speak of ids
    const directory = await this.departments.directory();
    const sectionIds = sections.map((s) => (s.startsWith('dept:') ? `dept:${directory.byCode(s.slice(5))?.id ?? s.slice(5)}` : s));
    const recipients = editRecipients(await this.notifications.members(cycleId), {
      packageDepartmentIds: pkg.departmentIds,
      editorUserId: author.userId,
      editorDepartmentId: author.departmentId,
      sections: sectionIds,
    });
    await this.notifications.notify(recipients, {
      kind: 'sectionEdited',
      cycleId,
      subjectKey: packageId,
      params: { packageId, packageCode: pkg.code, packageTitle: pkg.title, editorDepartmentId: author.departmentId, sections },
      link: `/packages/${packageId}`,
    }, count);
  }

  // ---- cycle events ----

  private onCycleChange(change: CycleChange): void {
    const work: Promise<void>[] = [];
    if (change.cause === 'conflict' && change.conflict && change.packageId) work.push(this.notifyConflict(change.cycleId, change.packageId, change.conflict));
    if (change.cause === 'scores' && change.packageId) work.push(this.notifyPackage('packageScored', change.cycleId, change.packageId, {}));
    for (const w of work) w.catch((error: unknown) => this.logger.warn(`notification failed: ${String(error)}`));
    const pending = this.timers.get(change.cycleId);
    if (pending) clearTimeout(pending);
    this.timers.set(
      change.cycleId,
      setTimeout(() => {
        this.timers.delete(change.cycleId);
        void this.enqueueCheck(change.cycleId);
      }, CHECK_DELAY_MS),
    );
  }

  private async notifyConflict(cycleId: string, packageId: string, conflict: { id: string; departmentIds: string[] }): Promise<void> {
    const pkg = await this.packageFacts(packageId);
    await this.notifications.notify(conflictRecipients(await this.notifications.members(cycleId), conflict.departmentIds), {
      kind: 'conflict',
      cycleId,
      subjectKey: conflict.id,
      params: { packageId, packageCode: pkg?.code ?? '', packageTitle: pkg?.title ?? '', conflictId: conflict.id },
      link: `/packages/${packageId}`,
    });
  }

  private async notifyPackage(kind: 'packageScored' | 'packageRanked' | 'packageFunded' | 'packageCut', cycleId: string, packageId: string, params: Record<string, unknown>): Promise<void> {
    const pkg = await this.packageFacts(packageId);
    if (!pkg) return;
    await this.notifications.notify(packageRecipients(await this.notifications.members(cycleId), pkg.departmentIds), {
      kind,
      cycleId,
      subjectKey: packageId,
      params: { packageId, packageCode: pkg.code, packageTitle: pkg.title, ...params },
      link: kind === 'packageScored' ? `/packages/${packageId}` : `/cycles/${cycleId}/ranking`,
    });
  }

  /** One check per cycle at a time; the latest state is compared with the stored one. */
  private enqueueCheck(cycleId: string): Promise<void> {
    const next = (this.checks.get(cycleId) ?? Promise.resolve())
      .then(() => this.checkCycle(cycleId))
      .catch((error: unknown) => this.logger.warn(`cycle check failed for ${cycleId}: ${String(error)}`));
    this.checks.set(cycleId, next);
    void next.then(() => {
      if (this.checks.get(cycleId) === next) this.checks.delete(cycleId);
    });
    return next;
  }

  private async checkCycle(cycleId: string): Promise<void> {
    const now = await this.currentState(cycleId);
    if (!now) return;
    const [stored] = await this.dataSource.query(`SELECT state FROM notification_ranking_state WHERE cycle_id = $1`, [cycleId]);
    await this.dataSource.query(
      `INSERT INTO notification_ranking_state (cycle_id, state) VALUES ($1, $2::jsonb) ON CONFLICT (cycle_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [cycleId, JSON.stringify(now)],
    );
    if (!stored) return;
    const before = stored.state as CycleState;
    const members = await this.notifications.members(cycleId);
    if (before.stage !== now.stage || before.scoringClosed !== now.scoringClosed) {
      const gate = before.stage !== now.stage ? { gate: 'stage', from: before.stage, to: now.stage } : { gate: 'scoring', open: !now.scoringClosed };
      await this.notifications.notify(stageGateRecipients(members), { kind: 'stageGate', cycleId, subjectKey: `${cycleId}:${JSON.stringify(gate)}`, params: gate, link: `/cycles/${cycleId}` });
    }
    for (const change of rankingChanges(before.ranking, now.ranking)) {
      await this.notifyPackage(change.kind, cycleId, change.packageId, { from: change.from, to: change.to });
    }
  }

  private async currentState(cycleId: string): Promise<CycleState | null> {
    const [cycle] = await this.dataSource.query(
      `SELECT c.stage, coalesce(s.scoring_closed, false) AS scoring_closed FROM budget_cycle c LEFT JOIN evaluation_settings s ON s.cycle_id = c.id WHERE c.id = $1`,
      [cycleId],
    );
    if (!cycle) return null;
    const view = await this.ranking.compute(cycleId).catch(() => null);
    const ranking = new Map<string, RankedPackage>();
    for (const item of view?.items ?? []) {
      const seen = ranking.get(item.packageId);
      if (seen) seen.funded ||= item.funded;
      else ranking.set(item.packageId, { packageId: item.packageId, position: item.rank, funded: item.funded });
    }
    return { stage: cycle.stage, scoringClosed: cycle.scoring_closed, ranking: [...ranking.values()] };
  }

  private async packageFacts(packageId: string): Promise<{ code: string; title: string; departmentIds: string[] } | null> {
    const [row] = await this.dataSource.query(
      `SELECT p.code, p.title, coalesce(array_agg(d.department_id) FILTER (WHERE d.department_id IS NOT NULL), '{}') AS department_ids
         FROM decision_package p LEFT JOIN package_department d ON d.package_id = p.id WHERE p.id = $1 GROUP BY p.id`,
      [packageId],
    );
    return row ? { code: row.code, title: row.title, departmentIds: row.department_ids } : null;
  }
}
