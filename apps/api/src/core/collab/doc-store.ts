import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { SnapshotEncoder } from './snapshot-encoder';
import { UpdateLog, type EditRecord, type LoggedUpdate, type QueryPool } from './update-log';

export type { EditRecord, LoggedUpdate } from './update-log';

export interface StoredState {
  snapshot: Uint8Array | null;
  /** how many logged updates the snapshot holds */
  compactedUpdates: number;
  updates: { seq: string; update: Uint8Array }[];
}

/** Lock keys for pg advisory locks on one document (conversion, compaction). */
export function docLockKey(docId: string): number {
  return Number.parseInt(docId.replace(/-/g, '').slice(0, 8), 16) | 0;
}

/**
 * PostgreSQL persistence of Yjs documents: an append-only update log written with group
 * commit, compacted into snapshots in the background, and named versions.
 */
@Injectable()
export class DocStore {
  private readonly logger = new Logger('doc-store');
  /** the accepted changes, one statement per group-committed batch on the driver's pool (no ORM work per query) */
  private readonly log = new UpdateLog(() => (this.dataSource.driver as PostgresDriver).master as QueryPool);

  constructor(
    private readonly dataSource: DataSource,
    private readonly encoder: SnapshotEncoder,
  ) {}

  /** Resolves once the update and its edit-log row are committed. */
  append(entry: LoggedUpdate): Promise<void> {
    return this.log.append(entry);
  }

  /** Snapshot and log tail, read in one repeatable-read transaction so a compaction cannot fall between. */
  async load(docId: string): Promise<StoredState> {
    return this.dataSource.transaction('REPEATABLE READ', async (em) => {
      const [snapshot] = await em.query(`SELECT state, compacted_updates FROM doc_snapshot WHERE doc_id = $1`, [docId]);
      const updates: { seq: string; update: Buffer }[] = await em.query(`SELECT seq, update FROM doc_update WHERE doc_id = $1 ORDER BY seq`, [docId]);
      return {
        snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
        compactedUpdates: snapshot ? Number(snapshot.compacted_updates) : 0,
        updates: updates.map((u) => ({ seq: u.seq, update: new Uint8Array(u.update) })),
      };
    });
  }

  /**
   * Writes a document's first state once: under a lock, and only if nothing is stored yet.
   * Returns false when another instance converted it first (the caller reloads).
   */
  async storeInitial(docId: string, state: Uint8Array, edit: EditRecord): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, $2)', [727_100, docLockKey(docId)]);
      const [{ n }] = await em.query(
        `SELECT (SELECT count(*) FROM doc_update WHERE doc_id = $1) + (SELECT count(*) FROM doc_snapshot WHERE doc_id = $1) AS n`,
        [docId],
      );
      if (Number(n) > 0) return false;
      await em.query(`INSERT INTO doc_update (doc_id, update) VALUES ($1, $2)`, [docId, Buffer.from(state)]);
      await em.query(`INSERT INTO edit_log (doc_id, cycle_id, user_id, department_id, origin, bytes, sections) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        docId,
        edit.cycleId,
        edit.userId,
        edit.departmentId,
        edit.origin,
        state.byteLength,
        edit.sections,
      ]);
      return true;
    });
  }

  /**
   * Folds the snapshot and the logged updates read in this transaction into a new snapshot and
   * deletes exactly those updates: rows appended meanwhile keep their place in the log.
   * Skips when another instance is compacting the same document.
   */
  async compact(docId: string): Promise<{ compacted: number } | null> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', [727_200, docLockKey(docId)]);
      if (!locked) return null;
      const [snapshot] = await em.query(`SELECT state FROM doc_snapshot WHERE doc_id = $1 FOR UPDATE`, [docId]);
      const rows: { seq: string; update: Buffer }[] = await em.query(`SELECT seq, update FROM doc_update WHERE doc_id = $1 ORDER BY seq`, [docId]);
      if (rows.length === 0) return { compacted: 0 };
      const parts = [...(snapshot ? [snapshot.state as Buffer] : []), ...rows.map((r) => r.update)].map((b) => new Uint8Array(b));
      const state = await this.encoder.fold(parts);
      await em.query(
        `INSERT INTO doc_snapshot (doc_id, state, compacted_updates, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (doc_id) DO UPDATE SET state = EXCLUDED.state, compacted_updates = doc_snapshot.compacted_updates + EXCLUDED.compacted_updates, updated_at = now()`,
        [docId, Buffer.from(state), rows.length],
      );
      await em.query(`DELETE FROM doc_update WHERE doc_id = $1 AND seq = ANY($2::bigint[])`, [docId, rows.map((r) => r.seq)]);
      this.logger.debug(`compacted ${rows.length} updates of ${docId}`);
      return { compacted: rows.length };
    });
  }

  async idle(): Promise<void> {
    await this.log.idle();
  }
}
