import { Logger } from '@nestjs/common';
import { createPackageDoc, malformedVerdict, scopeOfUpdate, UpdateResolver, verdictOf, type AuthorizationResult, type SectionName, type WriteRights } from '@zerobase/collab';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { SerialQueue } from '../../base/concurrency';
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from './collab-protocol';
import type { ChangeAuthor, CollabPeer } from './collab-peer';
import type { LoggedUpdate } from './doc-store';

export type ApplyResult =
  | { status: 'accepted'; update: Uint8Array; sections: SectionName[]; committed: Promise<void> }
  | { status: 'unchanged' }
  | { status: 'refused' | 'malformed'; reason: string };

export interface LiveDocumentHooks {
  append(entry: LoggedUpdate): Promise<void>;
  /**
   * Looks at an authorized change against the document as it was before it (conflict
   * detection); whatever it returns is handed to `committed`.
   */
  inspect?(doc: Y.Doc, update: Uint8Array, author: ChangeAuthor, decoded: UpdateResolver): unknown;
  /** content rules (field bounds, stage locks) on an authorized change: a reason refuses it whole */
  check?(live: LiveDocument, update: Uint8Array, author: ChangeAuthor): Promise<string | null>;
  /** after an accepted change is committed and relayed: projection, conflicts, fan-out */
  committed(live: LiveDocument, update: Uint8Array, inspection: unknown, author: ChangeAuthor): void;
  /**
   * The stored state (snapshot + log), to catch up with changes other instances committed
   * when an update depends on something this instance has not seen.
   */
  storedState?(live: LiveDocument): Promise<Uint8Array[]>;
  /** a commit failed: the in-memory state is ahead of the database and must be dropped */
  failed(live: LiveDocument, error: unknown): void;
}

const AWARENESS_FLUSH_MS = 30;

/**
 * One loaded decision package document: the authoritative Y.Doc, who is connected, and the
 * merge path for every change — authorize → merge → log → relay — one change at a time.
 */
export class LiveDocument {
  readonly doc = createPackageDoc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<CollabPeer>();
  /**
   * Peers that have been sent the document (sync step 2). Changes are relayed only to them, so a
   * reconnecting client gets its state before any later change, never changes it cannot place.
   */
  private readonly synced = new Set<CollabPeer>();
  private readonly queue = new SerialQueue();
  private lastCommit: Promise<void> = Promise.resolve();
  private awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger('live-document');
  /** updates in the log tail, and how many the snapshot already holds (compaction policy) */
  loggedUpdates = 0;
  compactedUpdates = 0;
  lastActivity = Date.now();
  closed = false;

  constructor(
    readonly packageId: string,
    readonly cycleId: string,
    /** owning departments' codes: the document's department sections */
    readonly departmentCodes: string[],
    private readonly hooks: LiveDocumentHooks,
  ) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const peer = origin as CollabPeer | undefined;
      if (peer && this.peers.has(peer)) {
        for (const id of added) peer.awarenessIds.add(id);
        for (const id of removed) peer.awarenessIds.delete(id);
      }
      for (const id of [...added, ...updated, ...removed]) this.awarenessChanged.add(id);
      this.awarenessTimer ??= setTimeout(() => this.flushAwareness(), AWARENESS_FLUSH_MS);
    });
  }

  /**
   * The merge path. Only what the server does not have yet is authorized, merged and logged;
   * other clients receive it once it is committed. Never throws for bad input.
   */
  applyUpdate(update: Uint8Array, author: ChangeAuthor, from: CollabPeer | null = null): Promise<ApplyResult> {
    return this.queue.run(async () => {
      this.lastActivity = Date.now();
      let diff: Uint8Array;
      try {
        diff = Y.diffUpdate(update, Y.encodeStateVector(this.doc));
      } catch (error) {
        return { status: 'malformed' as const, reason: `cannot decode the update: ${error instanceof Error ? error.message : String(error)}` };
      }
      let { verdict, decoded } = judge(this.doc, diff, author.rights);
      if (!verdict.ok && verdict.code === 'unresolved' && this.hooks.storedState) {
        // another instance may have committed what this update builds on: catch up, then judge again
        for (const stored of await this.hooks.storedState(this)) this.integrate(stored);
        diff = Y.diffUpdate(update, Y.encodeStateVector(this.doc));
        ({ verdict, decoded } = judge(this.doc, diff, author.rights));
      }
      if (!verdict.ok) return { status: verdict.code === 'malformed' ? ('malformed' as const) : ('refused' as const), reason: verdict.reason };
      const broken = await this.hooks.check?.(this, diff, author);
      if (broken) return { status: 'refused' as const, reason: broken };
      let inspection: unknown = null;
      try {
        inspection = (decoded && this.hooks.inspect?.(this.doc, diff, author, decoded)) ?? null;
      } catch (error) {
        this.logger.warn(`inspection failed: ${String(error)}`);
      }
      let change: Uint8Array | null;
      try {
        change = this.merge(diff);
      } catch (error) {
        return { status: 'malformed' as const, reason: `cannot apply the update: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (!change) return { status: 'unchanged' as const };
      const sections = [...verdict.sections];
      const paths = [...verdict.paths];
      const committed = this.hooks
        .append({ docId: this.packageId, update: change, edit: { cycleId: this.cycleId, userId: author.userId, departmentId: author.departmentId, origin: author.origin, sections, paths } })
        .then(() => {
          this.loggedUpdates++;
          this.broadcast(encodeUpdate(change), from);
          this.hooks.committed(this, change, inspection, author);
        });
      committed.catch((error: unknown) => this.hooks.failed(this, error));
      this.lastCommit = committed.catch(() => undefined);
      return { status: 'accepted' as const, update: change, sections, committed };
    });
  }

  /**
   * A change made by the server (REST edit, resolution, restore): generated on a copy, then
   * sent through the same merge path, so it is authorized and logged like any other.
   */
  async change(author: ChangeAuthor, edit: (doc: Y.Doc) => void): Promise<ApplyResult> {
    const update = await this.queue.run(() => {
      const copy = cloneDoc(this.doc);
      let out: Uint8Array | null = null;
      copy.on('update', (u: Uint8Array) => (out = out ? Y.mergeUpdates([out, u]) : u));
      edit(copy);
      copy.destroy();
      return out as Uint8Array | null;
    });
    if (!update) return { status: 'unchanged' };
    return this.applyUpdate(update, author);
  }

  /**
   * Sync step 2 for a client: only committed state, so nothing unlogged ever leaves the server.
   * From then on the peer receives every change relayed after it.
   */
  syncPeer(peer: CollabPeer, stateVector: Uint8Array): Promise<void> {
    return this.queue.run(async () => {
      await this.lastCommit;
      if (!this.peers.has(peer)) return;
      // sent inside the queue: no relayed change can overtake it
      peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector)));
      this.synced.add(peer);
    });
  }

  /** Resolves once every accepted change so far is committed. */
  flushed(): Promise<void> {
    return this.queue.run(() => this.lastCommit);
  }

  /** Applies a change committed by another instance (received through Redis). */
  applyRemote(update: Uint8Array): void {
    void this.queue.run(() => this.integrate(update));
  }

  /** Merges already-committed content and relays whatever was new here. */
  private integrate(update: Uint8Array): void {
    const applied = this.merge(update);
    if (applied) this.broadcast(encodeUpdate(applied), null);
  }

  /** Applies an update; returns what it changed (Yjs's own update event), or null if nothing. */
  private merge(update: Uint8Array): Uint8Array | null {
    const token = {};
    let applied: Uint8Array | null = null;
    const capture = (u: Uint8Array, origin: unknown) => {
      if (origin === token) applied = u;
    };
    this.doc.on('update', capture);
    try {
      Y.applyUpdate(this.doc, update, token);
    } finally {
      this.doc.off('update', capture);
    }
    return applied;
  }

  applyAwareness(update: Uint8Array, peer: CollabPeer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  awarenessMessage(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length ? encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)) : null;
  }

  addPeer(peer: CollabPeer): void {
    this.peers.add(peer);
    this.lastActivity = Date.now();
  }

  removePeer(peer: CollabPeer): void {
    this.synced.delete(peer);
    if (!this.peers.delete(peer)) return;
    this.lastActivity = Date.now();
    if (peer.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
  }

  /** Document changes go to synced peers only. */
  broadcast(message: Uint8Array, except: CollabPeer | null): void {
    for (const peer of this.synced) if (peer !== except) peer.send(message);
  }

  /** Awareness (presence) goes to everyone connected. */
  private broadcastAwareness(message: Uint8Array): void {
    for (const peer of this.peers) peer.send(message);
  }

  destroy(): void {
    this.closed = true;
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private flushAwareness(): void {
    this.awarenessTimer = null;
    const ids = [...this.awarenessChanged];
    this.awarenessChanged.clear();
    if (ids.length === 0 || this.closed) return;
    try {
      this.broadcastAwareness(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    } catch (error) {
      this.logger.warn(`awareness broadcast failed: ${String(error)}`);
    }
  }
}

/** Decodes an update once against the document; authorization and inspection share the result. */
function judge(doc: Y.Doc, update: Uint8Array, rights: WriteRights): { verdict: AuthorizationResult; decoded: UpdateResolver | null } {
  try {
    const decoded = new UpdateResolver(doc, update);
    return { verdict: verdictOf(scopeOfUpdate(decoded), rights), decoded };
  } catch (error) {
    return { verdict: malformedVerdict(error), decoded: null };
  }
}

export function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = createPackageDoc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}
