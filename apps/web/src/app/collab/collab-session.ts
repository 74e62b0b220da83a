import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import {
  addRows,
  CLOSE,
  departmentNotes,
  departmentSection,
  moveRow,
  projectSnapshot,
  readRightsNotice,
  removeRow,
  setContingencyBasisPoints,
  setCostShare,
  setList,
  setTitle,
  setUnitCost,
  sharedText,
  SHARED_SECTION,
  updateRow,
  type PackageSnapshot,
  type RightsNotice,
  type RowCollection,
  type RowPatch,
  type RowTypes,
  type SectionName,
  type SharedListField,
  type SharedTextField,
  fieldFocus,
  type FieldFocus,
  type TextCursor,
} from '@zerobase/collab/editor';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AppInteractive } from '../core/app-interactive';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { prepareOfflineShell } from './offline-shell';
import { Session } from '../core/session';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

export type CollabStatus = 'connecting' | 'connected' | 'disconnected' | 'offline' | 'closed';

export interface Peer {
  clientId: number;
  name: string;
  color: string;
  /** the field they are in, when they share it */
  field: FieldFocus | null;
  /** their caret in a text field (relative positions; see cursorRange) */
  cursor: unknown;
}

/** Awareness updates of the caret wait this long (the server takes 10 presence messages a second). */
const CURSOR_THROTTLE_MS = 150;

/** Close codes of the server's /collab endpoint (one definition in libs/collab close-codes.ts). */
const REFUSED: number = CLOSE.refused;
const MALFORMED: number = CLOSE.malformed;
const TOO_LARGE: number = CLOSE.tooLarge;
const STOP = new Set<number>([CLOSE.unauthenticated, CLOSE.forbidden, CLOSE.notFound]);
/** y-protocols message type of "permission denied" (the server sends it before closing) */
const MESSAGE_AUTH = 2;
const MESSAGE_SYNC = 0;
/** a sync step 1 goes out this often; its answer proves the link is alive and that earlier changes were stored */
const HEARTBEAT_MS = 700;
/** no message for this long while connected: the link is taken as down (well before the socket's 30 s) */
const SILENCE_MS = 1800;
/** where the browser keeps the document and the bookkeeping of a package (per browser profile) */
const dbName = (packageId: string) => `zerobase-package-${packageId}`;
const syncedKey = (packageId: string) => `zerobase.collab.synced.${packageId}`;
const pendingKey = (packageId: string) => `zerobase.collab.pending.${packageId}`;

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
  private readonly departments = inject(DepartmentsStore);
  private readonly interactive = inject(AppInteractive);
  /** a package document holds the app's extras (live connection, side panels) back until it is shown synced */
  private releaseInteractive: (() => void) | null = null;

  readonly status = signal<CollabStatus>('connecting');
  readonly synced = signal(false);
  /** the current replica has synced with the server at least once: editable from then on, offline too */
  readonly loaded = signal(false);
  readonly peers = signal<Peer[]>([]);
  /** what the server says this connection may write (it narrows it when a stage locks the content); null until told */
  readonly serverRights = signal<RightsNotice | null>(null);
  /** the last refused change, until dismissed */
  readonly refusal = signal<string | null>(null);
  /** why syncing stopped for good (signed out, no access, no such package) */
  readonly stopped = signal<string | null>(null);
  readonly doc = signal<Y.Doc | null>(null);
  /** local changes the server has not confirmed yet (kept across reloads) */
  readonly pending = signal(0);
  /** the browser says it is offline, or the server went silent */
  readonly offline = signal(false);
  /** what the view shows: offline wins over the socket's own (slow to notice) state */
  /** a reload while offline can open this editor again (the offline shell is cached) */
  readonly offlineReady = signal(false);
  readonly shownStatus = computed<CollabStatus>(() => (this.status() !== 'closed' && this.offline() ? 'offline' : this.status()));
  readonly snapshot = signal<PackageSnapshot | null>(null);
  readonly me = computed(() => {
    const user = this.session.user();
    return { name: user?.displayName ?? '?', color: colorFor(user?.userId ?? '') };
  });

  private packageId: string | null = null;
  private departmentIds: readonly string[] = [];
  /** a package document (projected for the view, opened offline); false for other documents such as `minutes:<id>` */
  private packageDocument = true;
  private provider: WebsocketProvider | null = null;
  private persistence: IndexeddbPersistence | null = null;
  private projectionQueued = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  /** when the last local change was made, and when the last heartbeat went out */
  private lastLocalChangeAt = 0;
  /** when each sync step 1 still unanswered went out (the server answers them in order); 0 = the provider's own */
  private unanswered: number[] = [];

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.disconnect();
      removeEventListener('online', this.onOnline);
      removeEventListener('offline', this.onOffline);
    });
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    this.offline.set(!navigator.onLine);
  }

  private readonly onOffline = (): void => {
    this.offline.set(true);
    // do not wait for the socket to notice: stop it now, the edits stay local (and in IndexedDB)
    this.provider?.disconnect();
    this.peers.set([]);
  };

  private readonly onOnline = (): void => {
    this.offline.set(false);
    if (this.provider && !this.stopped()) this.provider.connect();
  };

  private localFocus: FieldFocus | null = null;
  private localCursor: TextCursor | null = null;
  private cursorTimer: ReturnType<typeof setTimeout> | null = null;

  /** Tell the others which field this person is in (null: none). */
  setFocus(field: FieldFocus | null): void {
    if (this.localFocus?.key === field?.key) return;
    this.localFocus = field;
    this.provider?.awareness.setLocalStateField('field', field);
  }

  /** Tell the others where this person's caret is in a text field (null: not in one); throttled. */
  setCursor(cursor: TextCursor | null): void {
    this.localCursor = cursor;
    if (cursor === null) {
      if (this.cursorTimer) clearTimeout(this.cursorTimer);
      this.cursorTimer = null;
      this.provider?.awareness.setLocalStateField('cursor', null);
      return;
    }
    if (this.cursorTimer) return;
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = null;
      this.provider?.awareness.setLocalStateField('cursor', this.localCursor);
    }, CURSOR_THROTTLE_MS);
  }

  /**
   * Open (or switch to) a package's document; `departmentIds` are the package's department codes.
   * Another kind of document (a meeting's minutes, `minutes:<meetingId>`) is opened with
   * `{ packageDocument: false }`: no package projection, no offline package shell.
   */
  connect(packageId: string, departmentIds: readonly string[], options: { packageDocument?: boolean } = {}): void {
    const known = this.departmentIds;
    this.departmentIds = departmentIds;
    this.packageDocument = options.packageDocument ?? true;
    if (this.packageId === packageId && this.provider) {
      // opened before the package's departments were known: project again with them
      const doc = this.doc();
      if (doc && departmentIds.join() !== known.join()) this.queueProjection(doc);
      return;
    }
    this.disconnect();
    this.packageId = packageId;
    this.stopped.set(null);
    this.offlineReady.set(false);
    this.open();
  }

  /** After the first sync, so that it does not compete with opening the editor. */
  private prepareOffline(packageId: string): void {
    if (this.offlineReady() || !this.packageDocument) return;
    setTimeout(() => {
      if (this.packageId !== packageId) return;
      void prepareOfflineShell(this.session.signedIn(), [`/api/packages/${packageId}`, '/api/departments']).then((ready) => {
        if (this.packageId === packageId) this.offlineReady.set(ready);
      });
    }, 300);
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

  notes(departmentCode: string): Y.Text | null {
    const doc = this.doc();
    return doc ? departmentNotes(doc, departmentCode) : null;
  }

  /** The document section of a department code, or of SHARED_SECTION. */
  sectionOf(code: string): SectionName {
    return code === SHARED_SECTION ? SHARED_SECTION : departmentSection(code);
  }

  updateRow<C extends RowCollection>(code: string, collection: C, key: string, patch: RowPatch<C>): void {
    const doc = this.doc();
    if (doc) updateRow(doc, this.sectionOf(code), collection, key, patch, 'local');
  }

  addRows<C extends RowCollection>(code: string, collection: C, rows: readonly RowTypes[C][]): void {
    const doc = this.doc();
    if (doc && rows.length) addRows(doc, this.sectionOf(code), collection, rows, 'local');
  }

  removeRow(code: string, collection: RowCollection, key: string): void {
    const doc = this.doc();
    if (doc) removeRow(doc, this.sectionOf(code), collection, key, 'local');
  }

  moveRow(code: string, collection: RowCollection, key: string, toIndex: number): void {
    const doc = this.doc();
    if (doc) moveRow(doc, this.sectionOf(code), collection, key, toIndex, 'local');
  }

  setList(field: SharedListField, values: readonly string[]): void {
    const doc = this.doc();
    if (doc) setList(doc, field, values, 'local');
  }

  setContingency(basisPoints: number): void {
    const doc = this.doc();
    if (doc) setContingencyBasisPoints(doc, basisPoints, 'local');
  }

  setShare(departmentCode: string, basisPoints: number): void {
    const doc = this.doc();
    if (doc) setCostShare(doc, departmentCode, basisPoints, 'local');
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
    const packageId = this.packageId;
    if (!packageId) return;
    if (!this.session.signedIn()) {
      this.stopped.set(this.i18n.t('collab.notSignedIn'));
      this.status.set('closed');
      return;
    }
    this.releaseInteractive?.();
    this.releaseInteractive = this.packageDocument ? this.interactive.hold() : null;
    const doc = new Y.Doc();
    // the browser's copy: a reload or a closed tab while offline loses nothing
    const persistence = new IndexeddbPersistence(dbName(packageId), doc);
    this.persistence = persistence;
    void persistence.whenSynced.then(() => {
      // a copy that once synced with the server is editable before (or without) the connection
      if (this.persistence === persistence && localStorage.getItem(syncedKey(packageId))) {
        this.loaded.set(true);
        this.queueProjection(doc);
      }
    });
    this.pending.set(Number(localStorage.getItem(pendingKey(packageId)) ?? 0) || 0);
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
    // no token in the URL: the same-origin session cookie goes with the upgrade request
    // no BroadcastChannel: a change the server refuses must not reach other tabs around it
    const provider = new WebsocketProvider(url, packageId, doc, { disableBc: true, maxBackoffTime: 10_000, connect: !this.offline() });
    this.provider = provider;
    const onSync = provider.messageHandlers[MESSAGE_SYNC];
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
      this.heard(packageId, decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2);
      onSync(encoder, decoder, p, emitSynced, messageType);
    };
    // the default handler only logs; the close event tells the user why
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      const notice = readRightsNotice(decoder);
      if (!notice) return authProtocol.readAuthMessage(decoder, doc, () => undefined);
      if (this.provider === provider) this.serverRights.set(notice);
    };
    provider.awareness.setLocalState({ user: this.me(), field: this.localFocus, cursor: this.localCursor });
    provider.on('status', ({ status }) => {
      if (this.provider !== provider) return;
      this.status.set(status);
      if (status === 'connected') {
        this.lastMessageAt = Date.now();
        this.unanswered = [0]; // the provider's step 1 on open: its answer confirms nothing sent after it
        if (navigator.onLine) this.offline.set(false);
      }
    });
    provider.on('sync', (synced: boolean) => {
      if (this.provider !== provider) return;
      this.synced.set(synced);
      if (!synced) return;
      this.loaded.set(true);
      localStorage.setItem(syncedKey(packageId), '1');
      this.prepareOffline(packageId);
      this.queueProjection(doc); // an empty document brings no update
    });
    provider.on('connection-close', (event) => {
      if (this.provider === provider && event) this.closed(event);
    });
    provider.awareness.on('change', () => {
      if (this.provider === provider) this.peers.set(othersIn(provider, (user) => this.presenceName(user)));
    });
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      this.queueProjection(doc);
      if (origin !== provider && origin !== persistence) {
        this.lastLocalChangeAt = Date.now();
        this.setPending(packageId, this.pending() + 1);
      }
    });
    this.startHeartbeat(provider, doc);
    this.doc.set(doc);
    this.snapshot.set(null);
    this.synced.set(false);
    this.loaded.set(false);
    this.status.set('connecting');
    this.peers.set([]);
  }

  /** A sync message from the server; one that answers a heartbeat sent after the last local change confirms it. */
  private heard(packageId: string, answer: boolean): void {
    this.lastMessageAt = Date.now();
    if (this.offline() && navigator.onLine) this.offline.set(false);
    if (!answer) return;
    const sentAt = this.unanswered.shift() ?? 0;
    if (this.pending() > 0 && sentAt > this.lastLocalChangeAt) this.setPending(packageId, 0);
  }

  private setPending(packageId: string, count: number): void {
    this.pending.set(count);
    if (count) localStorage.setItem(pendingKey(packageId), String(count));
    else localStorage.removeItem(pendingKey(packageId));
  }

  /**
   * Every HEARTBEAT_MS a sync step 1 goes to the server, which answers in order after storing
   * what came before; silence for SILENCE_MS marks the link down at once and restarts it.
   */
  private startHeartbeat(provider: WebsocketProvider, doc: Y.Doc): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (this.provider !== provider) return;
      if (!navigator.onLine) {
        if (!this.offline()) this.onOffline();
        return;
      }
      if (!provider.wsconnected || !provider.ws) return;
      if (Date.now() - this.lastMessageAt > SILENCE_MS) {
        this.offline.set(true);
        this.peers.set([]);
        provider.ws.close(); // the provider reconnects with its backoff
        return;
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      this.unanswered.push(Date.now());
      provider.ws.send(encoding.toUint8Array(encoder));
    }, HEARTBEAT_MS);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private closed(event: CloseEvent): void {
    if (event.code === REFUSED || event.code === MALFORMED || event.code === TOO_LARGE) {
      this.refusal.set(event.reason || `closed (${event.code})`);
      const packageId = this.packageId;
      // after the provider has finished handling the close; before its reconnect timer fires.
      // The browser's copy holds the refused change too: it is dropped with the replica.
      queueMicrotask(() => {
        this.teardown();
        if (!packageId) return;
        localStorage.removeItem(syncedKey(packageId));
        this.setPending(packageId, 0);
        void clearDocument(dbName(packageId)).finally(() => {
          if (this.packageId === packageId && !this.provider) this.open();
        });
      });
    } else if (STOP.has(event.code)) {
      this.stopped.set(event.reason || `closed (${event.code})`);
      queueMicrotask(() => {
        this.teardown();
        this.status.set('closed');
      });
    }
  }

  /** the person's name; for observers, whom the server sends no names, the department (or "someone") */
  private presenceName(user: PresenceUser): string {
    if (typeof user.name === 'string') return user.name;
    return typeof user.department === 'string' ? this.departments.name(user.department) : this.i18n.t('collab.someone');
  }

  private teardown(): void {
    this.releaseInteractive?.();
    this.releaseInteractive = null;
    const provider = this.provider;
    const doc = this.doc();
    this.provider = null;
    this.stopHeartbeat();
    const persistence = this.persistence;
    this.persistence = null;
    void persistence?.destroy();
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
    this.serverRights.set(null);
  }

  /** Project at most once per task, however many updates a sync brings. */
  private queueProjection(doc: Y.Doc): void {
    // a package has departments: none yet means the page opened the document before it knew them
    if (this.projectionQueued || !this.packageDocument || this.departmentIds.length === 0) return;
    this.projectionQueued = true;
    queueMicrotask(() => {
      this.projectionQueued = false;
      if (this.doc() !== doc) return;
      this.snapshot.set(projectSnapshot(doc, { departmentIds: this.departmentIds }));
      // the editor can be shown editable now: what only adds to it may follow once it has rendered
      if (this.loaded()) {
        this.releaseInteractive?.();
        this.releaseInteractive = null;
      }
    });
  }
}

/** How a presence entry is named: the person, or (for observers, who read no staff names: libs/domain seesStaffNames) their department. */
type PresenceUser = { name?: unknown; department?: unknown; color?: unknown };

function othersIn(provider: WebsocketProvider, nameOf: (user: PresenceUser) => string): Peer[] {
  // one entry per person: a tab that closed a moment ago may still have a state, so the most
  // recently updated state of each name wins
  const latest = new Map<string, { peer: Peer; at: number }>();
  provider.awareness.getStates().forEach((state, clientId) => {
    if (clientId === provider.doc.clientID) return;
    const { user, field, cursor } = state as { user?: PresenceUser; field?: unknown; cursor?: unknown };
    if (!user) return;
    const name = nameOf(user);
    const at = provider.awareness.meta.get(clientId)?.lastUpdated ?? 0;
    const known = latest.get(name);
    if (known && known.at >= at) return;
    latest.set(name, { at, peer: { clientId, name, color: typeof user.color === 'string' ? user.color : COLORS[0], field: fieldFocus(field), cursor: cursor ?? null } });
  });
  return [...latest.values()].map((l) => l.peer).sort((a, b) => a.name.localeCompare(b.name));
}

function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}
