import { Injectable } from '@nestjs/common';
import { applyContent, createPackageDoc, projectSnapshot, type PackageSnapshot } from '@zerobase/collab';
import { canEditPackage, stageLockReason } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { Forbidden, NotFound, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { DepartmentsService } from '../departments';
import { accessFacts, PackagesService } from '../packages';
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
  ) {}

  async list(user: Principal, packageId: string): Promise<VersionSummary[]> {
    await this.packages.readableParts(user, packageId);
    const rows: { id: string; name: string; kind: string; created_by: string | null; created_at: Date }[] = await this.dataSource.query(
      `SELECT id, name, kind, created_by, created_at FROM doc_version WHERE doc_id = $1 ORDER BY created_at, id`,
      [packageId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, createdBy: r.created_by, createdAt: r.created_at.toISOString() }));
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

  private async record(user: Principal | null, packageId: string, name: string, kind: string, state: Uint8Array): Promise<VersionSummary> {
    const [row] = await this.dataSource.query(`INSERT INTO doc_version (doc_id, name, kind, state, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`, [
      packageId,
      name,
      kind,
      Buffer.from(state),
      user?.userId ?? null,
    ]);
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
    await this.packages.readableParts(user, packageId);
    const { summary, snapshot } = await this.snapshotOf(packageId, versionId);
    return { ...summary, content: snapshot };
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
    const result = await this.registry.change(packageId, { userId: user.userId, departmentId, rights, origin: 'restore' }, (doc) => applyContent(doc, snapshot));
    if (result.status === 'refused') throw new Forbidden(`The restore was refused: ${result.reason}`);
    if (result.status === 'malformed') throw new ValidationFailed([{ field: 'version', reason: result.reason }]);
    await this.record(null, packageId, `before restoring "${summary.name}"`, 'before-restore', before);
    await this.projection.flush(await this.registry.get(packageId));
    return { restored: summary, status: result.status };
  }
}
