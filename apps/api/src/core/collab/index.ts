import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages';
import { AutoVersions } from './auto-versions';
import { CollabAccess } from './collab-access';
import { CollabController } from './collab.controller';
import { CollabGateway } from './collab.gateway';
import { DocStore } from './doc-store';
import { DocumentIntegrity } from './document-integrity';
import { DocumentKinds } from './document-kinds';
import { DocumentPipeline } from './document-pipeline';
import { DocumentRegistry } from './document-registry';
import { DocumentVersions } from './document-versions';
import { EditLog } from './edit-log';
import { PackageDocumentWriter } from './package-document-writer';
import { PackageProjection } from './package-projection';
import { PresenceGuard } from './presence-guard';
import { ProjectionRecovery } from './projection-recovery';
import { RedisFanout } from './redis-fanout';
import { SnapshotEncoder } from './snapshot-encoder';

@Module({
  imports: [PackagesModule],
  controllers: [CollabController],
  providers: [
    SnapshotEncoder,
    DocStore,
    DocumentPipeline,
    DocumentIntegrity,
    DocumentRegistry,
    DocumentKinds,
    PackageProjection,
    CollabGateway,
    PackageDocumentWriter,
    DocumentVersions,
    RedisFanout,
    CollabAccess,
    PresenceGuard,
    ProjectionRecovery,
    EditLog,
    AutoVersions,
  ],
  exports: [DocumentRegistry, DocumentKinds, DocumentPipeline, DocumentIntegrity, PackageProjection, DocStore, DocumentVersions, RedisFanout, AutoVersions],
})
export class CollabModule {}

export { DocumentRegistry } from './document-registry';
export { DocumentKinds, minutesDocumentName, parseDocumentName, type DocumentAccess, type DocumentKindHandler } from './document-kinds';
export type { LiveDocument } from './live-document';
export { DocumentPipeline, type CommittedPayload, type DocumentAuthorizer, type DocumentExtension, type InspectPayload, type PipelineByKind, type PipelineSteps } from './document-pipeline';
export { RedisFanout } from './redis-fanout';
export { DocumentIntegrity } from './document-integrity';
export { PackageProjection } from './package-projection';
export { DocumentVersions, editedSinceLastVersion, versionHistory } from './document-versions';
export { AutoVersions } from './auto-versions';
export type { ChangeAuthor } from './collab-peer';
export { READ_ONLY, WRITE_ALL } from './collab-peer';
export { writeRightsFor } from './write-rights';
