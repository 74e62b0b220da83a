import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { AutoVersions, CollabModule, DocumentIntegrity, DocumentPipeline, PackageProjection, RedisFanout } from '../collab';
import { ConflictDetector, ConflictsModule } from '../conflicts';
import { MeetingsModule, MinutesDocument } from '../meetings';
import { NotificationsModule, NotificationTriggers } from '../notifications';

/**
 * The merge path of every co-edited document, in one place and in order. The core
 * (libs/collab MergeCore) runs: diff → section rights → the authorizers below → inspect →
 * merge → store in PostgreSQL → relay to this instance's clients → the extensions below.
 */
@Injectable()
export class MergePipelineWiring implements OnModuleInit {
  constructor(
    private readonly pipeline: DocumentPipeline,
    private readonly integrity: DocumentIntegrity,
    private readonly fanout: RedisFanout,
    private readonly projection: PackageProjection,
    private readonly conflicts: ConflictDetector,
    private readonly notifications: NotificationTriggers,
    private readonly autoVersions: AutoVersions,
    private readonly minutes: MinutesDocument,
  ) {}

  onModuleInit(): void {
    this.pipeline.use({
      package: {
        authorizers: [
          this.integrity, // stage locks, then field rules, money bounds and document size: refuses the update whole, before the merge
        ],
        extensions: [
          this.fanout, // other instances' clients first: the change is already stored
          this.projection, // the relational rows REST, ranking and metrics read (and the state vector they were computed from)
          this.conflicts, // concurrent overwrites and edit/delete conflicts found by inspect; invariants
          this.notifications, // edits told to the people they concern (batched per author and package)
          this.autoVersions, // a version after each person's editing burst (docs/decisions/history.md)
        ],
      },
      // a meeting's minutes: no package content rules, projection, conflicts or edit notifications
      minutes: {
        authorizers: [
          this.minutes, // closed minutes take no change; liaisons write only while the meeting is open
        ],
        extensions: [
          this.fanout, // other instances' clients
        ],
      },
    });
  }
}

@Module({
  imports: [CollabModule, ConflictsModule, NotificationsModule, MeetingsModule],
  providers: [MergePipelineWiring],
})
export class MergePipelineModule {}
