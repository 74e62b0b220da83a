import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  chainDigestInput,
  ledgerCheckpoint,
  ledgerOrder,
  rankingRunBody,
  RUN_CHAIN_FORMAT,
  verifyRunChain,
  type ChainVerdict,
  type DecisionLedgerRow,
  type EditLedgerRow,
  type LedgerCheckpoint,
  type LedgerRows,
  type RankingRunBody,
  type RunChain,
  type RunChainEntry,
} from '@zerobase/domain';
import type { EntityManager } from 'typeorm';
import { ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { RankingInputs } from './ranking-inputs';
import { RankingService } from './ranking.service';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Edit-log rows younger than this are sealed by the next run: a batch still committing keeps its place in id order. */
const SEAL_SETTLE_MS = 2_000;

/**
 * Recorded ranking runs of a cycle as a tamper-evident chain: each entry's hash covers the previous
 * entry's hash, the whole run and a checkpoint of the cycle's edit log and meeting decisions
 * (libs/domain evaluation/ledger.ts), so rewriting any stored entry, edit-log row or decision
 * breaks verification from the first entry that covers it.
 */
@Injectable()
export class RunChainService {
  constructor(
    private readonly cycles: CyclesService,
    private readonly ranking: RankingService,
    private readonly inputs: RankingInputs,
    private readonly dataSource: DataSource,
  ) {}

  /** Records the current run (coordinators): one at a time per cycle, linked to the last. */
  async record(user: Principal, cycleId: string): Promise<Omit<RunChainEntry, 'run'>> {
    await this.cycles.coordinated(user, cycleId);
    const data = await this.inputs.load(cycleId);
    let run: RankingRunBody;
    try {
      run = rankingRunBody(cycleId, data.input);
    } catch (error) {
      const issues = (error as { issues?: { path: string; message: string }[] }).issues;
      if (issues) throw new ValidationFailed(issues.map((i) => ({ field: i.path, reason: i.message })));
      throw error;
    }
    return this.dataSource.transaction(async (em) => {
      // serialize recorders of one cycle: the cycle row is the lock
      await em.query(`SELECT id FROM budget_cycle WHERE id = $1 FOR UPDATE`, [cycleId]);
      const [last]: { seq: number; hash: string; ledger: LedgerCheckpoint | null }[] = await em.query(
        `SELECT seq, hash, ledger FROM ranking_run_record WHERE cycle_id = $1 ORDER BY seq DESC LIMIT 1`,
        [cycleId],
      );
      const seq = (last?.seq ?? 0) + 1;
      const previousHash = last?.hash ?? null;
      // the edit log up to a moment ago (never fewer rows than the last checkpoint covered), and every decision
      const settledEdits = await this.editRows(cycleId, em, SEAL_SETTLE_MS);
      const edits = last?.ledger && settledEdits.length < last.ledger.edits.count ? await this.editRows(cycleId, em, 0, last.ledger.edits.count) : settledEdits;
      const ledger = ledgerCheckpoint({ edits, decisions: await this.decisionRows(cycleId, em) }, sha256);
      const hash = sha256(chainDigestInput(previousHash, run, ledger));
      const [row]: { recorded_at: Date }[] = await em.query(
        `INSERT INTO ranking_run_record (cycle_id, seq, previous_hash, hash, run, ledger, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING recorded_at`,
        [cycleId, seq, previousHash, hash, JSON.stringify(run), JSON.stringify(ledger), user.userId],
      );
      return { seq, previousHash, hash, ledger, recordedAt: row.recorded_at.toISOString() };
    });
  }

  /** The whole chain with the rows its newest checkpoint covers, for offline verification (tools/recompute.mjs); readers of the run may read it. */
  async chain(user: Principal, cycleId: string): Promise<RunChain> {
    await this.ranking.run(user, cycleId);
    const rows: { seq: number; previous_hash: string | null; hash: string; run: RankingRunBody; ledger: LedgerCheckpoint | null; recorded_at: Date }[] = await this.dataSource.query(
      `SELECT seq, previous_hash, hash, run, ledger, recorded_at FROM ranking_run_record WHERE cycle_id = $1 ORDER BY seq`,
      [cycleId],
    );
    const entries: RunChainEntry[] = rows.map((r) => ({ seq: r.seq, previousHash: r.previous_hash, hash: r.hash, run: r.run, ...(r.ledger ? { ledger: r.ledger } : {}), recordedAt: r.recorded_at.toISOString() }));
    const newest = rows.reduce<LedgerCheckpoint | null>((found, r) => r.ledger ?? found, null);
    const ledger: LedgerRows = newest
      ? { edits: await this.editRows(cycleId, this.dataSource.manager, 0, newest.edits.count), decisions: (await this.decisionRows(cycleId, this.dataSource.manager)).slice(0, newest.decisions.count) }
      : { edits: [], decisions: [] };
    return { format: RUN_CHAIN_FORMAT, cycleId, entries, head: entries.at(-1)?.hash ?? null, ledger };
  }

  /**
   * The cycle's edit-log rows in ledger order (by id): the first `limit`, or — to seal — every row
   * before the first one younger than `settleMs` (a prefix, so later rows never take an earlier place).
   */
  private async editRows(cycleId: string, em: EntityManager, settleMs: number, limit?: number): Promise<EditLedgerRow[]> {
    const rows: { id: string; doc_id: string; user_id: string | null; department_id: string | null; origin: string; bytes: number; sections: string[]; paths: string[]; at: Date }[] = await em.query(
      `SELECT id, doc_id, user_id, department_id, origin, bytes, sections, paths, at FROM edit_log
        WHERE cycle_id = $1
          AND ($2::float8 = 0 OR id < COALESCE((SELECT min(id) FROM edit_log WHERE cycle_id = $1 AND at >= clock_timestamp() - make_interval(secs => $2::float8 / 1000)), 'Infinity'::float8))
        ORDER BY id LIMIT $3`,
      [cycleId, settleMs, limit ?? null],
    );
    return rows.map((r) => ({ id: Number(r.id), docId: r.doc_id, userId: r.user_id, departmentId: r.department_id, origin: r.origin, bytes: r.bytes, sections: r.sections, paths: r.paths, at: r.at.toISOString() }));
  }

  /** The decisions of the cycle's meetings in ledger order (by time, then id). */
  private async decisionRows(cycleId: string, em: EntityManager): Promise<DecisionLedgerRow[]> {
    const rows: {
      id: string;
      meeting_id: string;
      agenda_item_id: string | null;
      outcome: string;
      override: string | null;
      comment: string;
      joint_package_id: string | null;
      merged_package_ids: string[];
      what_if: unknown;
      proposed_by: string;
      agreeing_department_ids: string[];
      objecting_department_ids: string[];
      supersedes_id: string | null;
      created_at: Date;
    }[] = await em.query(
      `SELECT d.* FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id WHERE m.cycle_id = $1 ORDER BY d.created_at, d.id`,
      [cycleId],
    );
    const decisions = rows.map((r) => ({
      id: r.id,
      meetingId: r.meeting_id,
      agendaItemId: r.agenda_item_id,
      outcome: r.outcome,
      override: r.override,
      comment: r.comment,
      jointPackageId: r.joint_package_id,
      mergedPackageIds: r.merged_package_ids,
      whatIf: r.what_if ?? null,
      proposedBy: r.proposed_by,
      agreeingDepartmentIds: r.agreeing_department_ids,
      objectingDepartmentIds: r.objecting_department_ids,
      supersedesId: r.supersedes_id,
      createdAt: r.created_at.toISOString(),
    }));
    // the order the digests use (times to the millisecond, then id), whatever order PostgreSQL gave
    return ledgerOrder({ edits: [], decisions }).decisions;
  }

  async verify(user: Principal, cycleId: string): Promise<ChainVerdict> {
    const chain = await this.chain(user, cycleId);
    return verifyRunChain(chain.entries, sha256, chain.ledger);
  }
}
