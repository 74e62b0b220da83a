/**
 * The merge path of one authoritative document, framework-free:
 *   diff → authorize (an ordered list of authorizers, content checks among them) → inspect → merge → store → relay → committed
 * one change at a time. Storage and relaying are behind two small interfaces, so the server
 * wires PostgreSQL and sockets to it and tests wire in-memory fakes to the very same code.
 * Nothing is relayed before the store has it; a change the store refuses is never relayed.
 */
import * as Y from 'yjs';
import { createPackageDoc } from './package-doc';
import type { SectionName } from './schema';
import { UpdateResolver } from './update-resolver';
import { malformedVerdict, PACKAGE_SCHEMA, scopeOfUpdate, verdictOf, type AuthorizationRefusal, type DocumentSchema, type UpdateScope, type WriteRights } from './update-scope';

/** Whoever makes a change: at least the rights it is authorized against. */
export interface MergeAuthor {
  readonly rights: WriteRights;
}

/** One incoming change as every step sees it, before it is merged. */
export interface ChangePayload<A extends MergeAuthor> {
  /** the authoritative document, still without the change */
  readonly doc: Y.Doc;
  /** what the server did not have yet (the incoming update diffed against the document) */
  readonly update: Uint8Array;
  readonly author: A;
  /** the update decoded once against the document; authorizers and inspectors share it */
  readonly decoded: UpdateResolver;
  /** the sections and paths it touches, and whether it fits the schema */
  readonly scope: UpdateScope;
}

export interface Refusal {
  code: AuthorizationRefusal | (string & {});
  reason: string;
}

/**
 * One authorization step: a refusal, or null to let the change through. Steps run in list
 * order and the first refusal refuses the whole update.
 */
export type SyncAuthorizer<A extends MergeAuthor> = (change: ChangePayload<A>) => Refusal | null;

/**
 * An authorization step that may have to look something up (a package's stage): the core
 * awaits it, still inside the document's queue, so the document does not change meanwhile.
 */
export type Authorizer<A extends MergeAuthor> = (change: ChangePayload<A>) => Refusal | null | Promise<Refusal | null>;

/** The schema check and per-section write rights (shared part, departments). */
export function sectionRights(change: ChangePayload<MergeAuthor>): Refusal | null {
  const verdict = verdictOf(change.scope, change.author.rights);
  return verdict.ok ? null : { code: verdict.code, reason: verdict.reason };
}

/** A change that was merged: what it changed, and what the inspectors found before the merge. */
export interface AcceptedChange<A extends MergeAuthor> extends ChangePayload<A> {
  /** exactly what the merge changed (Yjs's own update event): what is stored and relayed */
  readonly change: Uint8Array;
  readonly sections: SectionName[];
  readonly paths: string[];
  /** per extension name, what its `inspect` returned */
  readonly inspection: Readonly<Record<string, unknown>>;
}

/** Durable storage of accepted changes. */
export interface MergeStore<A extends MergeAuthor> {
  /** Resolves once the change is durable; a rejection means it was not stored. */
  append(change: AcceptedChange<A>): Promise<void>;
  /** The stored state (snapshot + log), to catch up with changes committed elsewhere. */
  storedState?(): Promise<Uint8Array[]>;
}

/** Sends committed changes on, to everyone but the connection they came from. */
export interface MergeRelay<P> {
  relay(change: Uint8Array, except: P | null): void;
}

/** A module in the merge path; every hook is optional and gets one payload object. */
export interface MergeExtension<A extends MergeAuthor> {
  readonly name: string;
  /** an authorized change, before it is merged; the result reaches `committed` as inspection[name] */
  inspect?(change: ChangePayload<A>): unknown;
  /** the change is stored and relayed */
  committed?(change: AcceptedChange<A>): void;
}

export type MergeResult<A extends MergeAuthor = MergeAuthor> =
  | { status: 'accepted'; change: AcceptedChange<A>; committed: Promise<void> }
  | { status: 'unchanged' }
  | { status: 'refused' | 'malformed'; code: string; reason: string }
  /** the store failed earlier: this document takes no more changes (the client keeps its own and reconnects) */
  | { status: 'unavailable'; reason: string };

export interface MergeCoreOptions<A extends MergeAuthor, P> {
  doc?: Y.Doc;
  /** the root types the document may hold; default the package schema */
  schema?: DocumentSchema;
  /** run in order on every change; usually starting with `sectionRights` */
  authorizers: readonly Authorizer<A>[];
  store: MergeStore<A>;
  relay: MergeRelay<P>;
  extensions?: readonly MergeExtension<A>[];
  /** the store refused a change that is merged in memory: the document can no longer be trusted */
  storeFailed?(error: unknown): void;
  /** an extension threw (it never stops the merge path) */
  extensionFailed?(name: string, error: unknown): void;
  /**
   * Runs the extensions' `committed` hooks of a stored and relayed change; by default at once.
   * The server defers them to after the relays of the whole commit batch have left for their
   * sockets (setImmediate), so no relay waits for another change's hooks.
   */
  afterRelay?(hooks: () => void): void;
}

/** The decision on one update against a document: authorized (with its payload) or refused. */
export type Admission<A extends MergeAuthor> =
  | { ok: true; payload: ChangePayload<A> }
  | { ok: false; malformed: boolean; unresolved: boolean; code: string; reason: string; sections: Set<SectionName> };

/**
 * Diff, decode once, authorize: the first three steps, synchronous and pure (they read the
 * document but do not change it). Never throws.
 */
export function admitUpdate<A extends MergeAuthor>(doc: Y.Doc, update: Uint8Array, author: A, authorizers: readonly SyncAuthorizer<A>[], schema: DocumentSchema = PACKAGE_SCHEMA): Admission<A> {
  const decoded = decodeUpdate(doc, update, author, schema);
  if (!decoded.ok) return decoded;
  for (const authorize of authorizers) {
    const refusal = authorize(decoded.payload);
    if (refusal) return refused(refusal, decoded.payload);
  }
  return decoded;
}

/** `admitUpdate` with authorizers that may be asynchronous (awaited one after another, in order). */
export async function admitUpdateAsync<A extends MergeAuthor>(
  doc: Y.Doc,
  update: Uint8Array,
  author: A,
  authorizers: readonly Authorizer<A>[],
  schema: DocumentSchema = PACKAGE_SCHEMA,
): Promise<Admission<A>> {
  const decoded = decodeUpdate(doc, update, author, schema);
  if (!decoded.ok) return decoded;
  for (const authorize of authorizers) {
    const refusal = await authorize(decoded.payload);
    if (refusal) return refused(refusal, decoded.payload);
  }
  return decoded;
}

function refused<A extends MergeAuthor>(refusal: Refusal, payload: ChangePayload<A>): Admission<A> {
  return { ok: false, malformed: refusal.code === 'malformed', code: refusal.code, reason: refusal.reason, unresolved: refusal.code === 'unresolved', sections: payload.scope.sections };
}

/**
 * Diff against the document and decode once (the payload every step shares). An update that
 * holds nothing the document has (the usual case) is its own diff: it is decoded once and not
 * re-encoded; otherwise it is diffed against the document's state vector and the diff decoded.
 */
function decodeUpdate<A extends MergeAuthor>(doc: Y.Doc, update: Uint8Array, author: A, schema: DocumentSchema): Admission<A> {
  let decoded: UpdateResolver | null = null;
  try {
    decoded = new UpdateResolver(doc, update);
  } catch {
    decoded = null; // judged below, with the diff's error
  }
  let diff = update;
  if (!decoded?.allNew()) {
    decoded = null;
    try {
      diff = Y.diffUpdate(update, Y.encodeStateVector(doc));
    } catch (error) {
      return { ok: false, malformed: true, code: 'malformed', reason: `cannot decode the update: ${error instanceof Error ? error.message : String(error)}`, unresolved: false, sections: new Set() };
    }
  }
  let scope: UpdateScope;
  try {
    decoded ??= new UpdateResolver(doc, diff);
    scope = scopeOfUpdate(decoded, schema);
  } catch (error) {
    const verdict = malformedVerdict(error);
    return { ok: false, malformed: true, code: 'malformed', reason: verdict.ok ? 'malformed update' : verdict.reason, unresolved: false, sections: new Set() };
  }
  return { ok: true, payload: { doc, update: diff, author, decoded, scope } };
}

/** Applies an update; returns what it changed (Yjs's own update event), or null if nothing. */
export function mergeUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown = {}): Uint8Array | null {
  let applied: Uint8Array | null = null;
  const capture = (u: Uint8Array, o: unknown) => {
    if (o === origin) applied = u;
  };
  doc.on('update', capture);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off('update', capture);
  }
  return applied;
}

const isEmptyStateVector = (sv: Uint8Array) => sv.length === 1 && sv[0] === 0;
/**
 * Up to this many stored parts (a snapshot and a short log tail) are sent to a new client as they
 * are; a longer tail is answered by encoding the loaded document once (`Y.mergeUpdates` of the
 * parts would grow much faster than their number: 20 000 one-edit updates take seconds).
 */
const MERGE_STORED_PARTS_MAX = 64;

export class MergeCore<A extends MergeAuthor, P = unknown> {
  readonly doc: Y.Doc;
  private tail: Promise<unknown> = Promise.resolve();
  private lastCommit: Promise<void> = Promise.resolve();
  /**
   * The stored bytes (snapshot + log tail) the document was loaded from, while nothing has
   * changed since: a client with an empty state vector is answered with them as they are.
   */
  private storedBytes: Uint8Array[] | null = null;
  /** stored bytes given to `loadQueued` are not applied yet */
  private pendingLoad = false;
  /** set when the store refused a change: the document is ahead of the store and takes nothing more */
  private broken = false;

  constructor(private readonly options: MergeCoreOptions<A, P>) {
    this.doc = options.doc ?? createPackageDoc();
  }

  /** Runs work on the document after everything queued before it (one change at a time). */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Applies stored bytes at load time, and keeps them for cold syncs. */
  load(parts: Uint8Array[]): void {
    Y.transact(this.doc, () => {
      for (const part of parts) Y.applyUpdate(this.doc, part);
    });
    this.storedBytes = parts.length ? [...parts] : null;
  }

  /** true while stored bytes given to `loadQueued` wait to be applied */
  get loading(): boolean {
    return this.pendingLoad;
  }

  /**
   * `load` in the queue: `steps.before` is awaited first (the server yields to the event loop
   * there, so clients already waiting are answered), `steps.after` (the rest of loading) runs in
   * the same turn of the queue, so every change and every other sync waits for all three. Until
   * the bytes are applied a client with an empty state vector is answered from them as they are
   * (`sync`): nothing can have been merged before them, so they are the whole committed state,
   * and the client starts applying them while the server decodes its own copy.
   */
  loadQueued(parts: Uint8Array[], steps: { before?: () => Promise<void>; after?: () => Promise<void> | void } = {}): Promise<void> {
    this.storedBytes = parts.length ? [...parts] : null;
    this.pendingLoad = true;
    return this.run(async () => {
      try {
        await steps.before?.();
        this.load(parts);
      } finally {
        this.pendingLoad = false;
      }
      await steps.after?.();
    });
  }

  /**
   * The merge path for an incoming update. Only what the document lacks is authorized, merged
   * and stored; it is relayed (except to `from`) once stored. Never throws for bad input.
   */
  apply(update: Uint8Array, author: A, from: P | null = null): Promise<MergeResult<A>> {
    return this.run(async () => {
      if (this.broken) return { status: 'unavailable' as const, reason: 'the server could not store a change; reconnect' };
      const schema = this.options.schema ?? PACKAGE_SCHEMA;
      let admission = await admitUpdateAsync(this.doc, update, author, this.options.authorizers, schema);
      if (!admission.ok && admission.unresolved && this.options.store.storedState) {
        // another instance may have committed what this update builds on: catch up, then judge again
        for (const stored of await this.options.store.storedState()) this.integrateNow(stored);
        admission = await admitUpdateAsync(this.doc, update, author, this.options.authorizers, schema);
      }
      if (!admission.ok) return { status: admission.malformed ? ('malformed' as const) : ('refused' as const), code: admission.code, reason: admission.reason };
      const { payload } = admission;
      const inspection: Record<string, unknown> = {};
      for (const extension of this.options.extensions ?? []) {
        if (!extension.inspect) continue;
        try {
          inspection[extension.name] = extension.inspect(payload);
        } catch (error) {
          this.options.extensionFailed?.(extension.name, error);
        }
      }
      let change: Uint8Array | null;
      try {
        change = this.merge(payload.update);
      } catch (error) {
        return { status: 'malformed' as const, code: 'malformed', reason: `cannot apply the update: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (!change) return { status: 'unchanged' as const };
      const accepted: AcceptedChange<A> = {
        ...payload,
        change,
        sections: [...payload.scope.sections],
        paths: [...payload.scope.paths],
        inspection,
      };
      const committed = this.options.store.append(accepted).then(() => {
        this.options.relay.relay(change, from);
        const later = this.options.afterRelay;
        if (!later) return this.committedHooks(accepted);
        return new Promise<void>((resolve) =>
          later(() => {
            this.committedHooks(accepted);
            resolve();
          }),
        );
      });
      committed.catch((error: unknown) => {
        if (this.broken) return;
        this.broken = true;
        this.options.storeFailed?.(error);
      });
      this.lastCommit = committed.catch(() => undefined);
      return { status: 'accepted' as const, change: accepted, committed };
    });
  }

  private committedHooks(accepted: AcceptedChange<A>): void {
    for (const extension of this.options.extensions ?? []) {
      try {
        extension.committed?.(accepted);
      } catch (error) {
        this.options.extensionFailed?.(extension.name, error);
      }
    }
  }

  /**
   * A change made by the server (REST edit, resolution, restore): generated on a copy, then
   * sent through the same merge path, so it is authorized and stored like any other.
   */
  async change(author: A, edit: (doc: Y.Doc) => void): Promise<MergeResult<A>> {
    const update = await this.run(() => {
      const copy = createPackageDoc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
      const updates: Uint8Array[] = [];
      copy.on('update', (u: Uint8Array) => updates.push(u));
      edit(copy);
      copy.destroy();
      return updates.length ? Y.mergeUpdates(updates) : null;
    });
    if (!update) return { status: 'unchanged' };
    return this.apply(update, author);
  }

  /**
   * What a client holding `stateVector` lacks, from committed state only (nothing unstored
   * leaves the server), handed to `deliver` inside the queue so no later relay overtakes it.
   * `missing` is the answer (sync step 2); `before`, when not empty, are stored updates the
   * client lacks too, to be sent ahead of it (a client parks them until `missing` arrives, so it
   * holds everything once it has the answer): a new client of a document loaded from a snapshot
   * and a short log gets the stored bytes as they are, without merging them.
   */
  sync(stateVector: Uint8Array, deliver: (missing: Uint8Array, before: readonly Uint8Array[]) => void): Promise<void> {
    if (this.pendingLoad && isEmptyStateVector(stateVector) && this.storedBytes && this.storedBytes.length <= MERGE_STORED_PARTS_MAX) {
      // answered from the stored bytes before they are decoded (`loadQueued`)
      const { missing, before } = this.missing(stateVector);
      deliver(missing, before);
      return Promise.resolve();
    }
    return this.run(async () => {
      await this.lastCommit;
      const { missing, before } = this.missing(stateVector);
      deliver(missing, before);
    });
  }

  /** Resolves once every accepted change so far is stored (or failed). */
  flushed(): Promise<void> {
    return this.run(() => this.lastCommit);
  }

  /** Merges a change already stored elsewhere (another instance) and relays what was new here. */
  integrate(update: Uint8Array): Promise<void> {
    return this.run(() => this.integrateNow(update));
  }

  private integrateNow(update: Uint8Array): void {
    const applied = this.merge(update);
    if (applied) this.options.relay.relay(applied, null);
  }

  private merge(update: Uint8Array): Uint8Array | null {
    const applied = mergeUpdate(this.doc, update);
    if (applied) this.storedBytes = null;
    return applied;
  }

  private missing(stateVector: Uint8Array): { missing: Uint8Array; before: readonly Uint8Array[] } {
    if (!isEmptyStateVector(stateVector) || !this.storedBytes) return { missing: Y.encodeStateAsUpdate(this.doc, stateVector), before: [] };
    if (this.storedBytes.length > MERGE_STORED_PARTS_MAX) this.storedBytes = [Y.encodeStateAsUpdate(this.doc)];
    const [first, ...rest] = this.storedBytes;
    return { missing: first as Uint8Array, before: rest };
  }
}
