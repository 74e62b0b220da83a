import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { projectSnapshot } from '@zerobase/collab';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { CycleEvents } from '../../base/events/cycle-events';
import { CostLineEntity, PackageDepartmentEntity } from '../../models';
import { DepartmentsService } from '../departments';
import { DocumentPipeline, type DocumentExtension } from './document-pipeline';
import type { LiveDocument } from './live-document';
import { rowsFromSnapshot } from './package-content';


type ProjectionListener = (packageId: string, cycleId: string) => void;

/**
 * Keeps the relational projection of each co-edited package (fields, cost lines, split; hence
 * totals per department, category and year) current, so REST reads never load documents.
 */
@Injectable()
export class PackageProjection implements DocumentExtension, OnModuleInit {
  readonly name = 'projection';
  private readonly logger = new Logger('projection');
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; live: LiveDocument }>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners: ProjectionListener[] = [];

  constructor(
    private readonly pipeline: DocumentPipeline,
    private readonly departments: DepartmentsService,
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
    /**
     * `collab.projectionDelayMs` (150 ms): a projection runs at most this long after the first
     * change it covers (a throttle, not a debounce: continuous typing cannot postpone it), so
     * REST reads lag by well under a second.
     */
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.pipeline.register(this);
  }

  /**
   * A document loaded after a crash may hold changes its projection never saw (the process died
   * between committing a change and projecting it): the projection stores the state vector it
   * was computed from, and a document whose state differs is projected again now.
   */
  async onLoaded(live: LiveDocument): Promise<void> {
    const [row]: { state_vector: Buffer }[] = await this.dataSource.query(`SELECT state_vector FROM doc_projection WHERE doc_id = $1`, [live.packageId]);
    const current = Y.encodeStateVector(live.doc);
    if (row && Buffer.from(current).equals(row.state_vector)) return;
    this.onCommitted(live);
  }

  /** Called after each projection write (ranking and metrics recompute from it). */
  onProjected(listener: ProjectionListener): void {
    this.listeners.push(listener);
  }

  onCommitted(live: LiveDocument): void {
    if (this.timers.has(live.packageId)) return; // the scheduled run will include this change
    this.timers.set(live.packageId, { live, timer: setTimeout(() => void this.run(live), this.config.collab.projectionDelayMs) });
  }

  /** Writes the projection now if one is due (REST edits answer with the projected state). */
  async flush(live: LiveDocument): Promise<void> {
    await this.onFlush(live);
  }

  async onFlush(live: LiveDocument): Promise<void> {
    const pending = this.timers.get(live.packageId);
    if (pending) {
      clearTimeout(pending.timer);
      await this.run(live);
    }
    await this.running.get(live.packageId);
  }

  private async run(live: LiveDocument): Promise<void> {
    this.timers.delete(live.packageId);
    const previous = this.running.get(live.packageId) ?? Promise.resolve();
    const next = previous.then(() => this.write(live)).catch((error: unknown) => this.logger.error(`projection of ${live.packageId} failed: ${String(error)}`));
    this.running.set(live.packageId, next);
    await next;
    if (this.running.get(live.packageId) === next) this.running.delete(live.packageId);
  }

  private async write(live: LiveDocument): Promise<void> {
    if (live.closed) return;
    const stateVector = Y.encodeStateVector(live.doc);
    const snapshot = projectSnapshot(live.doc, { departmentIds: live.departmentCodes });
    // PostgreSQL stores no NUL in text: a stray one (written before collab edits were checked) must not stop the projection
    const rows = withoutNul(rowsFromSnapshot(snapshot, await this.departments.directory()));
    const id = live.packageId;
    await this.dataSource.transaction(async (em) => {
      // a raw update: co-edits do not bump the REST version (that guards workflow fields)
      await em.query(`UPDATE decision_package SET title = $2, purpose = $3, contingency_bp = $4, details = $5, updated_at = now() WHERE id = $1`, [
        id,
        rows.package.title,
        rows.package.purpose,
        rows.package.contingencyBasisPoints,
        JSON.stringify(rows.package.details),
      ]);
      await em.delete(CostLineEntity, { packageId: id });
      if (rows.lines.length) await em.insert(CostLineEntity, rows.lines.map((l) => ({ ...l, packageId: id })) as CostLineEntity[]);
      for (const share of rows.shares) await em.update(PackageDepartmentEntity, { packageId: id, departmentId: share.departmentId }, { shareBasisPoints: share.basisPoints });
      await em.query(
        `INSERT INTO doc_projection (doc_id, state_vector, projected_at) VALUES ($1, $2, now())
         ON CONFLICT (doc_id) DO UPDATE SET state_vector = EXCLUDED.state_vector, projected_at = now()`,
        [id, Buffer.from(stateVector)],
      );
    });
    for (const listener of this.listeners) listener(id, live.cycleId);
    this.events.changed({ cycleId: live.cycleId, cause: 'package', packageId: id });
  }
}

/** A copy with NUL characters removed from every string (plain data: objects, arrays, scalars). */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map((v) => withoutNul(v)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  return value;
}
