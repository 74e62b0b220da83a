import { GroupCommit } from '../../base/concurrency';

/** Who made an accepted change, for the edit log. */
export interface EditRecord {
  cycleId: string | null;
  userId: string | null;
  departmentId: string | null;
  origin: string;
  sections: string[];
  /** what the change touched, e.g. `shared.title`, `dept:power/costLines/<id>.unitCostFen` */
  paths?: string[];
}

export interface LoggedUpdate {
  docId: string;
  update: Uint8Array;
  edit: EditRecord;
}

/** What the log needs of a PostgreSQL pool (node-postgres's `Pool`; TypeORM's `driver.master`). */
export interface QueryPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<unknown>;
}

/**
 * One statement for a whole batch: the `doc_update` rows and their `edit_log` rows, from arrays.
 * A single statement is atomic on its own (both tables or neither), so no BEGIN/COMMIT: one
 * round trip to PostgreSQL per batch, with the commit (and its WAL flush) at its end.
 */
export const APPEND_UPDATES_SQL = `WITH stored AS (
  INSERT INTO doc_update (doc_id, update) SELECT * FROM unnest($1::uuid[], $2::bytea[])
)
INSERT INTO edit_log (doc_id, cycle_id, user_id, department_id, origin, bytes, sections, paths)
SELECT d, c, u, dep, o, b, string_to_array(s, ','), string_to_array(p, E'\\n')
  FROM unnest($1::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::text[], $9::text[]) AS t(d, c, u, dep, o, b, s, p)`;

/** prepared once per connection by node-postgres, then bound and executed */
const STATEMENT = 'zerobase_append_updates';

/** The query that stores one batch (`APPEND_UPDATES_SQL` with its arrays). */
export function appendUpdatesQuery(batch: readonly LoggedUpdate[]): { name: string; text: string; values: unknown[] } {
  const n = batch.length;
  const docIds = new Array<string>(n);
  const updates = new Array<Buffer>(n);
  const cycleIds = new Array<string | null>(n);
  const userIds = new Array<string | null>(n);
  const departmentIds = new Array<string | null>(n);
  const origins = new Array<string>(n);
  const bytes = new Array<number>(n);
  const sections = new Array<string>(n);
  const paths = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const { docId, update, edit } = batch[i] as LoggedUpdate;
    docIds[i] = docId;
    updates[i] = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
    cycleIds[i] = edit.cycleId;
    userIds[i] = edit.userId;
    departmentIds[i] = edit.departmentId;
    origins[i] = edit.origin;
    bytes[i] = update.byteLength;
    sections[i] = edit.sections.join(',');
    paths[i] = (edit.paths ?? []).join('\n');
  }
  return { name: STATEMENT, text: APPEND_UPDATES_SQL, values: [docIds, updates, cycleIds, userIds, departmentIds, origins, bytes, sections, paths] };
}

/**
 * The durable log of accepted document changes: group-committed (while one batch is being
 * written, the next one gathers), each batch one statement on the pool. A failed batch rejects
 * every submitter in it and stores nothing of it.
 */
export class UpdateLog {
  private readonly commits: GroupCommit<LoggedUpdate>;

  constructor(pool: () => QueryPool) {
    this.commits = new GroupCommit<LoggedUpdate>(async (batch) => {
      await pool().query(appendUpdatesQuery(batch));
    });
  }

  /** Resolves once the update and its edit-log row are committed. */
  append(entry: LoggedUpdate): Promise<void> {
    return this.commits.submit(entry);
  }

  /** how many batches were written */
  get batches(): number {
    return this.commits.flushes;
  }

  /** Resolves once everything appended so far is committed (or failed). */
  idle(): Promise<void> {
    return this.commits.idle();
  }
}
