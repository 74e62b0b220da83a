import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { CLOSE, projectSnapshot, setTitle, setUnitCost, sharedText, SHARED_SECTION, departmentSection, type PackageSnapshot, type SharedTextField } from '@zerobase/collab';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { I18n } from '../core/i18n';
import { Session } from '../core/session';

export type CollabStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface Peer {
  clientId: number;
  name: string;
  color: string;
}

/** Close codes of the server's /collab endpoint (one definition in libs/collab close-codes.ts). */
const REFUSED: number = CLOSE.refused;
const MALFORMED: number = CLOSE.malformed;
const TOO_LARGE: number = CLOSE.tooLarge;
const STOP = new Set<number>([CLOSE.unauthenticated, CLOSE.forbidden, CLOSE.notFound]);
/** y-protocols message type of "permission denied" (the server sends it before closing) */
const MESSAGE_AUTH = 2;

const COLORS = ['#b3261e', '#1e6fb3', '#1e7b34', '#a86b00', '#7b1fa2', '#00838f', '#c2185b', '#5d4037'];

/**
 * One live package document: the Y.Doc, its y-websocket connection, presence, and a projection
 * of the content for the view. Provided by the co-editing component, so it lives as long as the
 * page. When the server refuses an update (close code 4409), the local replica still holds the
 * refused change and every later update would depend on it, so the replica is thrown away and a
 * fresh one is loaded from the server.
 */
@Injectable()
export class CollabSession {
  private readonly session = inject(Session);
  private readonly i18n = inject(I18n);

  readonly status = signal<CollabStatus>('connecting');
  readonly synced = signal(false);
  /** the current replica has synced with the server at least once: editable from then on, offline too */
  readonly loaded = signal(false);
  readonly peers = signal<Peer[]>([]);
  /** the last refused change, until dismissed */
  readonly refusal = signal<string | null>(null);
  /** why syncing stopped for good (signed out, no access, no such package) */
  readonly stopped = signal<string | null>(null);
  readonly doc = signal<Y.Doc | null>(null);
  readonly snapshot = signal<PackageSnapshot | null>(null);
  readonly me = computed(() => {
    const user = this.session.user();
    return { name: user?.displayName ?? '?', color: colorFor(user?.userId ?? '') };
  });

  private packageId: string | null = null;
  private departmentIds: readonly string[] = [];
  private provider: WebsocketProvider | null = null;
  private projectionQueued = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  /** Open (or switch to) a package's document; `departmentIds` are the package's department codes. */
  connect(packageId: string, departmentIds: readonly string[]): void {
    this.departmentIds = departmentIds;
    if (this.packageId === packageId && this.provider) return;
    this.disconnect();
    this.packageId = packageId;
    this.stopped.set(null);
    this.open();
  }

  /** Try again after syncing stopped. */
  reconnect(): void {
    if (!this.packageId) return;
    this.teardown();
    this.stopped.set(null);
    this.open();
  }

  disconnect(): void {
    this.teardown();
    this.packageId = null;
  }

  text(field: SharedTextField): Y.Text | null {
    const doc = this.doc();
    return doc ? sharedText(doc, field) : null;
  }

  setTitle(title: string): void {
    const doc = this.doc();
    if (doc) setTitle(doc, title, 'local');
  }

  /** `department` is a department code, or SHARED_SECTION for a line of the shared part. */
  setUnitCost(department: string, lineId: string, unitCostFen: number): void {
    const doc = this.doc();
    if (doc) setUnitCost(doc, department === SHARED_SECTION ? SHARED_SECTION : departmentSection(department), lineId, unitCostFen, 'local');
  }

  dismissRefusal(): void {
    this.refusal.set(null);
  }

  private open(): void {
    const token = this.session.token();
    const packageId = this.packageId;
    if (!packageId) return;
    if (!token) {
      this.stopped.set(this.i18n.t('collab.notSignedIn'));
      this.status.set('closed');
      return;
    }
    const doc = new Y.Doc();
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    // no BroadcastChannel: a change the server refuses must not reach other tabs around it
    const provider = new WebsocketProvider(url, packageId, doc, { params: { token }, disableBc: true, maxBackoffTime: 10_000 });
    this.provider = provider;
    // the default handler logs the URL, token included; the close event tells the user why
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => authProtocol.readAuthMessage(decoder, doc, () => undefined);
    provider.awareness.setLocalState({ user: this.me() });
    provider.on('status', ({ status }) => {
      if (this.provider === provider) this.status.set(status);
    });
    provider.on('sync', (synced: boolean) => {
      if (this.provider !== provider) return;
      this.synced.set(synced);
      if (!synced) return;
      this.loaded.set(true);
      this.queueProjection(doc); // an empty document brings no update
    });
    provider.on('connection-close', (event) => {
      if (this.provider === provider && event) this.closed(event);
    });
    provider.awareness.on('change', () => {
      if (this.provider === provider) this.peers.set(othersIn(provider));
    });
    doc.on('update', () => this.queueProjection(doc));
    this.doc.set(doc);
    this.snapshot.set(null);
    this.synced.set(false);
    this.loaded.set(false);
    this.status.set('connecting');
    this.peers.set([]);
  }

  private closed(event: CloseEvent): void {
    if (event.code === REFUSED || event.code === MALFORMED || event.code === TOO_LARGE) {
      this.refusal.set(event.reason || `closed (${event.code})`);
      // after the provider has finished handling the close; before its reconnect timer fires
      queueMicrotask(() => {
        this.teardown();
        this.open();
      });
    } else if (STOP.has(event.code)) {
      this.stopped.set(event.reason || `closed (${event.code})`);
      queueMicrotask(() => {
        this.teardown();
        this.status.set('closed');
      });
    }
  }

  private teardown(): void {
    const provider = this.provider;
    const doc = this.doc();
    this.provider = null;
    if (provider) {
      provider.awareness.setLocalState(null);
      provider.destroy();
      provider.awareness.destroy();
    }
    doc?.destroy();
    this.doc.set(null);
    this.synced.set(false);
    this.loaded.set(false);
    this.peers.set([]);
  }

  /** Project at most once per task, however many updates a sync brings. */
  private queueProjection(doc: Y.Doc): void {
    if (this.projectionQueued) return;
    this.projectionQueued = true;
    queueMicrotask(() => {
      this.projectionQueued = false;
      if (this.doc() === doc) this.snapshot.set(projectSnapshot(doc, { departmentIds: this.departmentIds }));
    });
  }
}

function othersIn(provider: WebsocketProvider): Peer[] {
  const seen = new Set<string>();
  const peers: Peer[] = [];
  provider.awareness.getStates().forEach((state, clientId) => {
    if (clientId === provider.doc.clientID) return;
    const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
    if (typeof user?.name !== 'string' || seen.has(user.name)) return;
    seen.add(user.name);
    peers.push({ clientId, name: user.name, color: typeof user.color === 'string' ? user.color : COLORS[0] });
  });
  return peers.sort((a, b) => a.name.localeCompare(b.name));
}

function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}
