import { Inject, Injectable, Logger } from '@nestjs/common';
import { PART_FIELDS, PROJECTION_PARTS, projectParts, projectSnapshot, projectionPartsOf, projectsPromptly, type PackageSnapshot, type ProjectionPart } from '@zerobase/collab';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { CycleEvents } from '../../base/events/cycle-events';
import { DepartmentsService } from '../departments';
import type { CommittedPayload, DocumentExtension, InspectPayload } from './document-pipeline';
import type { LiveDocument } from './live-document';
import { rowsFromSnapshot, type ProjectedRows, type RowSource } from './package-content';
import { isEmptyDelta, projectionDelta } from './projection-delta';

/**
 * Ranking, metrics and invariants recompute from the projection; a money- or score-relevant
 * change asks them at most this often per cycle (and per package for the invariants).
 */
const RECOMPUTE_EVERY_MS = 400;

type ProjectionListener = (packageId: string, cycleId: string) => void;

/**
 * Keeps the relational projection of each co-edited package (fields, cost lines, split; hence
 * totals per department, category and year) current, so REST reads never load documents.
 */
@Injectable()
export class PackageProjection implements DocumentExtension {
  readonly name = 'projection';
  private readonly logger = new Logger('projection');
  /** per package, the projection scheduled and when it is due (ms since the epoch) */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; live: LiveDocument; due: number }>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly listeners: ProjectionListener[] = [];
  /**
   * what was last written per package in this instance, and the snapshot fields it came from:
   * the next write re-reads only the parts changes touched since, and sends only the difference
   */
  private readonly written = new Map<string, { rows: ProjectedRows; source: RowSource }>();
  /**
   * per package, the projection parts the changes merged since the last projection touched
   * (from the paths each update touched); null: not known (a change that did not come through
   * the merge path, a scope too large): the next projection reads the whole document
   */
  private readonly touched = new Map<string, Set<ProjectionPart> | null>();
  /** the parts of the change being merged right now (set by `inspect`, taken by its transaction) */
  private readonly merging = new Map<string, Set<ProjectionPart> | null>();
  /** documents whose transactions this projection observes: only for them are parts tracked */
  private readonly observed = new WeakSet<LiveDocument>();
  /** packages with a money change not yet announced, per cycle, and the cycle's timer */
  /** per package loaded just now, the comparison with the stored projection state (`onLoaded`) not yet answered */
  private readonly loadChecks = new Map<string, Promise<void>>();
  private readonly recompute = new Map<string, { packages: Set<string>; timer: NodeJS.Timeout }>();

  constructor(
    private readonly departments: DepartmentsService,
    private readonly dataSource: DataSource,
    private readonly events: CycleEvents,
    /**
     * `collab.projectionDelayMs` (150 ms): a projection runs at most this long after the first
     * change it covers (a throttle, not a debounce: continuous typing cannot postpone it), so
     * REST reads lag by well under a second. Changes to whole texts only wait up to
     * `collab.textProjectionDelayMs` (1 s): reading a long text is most of a projection's cost
     * while people type, and only views read texts. A flush (REST edits, stage moves, restores,
     * unloading) projects at once.
     */
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A document loaded after a crash may hold changes its projection never saw (the process died
   * between committing a change and projecting it): the projection stores the state vector it
   * was computed from, and a document whose state differs is projected again now.
   */
  onLoaded(live: LiveDocument): void {
    this.observe(live);
    // the state now, compared off the load path: the first client is not kept waiting for this query
    const current = Buffer.from(Y.encodeStateVector(live.doc));
    const checked = this.dataSource
      .query(`SELECT state_vector FROM doc_projection WHERE doc_id = $1`, [live.packageId])
      .then((rows: { state_vector: Buffer }[]) => {
        const [row] = rows;
        if (row && current.equals(row.state_vector)) return;
        if (!live.closed) this.schedule(live);
      })
      .catch((error: unknown) => {
        this.logger.error(`projection state of ${live.packageId} could not be read: ${String(error)}`);
        if (!live.closed) this.schedule(live);
      })
      .finally(() => {
        if (this.loadChecks.get(live.packageId) === checked) this.loadChecks.delete(live.packageId);
      });
    this.loadChecks.set(live.packageId, checked);
  }

  /** Called after each projection write (ranking and metrics recompute from it). */
  onProjected(listener: ProjectionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Every transaction that changes the document is accounted for: a merge brings the parts its
   * update touched (`inspect`, just before); anything else (a change committed by another
   * instance, a catch-up) makes them unknown.
   */
  private observe(live: LiveDocument): void {
    if (this.observed.has(live)) return;
    this.observed.add(live);
    this.touched.set(live.packageId, null);
    // the parts of the merge in this transaction (`inspect`): taken by every transaction, used by one that changed the document
    let inTransaction: Set<ProjectionPart> | null | undefined;
    live.doc.on('afterTransaction', () => {
      inTransaction = this.merging.get(live.packageId);
      this.merging.delete(live.packageId);
    });
    // Yjs emits 'update' right after 'afterTransaction', for exactly the transactions that changed the
    // document (it compares the state vectors anyway to encode the change; the merge path listens for it)
    live.doc.on('update', () => {
      const id = live.packageId;
      const merging = inTransaction;
      inTransaction = undefined;
      const touched = this.touched.get(id);
      if (merging === undefined || merging === null || touched === null) this.touched.set(id, null);
      else if (touched === undefined) this.touched.set(id, merging);
      else for (const part of merging) touched.add(part);
    });
  }

  /** The parts an authorized change touches, noted just before it is merged. */
  inspect({ live, change }: InspectPayload): undefined {
    if (this.observed.has(live)) this.merging.set(live.packageId, projectionPartsOf(change.scope.paths));
    return undefined;
  }

  onCommitted({ live }: CommittedPayload): void {
    // what is not yet projected decides the cadence: a money change among texts is projected promptly, with them
    this.schedule(live, !this.observed.has(live) || projectsPromptly(this.touched.get(live.packageId)));
  }

  /**
   * Schedules the next projection: `projectionDelayMs` after the first prompt change, at most
   * `textProjectionDelayMs` after the first change to texts only. A scheduled run is never put
   * off (continuous typing cannot postpone it); a prompt change brings a later one forward.
   */
  private schedule(live: LiveDocument, prompt = true): void {
    const { projectionDelayMs, textProjectionDelayMs } = this.config.collab;
    const delay = prompt ? projectionDelayMs : Math.max(projectionDelayMs, textProjectionDelayMs);
    const due = Date.now() + delay;
    const pending = this.timers.get(live.packageId);
    if (pending && pending.due <= due) return; // the scheduled run will include this change
    if (pending) clearTimeout(pending.timer);
    this.timers.set(live.packageId, { live, due, timer: setTimeout(() => void this.run(live), delay) });
  }

  onUnloaded(live: LiveDocument): void {
    this.written.delete(live.packageId);
    this.touched.delete(live.packageId);
    this.merging.delete(live.packageId);
  }

  /** Writes the projection now if one is due (REST edits answer with the projected state). */
  async flush(live: LiveDocument): Promise<void> {
    await this.onFlush(live);
  }

  async onFlush(live: LiveDocument): Promise<void> {
    await this.loadChecks.get(live.packageId);
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
    const id = live.packageId;
    const directory = await this.departments.directory();
    if (live.closed) return;
    const previous = this.written.get(id) ?? null;
    // what changed since the last projection: taken now, read now (synchronously), so a change merged later is in the next one
    const parts = this.observed.has(live) ? (this.touched.get(id) ?? new Set<ProjectionPart>()) : null;
    this.touched.set(id, new Set());
    try {
      await this.writeParts(live, directory, previous, previous ? parts : null);
    } catch (error) {
      this.touched.set(id, null); // what failed is written again, whole
      throw error;
    }
  }

  /** Projects the given parts (all when null) over what was written before, and writes the difference. */
  private async writeParts(live: LiveDocument, directory: Awaited<ReturnType<DepartmentsService['directory']>>, written: { rows: ProjectedRows; source: RowSource } | null, parts: Set<ProjectionPart> | null): Promise<void> {
    const id = live.packageId;
    const stateVector = Buffer.from(Y.encodeStateVector(live.doc));
    // PostgreSQL stores no NUL in text: a stray one (written before collab edits were checked) must not stop the projection
    const source: RowSource =
      written && parts
        ? { ...written.source, ...withoutNul(projectParts(live.doc, parts, { departmentIds: live.departmentCodes })) }
        : withoutNul(rowSource(projectSnapshot(live.doc, { departmentIds: live.departmentCodes })));
    const rows = rowsFromSnapshot(source, directory);
    const previous = written?.rows ?? null;
    const delta = projectionDelta(previous, rows, written ? parts : null);
    // the state vector the projection was computed from (ProjectionRecovery, onLoaded): kept current even when no row changed
    const recordState = (em: { query(sql: string, parameters: unknown[]): Promise<unknown> }) =>
      em.query(
        `INSERT INTO doc_projection (doc_id, state_vector, projected_at) VALUES ($1, $2, now())
         ON CONFLICT (doc_id) DO UPDATE SET state_vector = EXCLUDED.state_vector, projected_at = now()`,
        [id, stateVector],
      );
    if (isEmptyDelta(delta)) {
      await recordState(this.dataSource);
      return;
    }
    // raw statements, each one multi-row: co-edits do not bump the REST version (that guards workflow fields)
    await this.dataSource.transaction(async (em) => {
      if (delta.packageRow) {
        // only the keys of `details` that changed: a narrative edit writes the narrative
        const details = delta.details === 'all' ? rows.package.details : Object.fromEntries(delta.details.map((key) => [key, rows.package.details[key]]));
        await em.query(
          `UPDATE decision_package SET title = $2, purpose = $3, contingency_bp = $4, details = ${delta.details === 'all' ? '$5::jsonb' : 'details || $5::jsonb'}, updated_at = now() WHERE id = $1`,
          [id, rows.package.title, rows.package.purpose, rows.package.contingencyBasisPoints, JSON.stringify(details)],
        );
      }
      if (!previous) await em.query(`DELETE FROM cost_line WHERE package_id = $1`, [id]);
      else if (delta.deleteLineIds.length) await em.query(`DELETE FROM cost_line WHERE package_id = $1 AND id = ANY($2::text[])`, [id, delta.deleteLineIds]);
      if (delta.upsertLines.length) {
        const ls = delta.upsertLines;
        await em.query(
          `INSERT INTO cost_line (id, package_id, department_id, category, description, location, quantity_milli, unit, unit_cost_fen, year, position)
           SELECT t.id, $1, t.dep, t.cat, t.descr, t.loc, t.qty, t.unit, t.cost, t.year, t.pos
             FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::bigint[], $10::int[], $11::int[])
                  AS t(id, dep, cat, descr, loc, qty, unit, cost, year, pos)
           ON CONFLICT (id, package_id) DO UPDATE SET department_id = EXCLUDED.department_id, category = EXCLUDED.category, description = EXCLUDED.description,
             location = EXCLUDED.location, quantity_milli = EXCLUDED.quantity_milli, unit = EXCLUDED.unit, unit_cost_fen = EXCLUDED.unit_cost_fen,
             year = EXCLUDED.year, position = EXCLUDED.position`,
          [
            id,
            ls.map((l) => l.id),
            ls.map((l) => l.departmentId),
            ls.map((l) => l.category),
            ls.map((l) => l.description),
            ls.map((l) => l.location),
            ls.map((l) => l.quantityMilli),
            ls.map((l) => l.unit),
            ls.map((l) => l.unitCostFen),
            ls.map((l) => l.year),
            ls.map((l) => l.position),
          ],
        );
      }
      if (delta.shares.length) {
        await em.query(`UPDATE package_department p SET share_bp = t.bp FROM unnest($2::uuid[], $3::int[]) AS t(dep, bp) WHERE p.package_id = $1 AND p.department_id = t.dep`, [
          id,
          delta.shares.map((s) => s.departmentId),
          delta.shares.map((s) => s.basisPoints),
        ]);
      }
      await recordState(em);
    });
    if (!live.closed) this.written.set(id, { rows, source });
    if (delta.moneyOrScore) this.scheduleRecompute(id, live.cycleId);
  }

  /** Announces money changes per cycle at most every RECOMPUTE_EVERY_MS, off the relay path. */
  private scheduleRecompute(packageId: string, cycleId: string): void {
    const pending = this.recompute.get(cycleId);
    if (pending) pending.packages.add(packageId);
    else this.openWindow(cycleId, new Set([packageId]));
  }

  /** Announces now, and collects what changes during the next RECOMPUTE_EVERY_MS. */
  private openWindow(cycleId: string, packages: Set<string>): void {
    this.announce(cycleId, packages);
    const timer = setTimeout(() => {
      const entry = this.recompute.get(cycleId);
      this.recompute.delete(cycleId);
      if (entry?.packages.size) this.openWindow(cycleId, entry.packages);
    }, RECOMPUTE_EVERY_MS);
    timer.unref();
    this.recompute.set(cycleId, { packages: new Set(), timer });
  }

  private announce(cycleId: string, packages: Set<string>): void {
    for (const id of packages) for (const listener of this.listeners) listener(id, cycleId);
    this.events.changed({ cycleId, cause: 'package', ...(packages.size === 1 ? { packageId: [...packages][0] } : {}) });
  }
}

/** The fields of a snapshot the relational projection is made of. */
function rowSource(snapshot: PackageSnapshot): RowSource {
  const source: Partial<RowSource> = {};
  for (const part of PROJECTION_PARTS) for (const field of PART_FIELDS[part]) Object.assign(source, { [field]: snapshot[field] });
  return source as RowSource;
}

/** A copy with NUL characters removed from every string (plain data: objects, arrays, scalars). */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map((v) => withoutNul(v)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  return value;
}
