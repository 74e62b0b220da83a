import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages';
import { CollabGateway } from './collab.gateway';
import { DocStore } from './doc-store';
import { DocumentPipeline } from './document-pipeline';
import { DocumentRegistry } from './document-registry';
import { PackageProjection } from './package-projection';

@Module({
  imports: [PackagesModule],
  providers: [DocStore, DocumentPipeline, DocumentRegistry, PackageProjection, CollabGateway],
  exports: [DocumentRegistry, DocumentPipeline, PackageProjection, DocStore],
})
export class CollabModule {}

export { DocumentRegistry } from './document-registry';
export { DocumentPipeline, type DocumentExtension } from './document-pipeline';
export { PackageProjection } from './package-projection';
export type { ChangeAuthor } from './collab-peer';
export { READ_ONLY, WRITE_ALL } from './collab-peer';
export { writeRightsFor } from './write-rights';
