import { Injectable, type OnModuleInit } from '@nestjs/common';
import { applyContent, CollabError, type ContentPatch } from '@zerobase/collab';
import { Forbidden, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { DepartmentsService } from '../departments';
import { PackagesService, type PackageContentWriter, type PackageParts } from '../packages';
import { DocumentRegistry } from './document-registry';
import { DocumentVersions } from './document-versions';
import { PackageProjection } from './package-projection';
import { writeRightsFor } from './write-rights';

/** Applies REST content edits to the package document through the merge path. */
@Injectable()
export class PackageDocumentWriter implements PackageContentWriter, OnModuleInit {
  constructor(
    private readonly packages: PackagesService,
    private readonly registry: DocumentRegistry,
    private readonly projection: PackageProjection,
    private readonly departments: DepartmentsService,
    private readonly versions: DocumentVersions,
  ) {}

  async stageChanged(packageId: string, from: string, to: string): Promise<void> {
    await this.versions.create(null, packageId, `stage gate: ${from} → ${to}`, 'stage-gate');
  }

  async settle(packageId: string): Promise<void> {
    // a document not loaded in this instance has nothing waiting to be projected here
    if (this.registry.isLoaded(packageId)) await this.projection.flush(await this.registry.get(packageId));
  }

  onModuleInit(): void {
    this.packages.useContentWriter(this);
  }

  async apply(user: Principal, parts: PackageParts, patch: ContentPatch): Promise<void> {
    const directory = await this.departments.directory();
    const ownerIds = parts.owners.map((o) => o.departmentId);
    const { rights, departmentId } = writeRightsFor(user, parts.pkg.cycleId, ownerIds, directory, parts.pkg.stage);
    const departmentIds = ownerIds.map((id) => directory.codeOf(id));
    let result;
    try {
      result = await this.registry.change(parts.pkg.id, { userId: user.userId, departmentId, rights, origin: 'rest' }, (doc) => applyContent(doc, { ...patch, departmentIds }));
    } catch (error) {
      if (error instanceof CollabError) throw new ValidationFailed([{ field: 'content', reason: error.message }]);
      throw error;
    }
    if (result.status === 'refused') throw new Forbidden(`The change was refused: ${result.reason}`);
    if (result.status === 'malformed') throw new ValidationFailed([{ field: 'content', reason: result.reason }]);
    await this.projection.flush(await this.registry.get(parts.pkg.id));
  }
}
