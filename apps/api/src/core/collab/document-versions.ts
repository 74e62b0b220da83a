import { Injectable } from '@nestjs/common';
import { applyContent, changedFields, createPackageDoc, projectSnapshot, type PackageSnapshot } from '@zerobase/collab';
import { canEditPackage, seesStaffNames, stageLockReason, staffRefFor, type VersionEditorView, type VersionKind, type VersionSummaryView } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { Forbidden, NotFound, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { DepartmentsService } from '../departments';
import { accessFacts, PackagesService } from '../packages';
import { DocStore, docLockKey } from './doc-store';
import { DocumentRegistry } from './document-registry';
import { PackageProjection } from './package-projection';
import { writeRightsFor } from './write-rights';

export interface VersionSummary {
  id: string;
  name: string;
  kind: string;
  createdBy: string | null;
  createdAt: string;
}

/** the edits an automatic version holds: a person's, in the live editor or over REST */
export const HUMAN_EDIT_ORIGINS = ['client', 'rest'] as const;

/** What `takeAuto` did: recorded a version, found nothing new, or asks to be called again later. */
export type AutoVersionOutcome = { status: 'recorded'; id: string } | { status: 'nothing-new' } | { status: 'later'; inMs: number };

export interface VersionHistoryRow {
  id: string;
  name: string;
  kind: VersionKind;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  paths: string[];
  editors: { user_id: string; display_name: string | null; department_id: string | null }[] | null;
}

/**
 * Every stored version of a document, oldest first, each with the edit log's paths and editors
 * between the version before it and this one (any kind of document: packages, meeting minutes).
 */
export async function versionHistory(db: Pick<DataSource, 'query'>, docId: string): Promise<VersionHistoryRow[]> {
  return db.query(
    `WITH v AS (
       SELECT id, name, kind, created_by, created_at, lag(created_at) OVER (ORDER BY created_at, id) AS prev
         FROM doc_version WHERE doc_id = $1
     ), span AS (
       SELECT v.id, e.user_id, e.department_id, e.paths
         FROM v JOIN edit_log e ON e.doc_id = $1 AND e.at <= v.created_at AND (v.prev IS NULL OR e.at > v.prev) AND e.origin <> 'migration'
     )
     SELECT v.id, v.name, v.kind, v.created_by, cu.display_name AS created_by_name, v.created_at,
            COALESCE((SELECT array_agg(DISTINCT p) FROM span s, unnest(s.paths) p WHERE s.id = v.id), '{}') AS paths,
            (SELECT json_agg(x) FROM (SELECT DISTINCT s.user_id, u.display_name, s.department_id FROM span s LEFT JOIN app_user u ON u.id = s.user_id
                                      WHERE s.id = v.id AND s.user_id IS NOT NULL) x) AS editors
       FROM v LEFT JOIN app_user cu ON cu.id = v.created_by
      ORDER BY v.created_at, v.id`,
    [docId],
  );
}

/**
 * Whether the document was edited after its newest version and before `before` (a state worth
 * keeping as "before restoring" when a restore replaces it).
 */
export async function editedSinceLastVersion(db: Pick<DataSource, 'query'>, docId: string, before: Date): Promise<boolean> {
  const [{ unsaved }]: { unsaved: boolean }[] = await db.query(
    `SELECT EXISTS (SELECT 1 FROM edit_log WHERE doc_id = $1 AND origin <> 'migration' AND at > COALESCE((SELECT max(created_at) FROM doc_version WHERE doc_id = $1), '-infinity') AND at < $2) AS unsaved`,
    [docId, before],
  );
  return unsaved;
}

/**
 * Named versions of a package document: the full state at a stage gate or on demand. Restoring
 * one is a new change that makes the content equal to it; the history is never rewritten.
 */
@Injectable()
export class DocumentVersions {
  constructor(
    private readonly registry: DocumentRegistry,
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly projection: PackageProjection,
    private readonly dataSource: DataSource,
    private readonly store: DocStore,
  ) {}

  /**
   * Oldest first. Each version names the people who edited and the fields they changed between
   * the version before it and this one (from the edit log's paths).
   */
  async list(user: Principal, packageId: string): Promise<VersionSummaryView[]> {
    const parts = await this.packages.readableParts(user, packageId);
    const names = seesStaffNames(user.memberships, parts.pkg.cycleId);
    const directory = await this.departments.directory();
    const rows = await versionHistory(this.dataSource, packageId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      createdBy: names ? r.created_by : null,
      createdByName: names ? r.created_by_name : null,
      createdAt: r.created_at.toISOString(),
      editors: editorsFor(
        (r.editors ?? []).map((e) => ({ userId: e.user_id, userName: e.display_name, department: e.department_id ? directory.codeOf(e.department_id) : null })),
        names,
      ),
      fields: changedFields(r.paths),
    }));
  }

  /**
   * An automatic version after a person's editing burst: taken when that person made no edit to
   * the package for `quietMs` and no version holds their last edit yet, at most one per person
   * within `minIntervalMs`. Decided in PostgreSQL under a lock, so several instances take it once.
   */
  async takeAuto(packageId: string, userId: string, quietMs: number, minIntervalMs: number): Promise<AutoVersionOutcome> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1, $2)', [727_300, docLockKey(packageId)]);
      const [facts]: { last_edit: Date | null; last_version: Date | null; last_auto: Date | null; now: Date }[] = await em.query(
        `SELECT (SELECT max(at) FROM edit_log WHERE doc_id = $1 AND user_id = $2 AND origin = ANY($3)) AS last_edit,
                (SELECT max(created_at) FROM doc_version WHERE doc_id = $1) AS last_version,
                (SELECT max(created_at) FROM doc_version WHERE doc_id = $1 AND created_by = $2 AND kind = 'auto') AS last_auto,
                clock_timestamp() AS now`,
        [packageId, userId, HUMAN_EDIT_ORIGINS],
      );
      const { last_edit: lastEdit, last_version: lastVersion, last_auto: lastAuto, now } = facts;
      if (!lastEdit || (lastVersion && lastVersion >= lastEdit)) return { status: 'nothing-new' };
      const quietLeft = lastEdit.getTime() + quietMs - now.getTime();
      if (quietLeft > 0) return { status: 'later', inMs: quietLeft };
      const intervalLeft = lastAuto ? lastAuto.getTime() + minIntervalMs - now.getTime() : 0;
      if (intervalLeft > 0) return { status: 'later', inMs: intervalLeft };
      const stored = await this.store.load(packageId);
      const parts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)];
      const state = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
      const [row] = await em.query(`INSERT INTO doc_version (doc_id, name, kind, state, created_by) VALUES ($1, 'auto', 'auto', $2, $3) RETURNING id`, [
        packageId,
        Buffer.from(state),
        userId,
      ]);
      return { status: 'recorded', id: row.id };
    });
  }

  /** Records the committed state of the document under a name. */
  async create(user: Principal | null, packageId: string, name: string, kind: 'manual' | 'stage-gate' | 'before-restore'): Promise<VersionSummary> {
    if (user) {
      const parts = await this.packages.readableParts(user, packageId);
      if (!canEditPackage(user.memberships, accessFacts(parts))) throw new Forbidden('Only editors of this package record versions');
    }
    const live = await this.registry.get(packageId);
    await live.flushed();
    return this.record(user, packageId, name, kind, Y.encodeStateAsUpdate(live.doc));
  }

  private async record(user: Principal | null, packageId: string, name: string, kind: string, state: Uint8Array, at?: Date): Promise<VersionSummary> {
    const [row] = await this.dataSource.query(
      `INSERT INTO doc_version (doc_id, name, kind, state, created_by, created_at) VALUES ($1, $2, $3, $4, $5, COALESCE($6, now())) RETURNING id, created_at`,
      [packageId, name, kind, Buffer.from(state), user?.userId ?? null, at ?? null],
    );
    return { id: row.id, name, kind, createdBy: user?.userId ?? null, createdAt: row.created_at.toISOString() };
  }

  private async snapshotOf(packageId: string, versionId: string): Promise<{ summary: VersionSummary; snapshot: PackageSnapshot }> {
    const [row] = await this.dataSource.query(`SELECT id, name, kind, state, created_by, created_at FROM doc_version WHERE id = $1 AND doc_id = $2`, [versionId, packageId]);
    if (!row) throw new NotFound('version', versionId);
    const doc = createPackageDoc();
    Y.applyUpdate(doc, new Uint8Array(row.state));
    const snapshot = projectSnapshot(doc);
    doc.destroy();
    return { summary: { id: row.id, name: row.name, kind: row.kind, createdBy: row.created_by, createdAt: row.created_at.toISOString() }, snapshot };
  }

  async read(user: Principal, packageId: string, versionId: string) {
    const parts = await this.packages.readableParts(user, packageId);
    const { summary, snapshot } = await this.snapshotOf(packageId, versionId);
    return { ...summary, createdBy: seesStaffNames(user.memberships, parts.pkg.cycleId) ? summary.createdBy : null, content: snapshot };
  }

  async restore(user: Principal, packageId: string, versionId: string) {
    const parts = await this.packages.readableParts(user, packageId);
    if (!canEditPackage(user.memberships, accessFacts(parts))) throw new Forbidden('You may not change this package');
    const locked = stageLockReason(user.memberships, parts.pkg.cycleId, parts.pkg.stage);
    if (locked) throw new Forbidden(`You may not restore a version: ${locked}`);
    const { summary, snapshot } = await this.snapshotOf(packageId, versionId);
    const directory = await this.departments.directory();
    const { rights, departmentId } = writeRightsFor(user, parts.pkg.cycleId, parts.owners.map((o) => o.departmentId), directory, parts.pkg.stage);
    // the state before, recorded only once the restore is accepted: a refused restore leaves no trace
    const live = await this.registry.get(packageId);
    await live.flushed();
    const before = Y.encodeStateAsUpdate(live.doc);
    // dated before the restore's own edit-log row, so that the history puts the restore after it
    const [{ at: beforeAt }]: { at: Date }[] = await this.dataSource.query('SELECT clock_timestamp() AS at');
    const result = await this.registry.change(packageId, { userId: user.userId, departmentId, rights, origin: 'restore' }, (doc) => applyContent(doc, snapshot));
    if (result.status === 'refused') throw new Forbidden(`The restore was refused: ${result.reason}`);
    if (result.status === 'malformed') throw new ValidationFailed([{ field: 'version', reason: result.reason }]);
    // only when edits came after the newest version: otherwise that version already holds this state
    if (await editedSinceLastVersion(this.dataSource, packageId, beforeAt)) await this.record(null, packageId, `before restoring "${summary.name}"`, 'before-restore', before, beforeAt);
    // the restore is itself a version: the state it made, by the person who restored
    const after = await this.registry.get(packageId);
    await after.flushed();
    const version = await this.record(user, packageId, `restored "${summary.name}"`, 'restore', Y.encodeStateAsUpdate(after.doc));
    await this.projection.flush(after);
    return { restored: summary, version, status: result.status };
  }
}

/**
 * A version's editors as the reader sees them: people, or for those who do not see staff names
 * (libs/domain seesStaffNames) their departments once each, so not even the number of people shows.
 */
function editorsFor(editors: VersionEditorView[], seesNames: boolean): VersionEditorView[] {
  if (seesNames) return editors;
  const seen = new Set<string | null>();
  return editors.filter((e) => !seen.has(e.department) && seen.add(e.department)).map((e) => staffRefFor(e, false));
}
