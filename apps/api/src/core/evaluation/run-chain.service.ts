import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { chainDigestInput, rankingRunBody, RUN_CHAIN_FORMAT, verifyRunChain, type ChainVerdict, type RankingRunBody, type RunChain, type RunChainEntry } from '@zerobase/domain';
import { ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { RankingInputs } from './ranking-inputs';
import { RankingService } from './ranking.service';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Recorded ranking runs of a cycle as a tamper-evident chain: each entry's hash covers the previous
 * entry's hash and the whole run, so rewriting any stored entry breaks verification from there on.
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
      const [last]: { seq: number; hash: string }[] = await em.query(`SELECT seq, hash FROM ranking_run_record WHERE cycle_id = $1 ORDER BY seq DESC LIMIT 1`, [cycleId]);
      const seq = (last?.seq ?? 0) + 1;
      const previousHash = last?.hash ?? null;
      const hash = sha256(chainDigestInput(previousHash, run));
      const [row]: { recorded_at: Date }[] = await em.query(
        `INSERT INTO ranking_run_record (cycle_id, seq, previous_hash, hash, run, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING recorded_at`,
        [cycleId, seq, previousHash, hash, JSON.stringify(run), user.userId],
      );
      return { seq, previousHash, hash, recordedAt: row.recorded_at.toISOString() };
    });
  }

  /** The whole chain, for offline verification (tools/recompute.mjs); readers of the run may read it. */
  async chain(user: Principal, cycleId: string): Promise<RunChain> {
    await this.ranking.run(user, cycleId);
    const rows: { seq: number; previous_hash: string | null; hash: string; run: RankingRunBody; recorded_at: Date }[] = await this.dataSource.query(
      `SELECT seq, previous_hash, hash, run, recorded_at FROM ranking_run_record WHERE cycle_id = $1 ORDER BY seq`,
      [cycleId],
    );
    const entries = rows.map((r) => ({ seq: r.seq, previousHash: r.previous_hash, hash: r.hash, run: r.run, recordedAt: r.recorded_at.toISOString() }));
    return { format: RUN_CHAIN_FORMAT, cycleId, entries, head: entries.at(-1)?.hash ?? null };
  }

  async verify(user: Principal, cycleId: string): Promise<ChainVerdict> {
    const chain = await this.chain(user, cycleId);
    return verifyRunChain(chain.entries, sha256);
  }
}
