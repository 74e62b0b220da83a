import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { isPopulated, populateDocument } from '@zerobase/collab';
import * as Y from 'yjs';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { NotFound } from '../../base/errors';
import { DepartmentsService } from '../departments';
import { PackagesService } from '../packages';
import { CLOSE, encodeUpdate } from './collab-protocol';
import { compactionDue } from './compaction-policy';
import type { ChangeAuthor } from './collab-peer';
import { DocStore } from './doc-store';
import { DocumentKinds, parseDocumentName, type DocumentRef } from './document-kinds';
import { DocumentPipeline } from './document-pipeline';
import { LiveDocument } from './live-document';
import { contentFromRows } from './package-content';

/** a document loaded from stored bytes waits at most this long for its first answers to leave before it is decoded */
const ANSWER_WRITE_WAIT_MS = 1_000;

/**
 * The documents loaded in this instance: loads each on first use (snapshot + log tail, or a
 * one-time conversion of the relational package), unloads it after an idle period once its log
 * is flushed, and compacts logs in the background.
 */
@Injectable()
export class DocumentRegistry implements BeforeApplicationShutdown {
  private readonly logger = new Logger('documents');
  private readonly loaded = new Map<string, Promise<LiveDocument>>();
  /** per document being loaded: resolves when a client can be attached (`open`) */
  private readonly opening = new Map<string, Promise<LiveDocument>>();
  private readonly compacting = new Set<string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly store: DocStore,
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly pipeline: DocumentPipeline,
    private readonly kinds: DocumentKinds,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const every = Math.max(50, Math.min(5_000, Math.floor(config.collab.idleUnloadMs / 4)));
    this.sweeper = setInterval(() => void this.sweep(), every);
    this.sweeper.unref();
  }

  get size(): number {
    return this.loaded.size;
  }

  /** `loaded`: the package documents; `others`: the names of the other documents (minutes). */
  async stats(): Promise<{ loaded: string[]; others: string[]; peers: number; heapUsedBytes: number }> {
    const docs = await Promise.all([...this.loaded.values()].map((p) => p.catch(() => null)));
    const live = docs.filter((d): d is LiveDocument => d !== null);
    return {
      loaded: live.filter((d) => d.kind === 'package').map((d) => d.packageId),
      others: live.filter((d) => d.kind !== 'package').map((d) => d.name),
      peers: live.reduce((n, d) => n + d.peers.size, 0),
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
  }

  /** The documents loaded in this instance now. */
  async loadedDocuments(): Promise<LiveDocument[]> {
    const docs = await Promise.all([...this.loaded.values()].map((p) => p.catch(() => null)));
    return docs.filter((d): d is LiveDocument => d !== null && !d.closed);
  }

  isLoaded(packageId: string): boolean {
    return this.loaded.has(packageId);
  }

  /** The live document of a package, or of another kind by its name (`minutes:<id>`); 404 when it does not exist. */
  get(packageId: string): Promise<LiveDocument> {
    let live = this.loaded.get(packageId);
    if (!live) {
      let answerable!: (live: LiveDocument) => void;
      const early = new Promise<LiveDocument>((resolve) => (answerable = resolve));
      const loading = this.load(packageId, answerable);
      live = loading;
      this.loaded.set(packageId, loading);
      const opening = Promise.race([early, loading]);
      opening.catch(() => undefined);
      this.opening.set(packageId, opening);
      const done = () => {
        if (this.opening.get(packageId) === opening) this.opening.delete(packageId);
      };
      loading.then(done, () => {
        done();
        if (this.loaded.get(packageId) === loading) this.loaded.delete(packageId);
      });
    }
    return live;
  }

  /**
   * The live document for a client connection (packages only): while a package is being loaded
   * from stored bytes this resolves before they are decoded, so the client's sync is answered from
   * them (`MergeCore.loadQueued`); everything the client sends waits for the load in the document's
   * queue. Any other use goes through `get`, which resolves once the document is loaded.
   */
  open(packageId: string): Promise<LiveDocument> {
    const live = this.get(packageId);
    return this.opening.get(packageId) ?? live;
  }

  /** Runs a server-side change on a package's document through the merge path. */
  async change(packageId: string, author: ChangeAuthor, edit: (doc: Y.Doc) => void) {
    const live = await this.get(packageId);
    const result = await live.change(author, edit);
    if (result.status === 'accepted') await result.committed;
    // storage failed under this document: not a client error, the request fails (500) and can be retried
    if (result.status === 'unavailable') throw new Error(result.reason);
    return result;
  }

  private async load(name: string, answerable: (live: LiveDocument) => void = () => undefined): Promise<LiveDocument> {
    const ref = parseDocumentName(name);
    if (ref && ref.kind !== 'package') return this.loadOther(ref);
    const packageId = name;
    // read together: the package's rows, the departments and the stored document
    const [parts, directory, stored] = await Promise.all([this.packages.parts(packageId), this.departments.directory(), this.store.load(packageId)]);
    const codes = parts.owners.map((o) => directory.codeOf(o.departmentId)).sort();
    const live = new LiveDocument(packageId, parts.pkg.cycleId, codes, this.pipeline.wiringFor(this));
    const storedParts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)];
    live.loggedUpdates = stored.updates.length;
    live.compactedUpdates = stored.compactedUpdates;
    const finish = async () => {
      if (!isPopulated(live.doc)) await this.populate(live, parts, directory, storedParts);
      await this.pipeline.loaded(live);
    };
    if (storedParts.length === 0) {
      live.core.load(storedParts);
      await finish();
    } else {
      // decoded in the document's queue, after clients waiting for it are answered from the stored bytes
      const decoded = live.core.loadQueued(storedParts, { before: () => new Promise<void>((resolve) => setImmediate(resolve)).then(() => live.answersLeft(ANSWER_WRITE_WAIT_MS)), after: finish });
      answerable(live);
      try {
        await decoded;
      } catch (error) {
        for (const peer of live.peers) peer.close(CLOSE.serverError, 'the document could not be opened');
        live.destroy();
        throw error;
      }
    }
    // a long log left by a crash or a read-only period is folded now, not at the next edit
    this.maybeCompact(live);
    return live;
  }

  /** First open: converts the relational package into its document, once across instances. */
  private async populate(live: LiveDocument, parts: Awaited<ReturnType<PackagesService['parts']>>, directory: Awaited<ReturnType<DepartmentsService['directory']>>, storedParts: Uint8Array[]): Promise<void> {
    const packageId = live.packageId;
    const converted = new Y.Doc();
    populateDocument(converted, contentFromRows(parts, directory), 'migration');
    const state = Y.encodeStateAsUpdate(converted);
    converted.destroy();
    const stored = await this.store.storeInitial(packageId, state, { cycleId: parts.pkg.cycleId, userId: null, departmentId: null, origin: 'migration', sections: ['shared'] });
    if (stored) {
      live.core.load([...storedParts, state]);
      live.loggedUpdates = 1;
    } else {
      const again = await this.store.load(packageId);
      live.core.load([...(again.snapshot ? [again.snapshot] : []), ...again.updates.map((u) => u.update)]);
    }
    // clients answered from stored bytes before they were decoded get the rest
    live.broadcast(encodeUpdate(Y.encodeStateAsUpdate(live.doc)), null);
  }

  /** A document of another kind: its handler says which cycle it belongs to and writes its first content. */
  private async loadOther(ref: DocumentRef): Promise<LiveDocument> {
    const handler = this.kinds.handler(ref.kind);
    const cycleId = await handler.cycleOf(ref.id);
    if (!cycleId) throw new NotFound('document', ref.name);
    const live = new LiveDocument(ref.id, cycleId, [], this.pipeline.wiringFor(this, handler.schema), ref);
    const stored = await this.store.load(ref.id);
    const storedParts = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)];
    live.core.load(storedParts);
    live.loggedUpdates = stored.updates.length;
    live.compactedUpdates = stored.compactedUpdates;
    if (storedParts.length === 0) {
      const first = new Y.Doc();
      await handler.initialContent(ref.id, first);
      const state = Y.encodeStateAsUpdate(first);
      first.destroy();
      if (await this.store.storeInitial(ref.id, state, { cycleId, userId: null, departmentId: null, origin: 'prefill', sections: ['shared'] })) {
        live.core.load([state]);
        live.loggedUpdates = 1;
      } else {
        const again = await this.store.load(ref.id);
        live.core.load([...(again.snapshot ? [again.snapshot] : []), ...again.updates.map((u) => u.update)]);
      }
    }
    await this.pipeline.loaded(live);
    this.maybeCompact(live);
    return live;
  }

  /** Schedules a background compaction when the log tail has grown long. */
  maybeCompact(live: LiveDocument): void {
    if (!compactionDue(live.loggedUpdates, live.compactedUpdates, this.config.collab.compactEvery) || this.compacting.has(live.packageId)) return;
    this.compacting.add(live.packageId);
    void this.store
      .compact(live.packageId)
      .then((result) => {
        if (!result) return;
        live.loggedUpdates = Math.max(0, live.loggedUpdates - result.compacted);
        live.compactedUpdates += result.compacted;
      })
      .catch((error: unknown) => this.logger.error(`compaction of ${live.packageId} failed: ${String(error)}`))
      .finally(() => this.compacting.delete(live.packageId));
  }

  /** Drops a document whose in-memory state can no longer be trusted (a commit failed). */
  discard(live: LiveDocument, reason: string): void {
    if (this.loaded.get(live.name) === undefined) return;
    this.loaded.delete(live.name);
    for (const peer of live.peers) peer.close(CLOSE.serverError, reason);
    live.destroy();
    this.pipeline.unloaded(live);
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, promise] of this.loaded) {
      const live = await promise.catch(() => null);
      if (!live || live.peers.size > 0 || now - live.lastActivity < this.config.collab.idleUnloadMs) continue;
      await live.flushed();
      await this.pipeline.flushed(live);
      if (live.peers.size > 0 || this.loaded.get(id) !== promise) continue;
      this.loaded.delete(id);
      live.destroy();
      this.pipeline.unloaded(live);
    }
  }

  /** Flush logs and projections while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    for (const promise of this.loaded.values()) {
      const live = await promise.catch(() => null);
      if (!live) continue;
      for (const peer of live.peers) peer.close(CLOSE.unloaded, 'server shutting down');
      await live.flushed();
      await this.pipeline.flushed(live);
    }
    await this.store.idle();
  }
}
