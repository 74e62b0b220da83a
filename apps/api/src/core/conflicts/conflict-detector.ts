import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { checkInvariants, conflictsOfUpdate, DeletedTextMemory, parseRootName, projectSnapshot, ROW_COLLECTIONS, ROW_KEY, textWithout, UpdateResolver, type EditConflict, type RowCollection } from '@zerobase/collab';
import * as Y from 'yjs';
import { CycleEvents } from '../../base/events/cycle-events';
import { DocumentRegistry, PackageProjection, type CommittedPayload, type DocumentExtension, type InspectPayload } from '../collab';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { ClientAuthors } from './client-authors';
import { editDeleteDraft, invariantDraft, overwriteDraft, UNKNOWN, type InvariantFacts } from './conflict-records';
import { readField, textOfPath } from './conflict-resolution';
import { ConflictStore, type StoredDraft } from './conflict-store';
import type { ConflictDraft, ConflictRow, Who } from './conflict-types';
import { ConflictNotifier } from './conflict-views';
import { InvariantInputsReader } from './invariant-inputs';

/** LiveDocument as this module uses it (the collab module does not export the class). */
interface Live {
  readonly packageId: string;
  readonly cycleId: string;
  readonly departmentCodes: string[];
  readonly doc: Y.Doc;
  readonly closed: boolean;
  /** resolves once the first client has its sync answer */
  readonly firstSync?: Promise<void>;
}

/**
 * The invariant check of a freshly loaded document (a projection of the whole document) waits
 * for the first client's sync answer to leave, or at most this long when nobody connects.
 */
export const LOAD_CHECK_WAIT_MS = 250;

type Author = Omit<Who, 'department'>;

interface Inspection {
  conflicts: EditConflict[];
  incoming: Author;
  /** authors of the values the update displaces, looked up before it is merged */
  previous: Map<number, Author>;
  /** who deleted the rows the update edits, by edit-delete key */
  deleters: Map<string, Author>;
}

/** The edit-delete keys (`editDelete:<section>/<collection>/<rowId>`) of the rows an update deletes. */
function deletedRowKeys(resolver: UpdateResolver): string[] {
  if (resolver.ds.clients.size === 0) return [];
  const keys: string[] = [];
  for (const { item, where } of resolver.deletions().targets) {
    if (where !== 'server' || !(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map)) continue;
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType) || parent._item !== null) continue;
    const name = resolver.rootNameOfType(parent);
    const info = name === null ? null : parseRootName(name);
    if (!info || !(ROW_COLLECTIONS as readonly string[]).includes(info.part)) continue;
    const rowId = item.content.type.get(ROW_KEY[info.part as RowCollection]);
    if (typeof rowId === 'string') keys.push(`editDelete:${info.section}/${info.part}/${rowId}`);
  }
  return keys;
}

const MAX_TRACKED = 5_000;
/** deleted text characters remembered per loaded document */
const DELETED_TEXT_KEPT = 50_000;

/**
 * Finds conflicts and keeps their records current:
 * - in the merge path (a DocumentExtension), concurrent overwrites and edits of deleted rows,
 *   found in each incoming update against the document before it, stored once it is committed;
 * - after each projection (and when a document loads, a cycle's quota or envelopes change, or a
 *   package asks to move to review), the invariants of the package, upserted and cleared by key.
 * Work for one package runs in order; records are pushed over Socket.IO as they change.
 */
@Injectable()
export class ConflictDetector implements DocumentExtension, OnModuleInit {
  readonly name = 'conflicts';
  private readonly logger = new Logger('conflicts');
  private readonly authors = new ClientAuthors();
  private readonly lives = new WeakMap<Y.Doc, Live>();
  /** recently deleted text per document, for the characters a racing rewrite kept */
  private readonly deletedText = new WeakMap<Y.Doc, DeletedTextMemory>();
  private readonly lastChange = new Map<string, Author>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pendingChecks = new Map<string, Promise<void>>();

  constructor(
    private readonly projection: PackageProjection,
    private readonly registry: DocumentRegistry,
    private readonly departments: DepartmentsService,
    private readonly store: ConflictStore,
    private readonly inputs: InvariantInputsReader,
    private readonly notifier: ConflictNotifier,
    private readonly events: CycleEvents,
  ) {}

  onModuleInit(): void {
    this.projection.onProjected((packageId) => void this.scheduleCheck(packageId, false));
    this.events.on((change) => {
      if (change.cause === 'cycle') void this.recheckCycle(change.cycleId);
    });
  }

  // ---- merge path ----

  onLoaded(live: Live): void {
    this.lives.set(live.doc, live);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, LOAD_CHECK_WAIT_MS)));
    void Promise.race([live.firstSync ?? Promise.resolve(), waited]).then(() => {
      clearTimeout(timer);
      // after the answer's write has left (the socket is corked until the end of the tick)
      setImmediate(() => void this.scheduleCheck(live.packageId, false));
    });
  }

  inspect({ change }: InspectPayload): Inspection | null {
    const { doc, author, decoded: resolver } = change;
    const live = this.lives.get(doc);
    if (!live) return null;
    const incoming: Author = { userId: author.userId, departmentId: author.departmentId, origin: author.origin, at: new Date().toISOString() };
    let conflicts: EditConflict[] = [];
    let deleted: string[] = [];
    let writers = new Set<number>();
    try {
      let memory = this.deletedText.get(doc);
      if (!memory) this.deletedText.set(doc, (memory = new DeletedTextMemory(DELETED_TEXT_KEPT)));
      conflicts = conflictsOfUpdate(resolver, memory);
      memory.remember(resolver);
      deleted = deletedRowKeys(resolver);
      writers = new Set(resolver.structs.filter((s) => s instanceof Y.Item).map((s) => s.id.client));
    } catch (error) {
      this.logger.warn(`conflict detection failed for ${live.packageId}: ${String(error)}`);
    }
    const previous = new Map<number, Author>();
    const deleters = new Map<string, Author>();
    for (const c of conflicts) {
      const known = c.kind === 'concurrentOverwrite' ? this.authors.get(live.packageId, c.previous.clientId) : this.authors.deleter(live.packageId, c.key);
      if (known && c.kind === 'concurrentOverwrite') previous.set(c.previous.clientId, known);
      if (known && c.kind === 'editDelete') deleters.set(c.key, known);
    }
    this.authors.learn(live.packageId, writers, incoming);
    for (const key of deleted) this.authors.learnDeletion(live.packageId, key, incoming);
    return { conflicts, incoming, previous, deleters };
  }

  onCommitted({ live, inspection }: CommittedPayload): void {
    const found = inspection as Inspection | null;
    if (!found) return;
    this.lastChange.delete(live.packageId);
    this.lastChange.set(live.packageId, found.incoming);
    if (this.lastChange.size > MAX_TRACKED) this.lastChange.delete(this.lastChange.keys().next().value as string);
    if (found.conflicts.length === 0) return;
    // a rewritten text's intended value is the merged text without what its writer never saw
    found.conflicts = found.conflicts.filter((c) => {
      if (c.kind !== 'concurrentOverwrite' || !c.unseen) return true;
      const text = textOfPath(live.doc, c.path);
      if (!text) return false;
      c.incoming.value = textWithout(text, c.unseen, c.kept);
      return c.incoming.value !== c.previous.value;
    });
    if (found.conflicts.length === 0) return;
    // the value the document converged to, read right after the merge
    const converged = found.conflicts.map((c) => (c.kind === 'concurrentOverwrite' ? readField(live.doc, c.path) : undefined));
    void this.enqueue(live.packageId, () => this.storeEditConflicts(live, found, converged));
  }

  async onFlush(live: Live): Promise<void> {
    for (let tail = this.queues.get(live.packageId); tail; tail = this.queues.get(live.packageId)) await tail;
  }

  private async storeEditConflicts(live: Live, found: Inspection, converged: unknown[]): Promise<void> {
    const directory = await this.departments.directory();
    const withCode = (who: Author): Who => ({ ...who, department: who.departmentId ? directory.codeOf(who.departmentId) : null });
    const incoming = withCode(found.incoming);
    for (const [i, conflict] of found.conflicts.entries()) {
      let draft: ConflictDraft;
      if (conflict.kind === 'concurrentOverwrite') {
        const known = found.previous.get(conflict.previous.clientId);
        draft = overwriteDraft(conflict, known ? withCode(known) : UNKNOWN, incoming, converged[i], live.departmentCodes);
      } else {
        const deleter = found.deleters.get(conflict.key);
        draft = editDeleteDraft(conflict, deleter ? withCode(deleter) : UNKNOWN, incoming, live.departmentCodes);
      }
      const { type, row } = await this.store.upsertEdit(live.cycleId, live.packageId, this.withIds(draft, directory));
      this.notifier.push(type, row, directory);
    }
  }

  // ---- invariants ----

  /** Re-checks a package's invariants after the work queued for it; coalesces repeated requests. */
  scheduleCheck(packageId: string, load: boolean): Promise<void> {
    if (!load) {
      const pending = this.pendingChecks.get(packageId);
      if (pending) return pending;
    }
    const run = this.enqueue(packageId, async () => {
      if (this.pendingChecks.get(packageId) === run) this.pendingChecks.delete(packageId);
      await this.checkInvariants(packageId, load);
    });
    if (!load) this.pendingChecks.set(packageId, run);
    return run;
  }

  private async recheckCycle(cycleId: string): Promise<void> {
    try {
      const { loaded } = await this.registry.stats();
      const withRecords = new Set(await this.store.packagesWithOpen(cycleId, ['envelope', 'quota']));
      for (const packageId of loaded) {
        const live = await this.registry.get(packageId).catch(() => null);
        if (live?.cycleId === cycleId && !withRecords.has(packageId)) void this.scheduleCheck(packageId, false);
      }
      // records that may clear with the new figures, even where nobody has the package open
      for (const packageId of withRecords) void this.scheduleCheck(packageId, true);
    } catch (error) {
      this.logger.error(`re-checking cycle ${cycleId} failed: ${String(error)}`);
    }
  }

  private async checkInvariants(packageId: string, load: boolean): Promise<void> {
    if (!load && !this.registry.isLoaded(packageId)) return;
    const live = await this.registry.get(packageId);
    if (live.closed) return;
    const directory = await this.departments.directory();
    const owners = live.departmentCodes;
    const ownerIds = owners.map((code) => directory.byCode(code)?.id).filter((id): id is string => !!id);
    const snapshot = projectSnapshot(live.doc, { departmentIds: owners });
    const inputs = await this.inputs.read(live.cycleId, packageId, ownerIds);
    if (!inputs) return;
    const envelopes: Record<string, number> = {};
    const otherRequests: Record<string, number> = {};
    for (const [id, fen] of inputs.envelopes) {
      const code = directory.codeOf(id);
      otherRequests[code] = inputs.otherRequests.get(id) ?? 0;
      // a department is held to its envelope in the packages that ask something for it
      if ((snapshot.requestByDepartment[code] ?? 0) > 0) envelopes[code] = fen;
    }
    const records = checkInvariants(snapshot, { departmentIds: owners, envelopes, otherRequestsFen: otherRequests, quotaFen: inputs.quotaFen });
    const facts: InvariantFacts = {
      owners,
      split: snapshot.costSplit,
      requestInPackage: snapshot.requestByDepartment,
      otherRequests,
      totalQuotaFen: inputs.totalQuotaFen,
      reserveBasisPoints: inputs.reserveBasisPoints,
      trigger: this.withCodeOrNull(this.lastChange.get(packageId), directory),
      at: new Date().toISOString(),
    };
    const changes = await this.store.reconcileInvariants(
      live.cycleId,
      packageId,
      records.map((r) => this.withIds(invariantDraft(r, facts), directory)),
    );
    const resolved: ConflictRow[] = [...changes.resolved];
    for (const [id, fen] of inputs.envelopes) {
      const code = directory.codeOf(id);
      if ((snapshot.requestByDepartment[code] ?? 0) + (inputs.otherRequests.get(id) ?? 0) <= fen) {
        resolved.push(...(await this.store.clearElsewhere(live.cycleId, packageId, `envelope:${code}`)));
      }
    }
    for (const row of changes.created) this.notifier.push('created', row, directory);
    for (const row of changes.updated) this.notifier.push('updated', row, directory);
    for (const row of resolved) this.notifier.push('resolved', row, directory);
  }

  // ---- helpers ----

  private withCodeOrNull(who: Author | undefined, directory: DepartmentDirectory): Who | null {
    return who ? { ...who, department: who.departmentId ? directory.codeOf(who.departmentId) : null } : null;
  }

  private withIds(draft: ConflictDraft, directory: DepartmentDirectory): StoredDraft {
    const departmentIds = draft.departments.map((code) => directory.byCode(code)?.id).filter((id): id is string => !!id);
    return { ...draft, departmentIds };
  }

  /** Runs work for one package after the work already queued for it; failures are logged. */
  private enqueue(packageId: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(packageId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => this.logger.error(`conflict work for ${packageId} failed: ${error instanceof Error ? error.message : String(error)}`));
    this.queues.set(packageId, next);
    void next.then(() => {
      if (this.queues.get(packageId) === next) this.queues.delete(packageId);
    });
    return next;
  }
}
