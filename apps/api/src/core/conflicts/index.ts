import { Module } from '@nestjs/common';
import { CollabModule } from '../collab';
import { PackagesModule } from '../packages';
import { ConflictDetector } from './conflict-detector';
import { ConflictStore } from './conflict-store';
import { ConflictNotifier } from './conflict-views';
import { ConflictsController } from './conflicts.controller';
import { ConflictsService } from './conflicts.service';
import { InvariantInputsReader } from './invariant-inputs';

/**
 * Semantic conflicts between departments: detected in the merge path and after each projection,
 * stored as records, pushed over Socket.IO, resolved through the document, and checked at the
 * review gate.
 */
@Module({
  imports: [PackagesModule, CollabModule],
  controllers: [ConflictsController],
  providers: [ConflictStore, InvariantInputsReader, ConflictNotifier, ConflictDetector, ConflictsService],
  exports: [ConflictsService, ConflictDetector],
})
export class ConflictsModule {}

export { ConflictsService } from './conflicts.service';
export { ConflictDetector } from './conflict-detector';
export type { ConflictEvent, ConflictKind, ConflictStatus, ConflictView, ResolutionAction } from './conflict-types';
export { ACTIONS_BY_KIND, CONFLICT_KINDS, RESOLUTION_ACTIONS } from './conflict-types';
