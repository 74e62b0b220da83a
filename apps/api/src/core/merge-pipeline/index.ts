import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { CollabModule, DocumentPipeline, PackageProjection, RedisFanout } from '../collab';
import { ConflictDetector, ConflictsModule } from '../conflicts';

/**
 * The merge path of every co-edited document, in one place and in order. The core
 * (libs/collab MergeCore) runs: diff → section rights → the authorizers below → inspect →
 * merge → store in PostgreSQL → relay to this instance's clients → the extensions below.
 */
@Injectable()
export class MergePipelineWiring implements OnModuleInit {
  constructor(
    private readonly pipeline: DocumentPipeline,
    private readonly fanout: RedisFanout,
    private readonly projection: PackageProjection,
    private readonly conflicts: ConflictDetector,
  ) {}

  onModuleInit(): void {
    this.pipeline.use({
      authorizers: [],
      extensions: [
        this.fanout, // other instances' clients first: the change is already stored
        this.projection, // the relational rows REST, ranking and metrics read
        this.conflicts, // concurrent overwrites and edit/delete conflicts found by inspect; invariants
      ],
    });
  }
}

@Module({
  imports: [CollabModule, ConflictsModule],
  providers: [MergePipelineWiring],
})
export class MergePipelineModule {}
