import { Injectable, Logger } from '@nestjs/common';
import type { UpdateResolver } from '@zerobase/collab';
import type * as Y from 'yjs';
import type { ChangeAuthor } from './collab-peer';
import { DocStore } from './doc-store';
import type { LiveDocument, LiveDocumentHooks } from './live-document';

/**
 * A module that plugs into the merge path. Every hook is optional; the steps run in this
 * order for each change: authorize → inspect → merge → log (commit) → relay → committed.
 */
export interface DocumentExtension {
  readonly name: string;
  /** a document was loaded into this instance */
  onLoaded?(live: LiveDocument): void | Promise<void>;
  /** an authorized change, before it is merged (`decoded`: the update as authorization read it); the result reaches onCommitted */
  inspect?(doc: Y.Doc, update: Uint8Array, author: ChangeAuthor, decoded: UpdateResolver): unknown;
  /** a change is committed and relayed to this instance's clients */
  onCommitted?(live: LiveDocument, update: Uint8Array, inspection: unknown, author: ChangeAuthor): void;
  /** before a document unloads: finish pending work for it */
  onFlush?(live: LiveDocument): Promise<void>;
  /** the document was unloaded (or discarded): drop what is kept for it */
  onUnloaded?(live: LiveDocument): void;
}

export interface RegistryCallbacks {
  maybeCompact(live: LiveDocument): void;
  discard(live: LiveDocument, reason: string): void;
}

/** Holds the extensions and turns them into the hooks each live document calls. */
@Injectable()
export class DocumentPipeline {
  private readonly logger = new Logger('pipeline');
  private readonly extensions: DocumentExtension[] = [];

  constructor(private readonly store: DocStore) {}

  register(extension: DocumentExtension): void {
    this.extensions.push(extension);
  }

  hooksFor(registry: RegistryCallbacks): LiveDocumentHooks {
    return {
      append: (entry) => this.store.append(entry),
      storedState: async (live) => {
        const stored = await this.store.load(live.packageId);
        return [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)];
      },
      inspect: (doc, update, author, decoded) => {
        const out: Record<string, unknown> = {};
        for (const e of this.extensions) if (e.inspect) out[e.name] = e.inspect(doc, update, author, decoded);
        return out;
      },
      committed: (live, update, inspection, author) => {
        for (const e of this.extensions) {
          try {
            e.onCommitted?.(live, update, (inspection as Record<string, unknown>)[e.name], author);
          } catch (error) {
            this.logger.error(`${e.name} failed after a commit: ${String(error)}`);
          }
        }
        registry.maybeCompact(live);
      },
      failed: (live, error) => {
        this.logger.error(`commit for ${live.packageId} failed: ${String(error)}`);
        registry.discard(live, 'the server could not store a change; reconnect');
      },
    };
  }

  async loaded(live: LiveDocument): Promise<void> {
    for (const e of this.extensions) await e.onLoaded?.(live);
  }

  unloaded(live: LiveDocument): void {
    for (const e of this.extensions) e.onUnloaded?.(live);
  }

  async flushed(live: LiveDocument): Promise<void> {
    for (const e of this.extensions) await e.onFlush?.(live);
  }
}
