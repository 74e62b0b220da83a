import { Logger } from '@nestjs/common';
import { decodeAwarenessEntries, encodeAwarenessEntries, MergeCore, withoutStaffNames, type MergeCoreOptions, type MergeResult } from '@zerobase/collab';
import { seesStaffNames } from '@zerobase/domain';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwareness, encodeSyncStep2, encodeUpdate } from './collab-protocol';
import type { ChangeAuthor, CollabPeer } from './collab-peer';
import type { DocumentKind, DocumentRef } from './document-kinds';

export type ApplyResult = MergeResult<ChangeAuthor>;

/** How the document's merge core is wired: everything but the relay, which the document does itself. */
export type MergeWiring = Omit<MergeCoreOptions<ChangeAuthor, CollabPeer>, 'relay' | 'doc'>;

const AWARENESS_FLUSH_MS = 30;

/**
 * One loaded document (a decision package, or another kind: see document-kinds.ts): its merge core (libs/collab: authorize → merge →
 * store → relay, one change at a time), who is connected, and presence.
 */
export class LiveDocument {
  readonly core: MergeCore<ChangeAuthor, CollabPeer>;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<CollabPeer>();
  /**
   * Peers that have been sent the document (sync step 2). Changes are relayed only to them, so a
   * reconnecting client gets its state before any later change, never changes it cannot place.
   */
  private readonly synced = new Set<CollabPeer>();
  private awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger('live-document');
  /** updates in the log tail, and how many the snapshot already holds (compaction policy) */
  loggedUpdates = 0;
  compactedUpdates = 0;
  lastActivity = Date.now();
  closed = false;
  /**
   * Resolves once the first client has been sent the document (or the document is destroyed):
   * whole-document work at load (the invariant checks) waits for it, so a cold client is
   * answered first.
   */
  readonly firstSync: Promise<void>;
  private markFirstSync!: () => void;
  /** sync answers sent and not yet known to have left (`answersLeft`) */
  private answersWritten: Promise<void>[] = [];

  constructor(
    /** the id the document is stored under: the package id (for other kinds, their own id: `ref.id`) */
    readonly packageId: string,
    readonly cycleId: string,
    /** owning departments' codes: the document's department sections */
    readonly departmentCodes: string[],
    wiring: (live: LiveDocument) => MergeWiring,
    readonly ref: DocumentRef = { kind: 'package', id: packageId, name: packageId },
  ) {
    this.core = new MergeCore<ChangeAuthor, CollabPeer>({ ...wiring(this), relay: { relay: (change, except) => this.broadcast(encodeUpdate(change), except) } });
    this.doc = this.core.doc;
    this.firstSync = new Promise<void>((resolve) => (this.markFirstSync = resolve));
    this.awareness = new awarenessProtocol.Awareness(this.doc);
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

  get kind(): DocumentKind {
    return this.ref.kind;
  }

  /** the name on `/collab` and in the registry (the package id for packages) */
  get name(): string {
    return this.ref.name;
  }

  /** An incoming update through the merge path. Never throws for bad input. */
  applyUpdate(update: Uint8Array, author: ChangeAuthor, from: CollabPeer | null = null): Promise<ApplyResult> {
    this.lastActivity = Date.now();
    return this.core.apply(update, author, from);
  }

  /** A change made by the server (REST edit, resolution, restore), through the same merge path. */
  change(author: ChangeAuthor, edit: (doc: Y.Doc) => void): Promise<ApplyResult> {
    this.lastActivity = Date.now();
    return this.core.change(author, edit);
  }

  /**
   * Sync step 2 for a client: only committed state, so nothing unlogged ever leaves the server.
   * From then on the peer receives every change relayed after it.
   */
  syncPeer(peer: CollabPeer, stateVector: Uint8Array): Promise<void> {
    return this.core.sync(stateVector, (missing, before) => {
      if (!this.peers.has(peer)) return;
      for (const update of before) peer.send(encodeUpdate(update));
      // answered before the document is decoded: the decoding waits for this answer to leave
      if (this.core.loading) this.answersWritten.push(new Promise<void>((resolve) => peer.send(encodeSyncStep2(missing), resolve)));
      else peer.send(encodeSyncStep2(missing));
      this.synced.add(peer);
      this.markFirstSync();
    });
  }

  /**
   * Resolves once the sync answers sent so far have left for their sockets, or after `maxMs`:
   * a document loaded from stored bytes is decoded after that (`DocumentRegistry.load`), so a
   * cold client receives the whole answer while the server decodes, not after.
   */
  answersLeft(maxMs: number): Promise<void> {
    const answers = this.answersWritten.splice(0);
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
    return Promise.race([Promise.all(answers).then(() => undefined), cap]).finally(() => clearTimeout(timer));
  }

  /**
   * Runs `send` once the document is decoded (`MergeCore.loadQueued`): at once when it is, else in
   * the document's queue (what reads the document's state, e.g. the server's sync step 1).
   */
  whenDecoded(send: () => void): void {
    if (this.core.loading) void this.core.run(send);
    else send();
  }

  /** Resolves once every accepted change so far is committed. */
  flushed(): Promise<void> {
    return this.core.flushed();
  }

  /** Applies a change committed by another instance (received through Redis). */
  applyRemote(update: Uint8Array): void {
    void this.core.integrate(update);
  }

  applyAwareness(update: Uint8Array, peer: CollabPeer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Everyone's presence, as this peer may read it (observers without names: libs/domain seesStaffNames). */
  awarenessMessage(peer: CollabPeer): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    if (!ids.length) return null;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
    return encodeAwareness(this.seesNames(peer) ? update : anonymousPresence(update));
  }

  private seesNames(peer: CollabPeer): boolean {
    return seesStaffNames(peer.principal.memberships, this.cycleId);
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

  /** Awareness (presence) goes to everyone connected, each as they may read it: built once with names, once without when someone reads it so. */
  private broadcastAwareness(update: Uint8Array): void {
    const named = encodeAwareness(update);
    let anonymous: Uint8Array | null = null;
    for (const peer of this.peers) peer.send(this.seesNames(peer) ? named : (anonymous ??= encodeAwareness(anonymousPresence(update))));
  }

  destroy(): void {
    this.closed = true;
    this.markFirstSync();
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
      this.broadcastAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    } catch (error) {
      this.logger.warn(`awareness broadcast failed: ${String(error)}`);
    }
  }
}

/** An awareness update without the people in it (libs/collab withoutStaffNames). */
function anonymousPresence(update: Uint8Array): Uint8Array {
  return encodeAwarenessEntries(withoutStaffNames(decodeAwarenessEntries(update)));
}
