import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { mergeCompeting } from './conflict-records';
import { INVARIANT_KINDS, type ConflictDraft, type ConflictKind, type ConflictRow, type ConflictStatus, type Resolution } from './conflict-types';

/** A draft whose departments are resolved to ids. */
export interface StoredDraft extends ConflictDraft {
  departmentIds: string[];
}

export interface Changes {
  created: ConflictRow[];
  updated: ConflictRow[];
  resolved: ConflictRow[];
}

export interface ListFilter {
  packageId?: string;
  cycleId?: string;
  status: ConflictStatus | 'all';
  kind?: ConflictKind;
}

const LOCK_NAMESPACE = 727_300;

function lockKey(packageId: string): number {
  return Number.parseInt(packageId.replace(/-/g, '').slice(0, 8), 16) | 0;
}

interface RawRow {
  id: string;
  cycle_id: string;
  package_id: string;
  package_code: string;
  kind: ConflictKind;
  key: string;
  path: string;
  competing: ConflictRow['competing'];
  details: Record<string, unknown>;
  department_ids: string[];
  status: ConflictStatus;
  resolution: Resolution | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

/** TypeORM answers an UPDATE … RETURNING with [rows, count], a SELECT or INSERT with the rows. */
function returned<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

const SELECT = `SELECT c.*, p.code AS package_code FROM conflict c JOIN decision_package p ON p.id = c.package_id`;

function toRow(raw: RawRow): ConflictRow {
  return {
    id: raw.id,
    cycleId: raw.cycle_id,
    packageId: raw.package_id,
    packageCode: raw.package_code,
    kind: raw.kind,
    key: raw.key,
    path: raw.path,
    competing: raw.competing,
    details: raw.details,
    departmentIds: raw.department_ids,
    status: raw.status,
    resolution: raw.resolution,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    resolvedAt: raw.resolved_at,
  };
}

function mergeDetails(kind: ConflictKind, existing: Record<string, unknown>, added: Record<string, unknown>): Record<string, unknown> {
  if (kind !== 'editDelete') return { ...existing, ...added };
  const fields = { ...((existing['incomingFields'] as object | undefined) ?? {}), ...((added['incomingFields'] as object | undefined) ?? {}) };
  return { ...existing, incomingFields: fields, edits: Number(existing['edits'] ?? 0) + Number(added['edits'] ?? 0) };
}

/** Conflict records in PostgreSQL; writes for one package are serialized by an advisory lock. */
@Injectable()
export class ConflictStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<ConflictRow | null> {
    const [raw] = await em.query(`${SELECT} WHERE c.id = $1`, [id]);
    return raw ? toRow(raw) : null;
  }

  /** The record, locked until the transaction ends. */
  async lock(em: EntityManager, id: string): Promise<ConflictRow | null> {
    await em.query(`SELECT 1 FROM conflict WHERE id = $1 FOR UPDATE`, [id]);
    return this.get(id, em);
  }

  async list(filter: ListFilter): Promise<ConflictRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.packageId) add('c.package_id = ?', filter.packageId);
    if (filter.cycleId) add('c.cycle_id = ?', filter.cycleId);
    if (filter.status !== 'all') add('c.status = ?', filter.status);
    if (filter.kind) add('c.kind = ?', filter.kind);
    const rows: RawRow[] = await this.dataSource.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.created_at DESC, c.id LIMIT 1000`, params);
    return rows.map(toRow);
  }

  /** Packages of a cycle with open records of these kinds. */
  async packagesWithOpen(cycleId: string, kinds: readonly ConflictKind[]): Promise<string[]> {
    const rows: { package_id: string }[] = await this.dataSource.query(`SELECT DISTINCT package_id FROM conflict WHERE cycle_id = $1 AND status = 'open' AND kind = ANY($2::text[])`, [cycleId, kinds]);
    return rows.map((r) => r.package_id);
  }

  private async inPackageLock<T>(packageId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, lockKey(packageId)]);
      return work(em);
    });
  }

  private async byIds(em: EntityManager, ids: string[]): Promise<ConflictRow[]> {
    if (ids.length === 0) return [];
    const rows: RawRow[] = await em.query(`${SELECT} WHERE c.id = ANY($1::uuid[]) ORDER BY c.created_at, c.id`, [ids]);
    return rows.map(toRow);
  }

  /** An edit conflict: a new open record, or merged into the open record of the same key. */
  async upsertEdit(cycleId: string, packageId: string, draft: StoredDraft): Promise<{ type: 'created' | 'updated'; row: ConflictRow }> {
    return this.inPackageLock(packageId, async (em) => {
      const [open]: RawRow[] = await em.query(`SELECT * FROM conflict WHERE package_id = $1 AND key = $2 AND status = 'open'`, [packageId, draft.key]);
      if (open) {
        const departmentIds = [...new Set([...open.department_ids, ...draft.departmentIds])];
        await em.query(`UPDATE conflict SET competing = $2::jsonb, details = $3::jsonb, department_ids = $4::uuid[], updated_at = now() WHERE id = $1`, [
          open.id,
          JSON.stringify(mergeCompeting(open.competing, draft.competing)),
          JSON.stringify(mergeDetails(draft.kind, open.details, draft.details)),
          departmentIds,
        ]);
        return { type: 'updated' as const, row: (await this.byIds(em, [open.id]))[0]! };
      }
      const [{ id }] = returned<{ id: string }>(
        await em.query(
        `INSERT INTO conflict (cycle_id, package_id, kind, key, path, competing, details, department_ids) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::uuid[]) RETURNING id`,
          [cycleId, packageId, draft.kind, draft.key, draft.path, JSON.stringify(draft.competing), JSON.stringify(draft.details), draft.departmentIds],
        ),
      );
      return { type: 'created' as const, row: (await this.byIds(em, [id]))[0]! };
    });
  }

  /**
   * Makes the package's open invariant records match `drafts` (the invariants broken now): new
   * keys are inserted, changed figures updated, keys no longer broken resolved as 'cleared'. A
   * dismissed invariant stays quiet until it has held again once.
   */
  async reconcileInvariants(cycleId: string, packageId: string, drafts: StoredDraft[]): Promise<Changes> {
    return this.inPackageLock(packageId, async (em) => {
      const keys = drafts.map((d) => d.key);
      const cleared = returned<{ id: string }>(
        await em.query(
        `UPDATE conflict SET status = 'resolved', resolved_at = now(), updated_at = now(), resolution = jsonb_build_object('action', 'cleared', 'by', null, 'at', now(), 'comment', 'the invariant holds again')
          WHERE package_id = $1 AND status = 'open' AND kind = ANY($2::text[]) AND NOT (key = ANY($3::text[])) RETURNING id`,
          [packageId, INVARIANT_KINDS, keys],
        ),
      );
      await em.query(
        `UPDATE conflict SET details = details || '{"rearmed": true}'::jsonb
          WHERE package_id = $1 AND status = 'dismissed' AND kind = ANY($2::text[]) AND NOT (key = ANY($3::text[])) AND NOT coalesce((details->>'rearmed')::boolean, false)`,
        [packageId, INVARIANT_KINDS, keys],
      );
      const created: string[] = [];
      const updated: string[] = [];
      for (const draft of drafts) {
        const [quiet] = await em.query(`SELECT 1 FROM conflict WHERE package_id = $1 AND key = $2 AND status = 'dismissed' AND NOT coalesce((details->>'rearmed')::boolean, false) LIMIT 1`, [
          packageId,
          draft.key,
        ]);
        if (quiet) continue;
        const rows = returned<{ id: string; inserted: boolean }>(
          await em.query(
          `INSERT INTO conflict (cycle_id, package_id, kind, key, path, competing, details, department_ids) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::uuid[])
           ON CONFLICT (package_id, key) WHERE status = 'open'
           DO UPDATE SET competing = EXCLUDED.competing, details = EXCLUDED.details, department_ids = EXCLUDED.department_ids, path = EXCLUDED.path, updated_at = now()
             WHERE conflict.details IS DISTINCT FROM EXCLUDED.details OR conflict.department_ids IS DISTINCT FROM EXCLUDED.department_ids
           RETURNING id, (xmax = 0) AS inserted`,
            [cycleId, packageId, draft.kind, draft.key, draft.path, JSON.stringify(draft.competing), JSON.stringify(draft.details), draft.departmentIds],
          ),
        );
        for (const row of rows) (row.inserted ? created : updated).push(row.id);
      }
      const [c, u, r] = await Promise.all([this.byIds(em, created), this.byIds(em, updated), this.byIds(em, cleared.map((x) => x.id))]);
      return { created: c, updated: u, resolved: r };
    });
  }

  /** An envelope holds again: its open records on the cycle's other packages are cleared too. */
  async clearElsewhere(cycleId: string, exceptPackageId: string, key: string): Promise<ConflictRow[]> {
    const rows = returned<{ id: string }>(
      await this.dataSource.query(
      `UPDATE conflict SET status = 'resolved', resolved_at = now(), updated_at = now(), resolution = jsonb_build_object('action', 'cleared', 'by', null, 'at', now(), 'comment', 'the invariant holds again')
        WHERE cycle_id = $1 AND package_id <> $2 AND key = $3 AND status = 'open' RETURNING id`,
        [cycleId, exceptPackageId, key],
      ),
    );
    return this.byIds(this.dataSource.manager, rows.map((r) => r.id));
  }

  async settle(em: EntityManager, id: string, status: 'resolved' | 'dismissed', resolution: Resolution): Promise<ConflictRow> {
    await em.query(`UPDATE conflict SET status = $2, resolution = $3::jsonb, resolved_at = now(), updated_at = now() WHERE id = $1`, [id, status, JSON.stringify(resolution)]);
    return (await this.byIds(em, [id]))[0]!;
  }
}
