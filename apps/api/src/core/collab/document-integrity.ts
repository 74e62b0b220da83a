import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ContentGuard, type DecodedUpdate, type Refusal } from '@zerobase/collab';
import { isLockedForLiaisons, STAGE_EDIT_RULES, type PackageStage } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { CycleEvents } from '../../base/events/cycle-events';
import type { DocumentAuthorizer, InspectPayload } from './document-pipeline';

/** How long a package's stage is trusted before it is read again (other instances move packages too). */
const STAGE_TTL_MS = 1_000;

/**
 * The content rules of the merge path, for every channel that writes a document (collab
 * clients, REST edits, restores, resolutions): the stage locks of libs/domain's
 * STAGE_EDIT_RULES, then the field and size rules of libs/collab's ContentGuard. A
 * broken rule refuses the update whole, with the reason, before anything is merged or stored.
 * An authorizer of the one ordered merge pipeline (core/merge-pipeline).
 */
@Injectable()
export class DocumentIntegrity implements DocumentAuthorizer, OnModuleInit {
  readonly name = 'integrity';
  private readonly stages = new Map<string, { stage: PackageStage; readAt: number }>();
  /** packages whose stage is being read ahead of its expiry */
  private readonly refreshing = new Set<string>();
  /** per loaded document: its content rules, checked on a copy that follows it (no whole-document copy per update) */
  private readonly guards = new WeakMap<InspectPayload['live'], ContentGuard>();
  /** bumped on every change of a package, so a read that raced with a stage move is not cached */
  private generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
  ) {}

  onModuleInit(): void {
    this.events.on((change) => {
      this.generation++;
      if (change.packageId) this.stages.delete(change.packageId);
    });
  }

  async authorize({ live, change }: InspectPayload): Promise<Refusal | null> {
    // an update that touches no section (a client's sync step 2 with nothing new) changes no content
    const reason = await this.check(live, change.update, change.author, change.scope.sections.size > 0 ? change : null);
    return reason ? { code: 'integrity', reason } : null;
  }

  /** `decoded`: the update as the merge core decoded it (the content rules then read only what it touches); null: it touches no section */
  async check(live: InspectPayload['live'], update: Uint8Array, author: InspectPayload['change']['author'], decoded: DecodedUpdate | null): Promise<string | null> {
    // coordinators and the server itself write everything; anyone else writes per section
    const coordinatorLike = author.rights.writeDepartments === 'all';
    const stage = await this.stageOf(live.packageId);
    if (stage && !STAGE_EDIT_RULES[stage][coordinatorLike ? 'coordinator' : 'liaison']) {
      return `the package is at the ${stage} stage: its content is locked${isLockedForLiaisons(stage) ? ' (a coordinator may reopen it)' : ''}`;
    }
    if (!decoded) return null;
    let guard = this.guards.get(live);
    if (!guard) this.guards.set(live, (guard = new ContentGuard(live.doc, { departmentIds: live.departmentCodes })));
    return guard.check(update, decoded);
  }

  private async stageOf(packageId: string): Promise<PackageStage | null> {
    const cached = this.stages.get(packageId);
    const age = cached ? Date.now() - cached.readAt : Infinity;
    if (cached && age < STAGE_TTL_MS) {
      // a document edited steadily reads its stage again before the cached one expires, off the merge path
      if (age >= STAGE_TTL_MS / 2 && !this.refreshing.has(packageId)) {
        this.refreshing.add(packageId);
        void this.readStage(packageId)
          .catch(() => undefined)
          .finally(() => this.refreshing.delete(packageId));
      }
      return cached.stage;
    }
    return this.readStage(packageId);
  }

  /** Reads and caches a package's stage; the cache entry counts from when the read was sent. */
  private async readStage(packageId: string): Promise<PackageStage | null> {
    const generation = this.generation;
    const sentAt = Date.now();
    const [row]: { stage: PackageStage }[] = await this.dataSource.query(`SELECT stage FROM decision_package WHERE id = $1`, [packageId]);
    if (!row) return null;
    if (generation === this.generation) this.stages.set(packageId, { stage: row.stage, readAt: sentAt });
    if (this.stages.size > 10_000) this.stages.clear();
    return row.stage;
  }
}
