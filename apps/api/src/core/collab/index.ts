import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages';
import { CollabController } from './collab.controller';
import { CollabGateway } from './collab.gateway';
import { DocStore } from './doc-store';
import { DocumentPipeline } from './document-pipeline';
import { DocumentRegistry } from './document-registry';
import { DocumentVersions } from './document-versions';
import { PackageDocumentWriter } from './package-document-writer';
import { PackageProjection } from './package-projection';
import { RedisFanout } from './redis-fanout';
import { SnapshotEncoder } from './snapshot-encoder';

@Module({
  imports: [PackagesModule],
  controllers: [CollabController],
  providers: [SnapshotEncoder, DocStore, DocumentPipeline, DocumentRegistry, PackageProjection, CollabGateway, PackageDocumentWriter, DocumentVersions, RedisFanout],
  exports: [DocumentRegistry, DocumentPipeline, PackageProjection, DocStore, DocumentVersions, RedisFanout],
})
export class CollabModule {}

export { DocumentRegistry } from './document-registry';
export { DocumentPipeline, type CommittedPayload, type DocumentExtension, type InspectPayload, type PipelineSteps } from './document-pipeline';
export { RedisFanout } from './redis-fanout';
export { PackageProjection } from './package-projection';
export { DocumentVersions } from './document-versions';
export type { ChangeAuthor } from './collab-peer';
export { READ_ONLY, WRITE_ALL } from './collab-peer';
export { writeRightsFor } from './write-rights';
