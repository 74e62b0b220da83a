import { Injectable, Logger } from '@nestjs/common';
import { sectionRights, type AcceptedChange, type Authorizer, type ChangePayload, type DocumentSchema, type Refusal } from '@zerobase/collab';
import type { ChangeAuthor } from './collab-peer';
import { DocStore } from './doc-store';
import type { DocumentKind } from './document-kinds';
import type { LiveDocument, MergeWiring } from './live-document';

/** What an extension's `inspect` gets: one incoming, authorized change before it is merged. */
export interface InspectPayload {
  live: LiveDocument;
  change: ChangePayload<ChangeAuthor>;
}

/** What `onCommitted` gets: the stored and relayed change, and what this extension's `inspect` returned. */
export interface CommittedPayload {
  live: LiveDocument;
  change: AcceptedChange<ChangeAuthor>;
  inspection: unknown;
}

/**
 * An authorization step of the merge path (after the schema check and section rights): a
 * refusal refuses the update whole, with the reason, before anything is merged or stored.
 */
export interface DocumentAuthorizer {
  readonly name: string;
  authorize(payload: InspectPayload): Refusal | null | Promise<Refusal | null>;
}

/**
 * A module in the merge path. Every hook is optional; for each change the core runs
 * authorize → inspect → merge → store → relay → onCommitted, extensions in list order.
 */
export interface DocumentExtension {
  readonly name: string;
  /** a document was loaded into this instance */
  onLoaded?(live: LiveDocument): void | Promise<void>;
  /** an authorized change, before it is merged; the result reaches onCommitted */
  inspect?(payload: InspectPayload): unknown;
  /** a change is stored and relayed to this instance's clients */
  onCommitted?(payload: CommittedPayload): void;
  /** before a document unloads: finish pending work for it */
  onFlush?(live: LiveDocument): Promise<void>;
  /** the document was unloaded (or discarded): drop what is kept for it */
  onUnloaded?(live: LiveDocument): void;
}

export interface RegistryCallbacks {
  maybeCompact(live: LiveDocument): void;
  discard(live: LiveDocument, reason: string): void;
}

/** The ordered steps every document's merge core runs, set once at boot (see core/merge-pipeline). */
export interface PipelineSteps {
  /** run in order after the section rights; the first refusal refuses the update */
  authorizers: readonly DocumentAuthorizer[];
  extensions: readonly DocumentExtension[];
}

/**
 * The steps per kind of document: a package's content checks, projection, conflicts and
 * notifications do not run for minutes, which have their own authorizers.
 */
export type PipelineByKind = Record<DocumentKind, PipelineSteps>;

const NO_STEPS: PipelineSteps = { authorizers: [], extensions: [] };

/** Wires each live document's merge core to PostgreSQL (the store) and to the extensions. */
@Injectable()
export class DocumentPipeline {
  private readonly logger = new Logger('pipeline');
  private byKind: PipelineByKind = { package: NO_STEPS, minutes: NO_STEPS };

  constructor(private readonly store: DocStore) {}

  /** The one ordered list of authorizers and extensions, per kind of document. */
  use(steps: PipelineByKind): void {
    this.byKind = steps;
  }

  private stepsOf(live: LiveDocument): PipelineSteps {
    return this.byKind[live.kind];
  }

  wiringFor(registry: RegistryCallbacks, schema?: DocumentSchema): (live: LiveDocument) => MergeWiring {
    return (live) => ({
      ...(schema ? { schema } : {}),
      authorizers: [sectionRights, ...this.stepsOf(live).authorizers.map((a): Authorizer<ChangeAuthor> => (change) => a.authorize({ live, change }))],
      store: {
        append: (change) =>
          this.store.append({
            docId: live.packageId,
            update: change.change,
            edit: { cycleId: live.cycleId, userId: change.author.userId, departmentId: change.author.departmentId, origin: change.author.origin, sections: change.sections, paths: change.paths },
          }),
        storedState: async () => {
          const stored = await this.store.load(live.packageId);
          return [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)];
        },
      },
      extensions: [
        ...this.stepsOf(live).extensions.map((e) => ({
          name: e.name,
          inspect: e.inspect ? (change: ChangePayload<ChangeAuthor>) => e.inspect?.({ live, change }) : undefined,
          committed: e.onCommitted ? (change: AcceptedChange<ChangeAuthor>) => e.onCommitted?.({ live, change, inspection: change.inspection[e.name] }) : undefined,
        })),
        {
          name: 'log-bookkeeping',
          committed: () => {
            live.loggedUpdates++;
            registry.maybeCompact(live);
          },
        },
      ],
      // the relays of one commit batch leave (their sockets uncork at the end of the tick) before any change's hooks run
      afterRelay: (hooks) => setImmediate(hooks),
      extensionFailed: (name, error) => this.logger.error(`${name} failed for ${live.packageId}: ${String(error)}`),
      storeFailed: (error) => {
        this.logger.error(`commit for ${live.packageId} failed: ${String(error)}`);
        registry.discard(live, 'the server could not store a change; reconnect');
      },
    });
  }

  async loaded(live: LiveDocument): Promise<void> {
    for (const e of this.stepsOf(live).extensions) await e.onLoaded?.(live);
  }

  unloaded(live: LiveDocument): void {
    for (const e of this.stepsOf(live).extensions) e.onUnloaded?.(live);
  }

  async flushed(live: LiveDocument): Promise<void> {
    for (const e of this.stepsOf(live).extensions) await e.onFlush?.(live);
  }
}
