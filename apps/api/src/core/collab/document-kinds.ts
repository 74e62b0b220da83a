import { Injectable } from '@nestjs/common';
import type { DocumentSchema, WriteRights } from '@zerobase/collab';
import type * as Y from 'yjs';
import type { Principal } from '../auth';

/**
 * The kinds of co-edited documents on `/collab`: a decision package (`/collab/<packageId>`) and a
 * meeting's minutes (`/collab/minutes:<meetingId>`). Each kind has its own schema, its own access
 * rules and its own steps in the merge pipeline (core/merge-pipeline); storage, sync, presence,
 * fan-out and re-checks are shared. The package kind is built in; others register a handler.
 */
export type DocumentKind = 'package' | 'minutes';

export interface DocumentRef {
  kind: DocumentKind;
  /** the id the document is stored under (package id, meeting id) */
  id: string;
  /** the name on `/collab` and in the registry */
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `<uuid>` is a package, `minutes:<uuid>` a meeting's minutes; anything else is no document. */
export function parseDocumentName(name: string): DocumentRef | null {
  if (UUID.test(name)) return { kind: 'package', id: name.toLowerCase(), name: name.toLowerCase() };
  const colon = name.indexOf(':');
  if (colon < 0) return null;
  const kind = name.slice(0, colon);
  const id = name.slice(colon + 1);
  if (kind !== 'minutes' || !UUID.test(id)) return null;
  return { kind, id: id.toLowerCase(), name: `${kind}:${id.toLowerCase()}` };
}

export const minutesDocumentName = (meetingId: string): string => `minutes:${meetingId}`;

export type DocumentAccess = { read: false; reason: string } | { read: true; rights: WriteRights; departmentId: string | null };

/** What a kind of document other than packages tells the shared machinery. */
export interface DocumentKindHandler {
  readonly kind: Exclude<DocumentKind, 'package'>;
  readonly schema: DocumentSchema;
  /** the cycle the document belongs to; null when it does not exist */
  cycleOf(id: string): Promise<string | null>;
  /** writes the content of a document opened for the first time (nothing stored yet) */
  initialContent(id: string, doc: Y.Doc): Promise<void>;
  /** whether this user may read it now, and what they may write */
  access(principal: Principal, id: string): Promise<DocumentAccess>;
}

/** Handlers of the document kinds other than packages, registered by their modules at start. */
@Injectable()
export class DocumentKinds {
  private readonly handlers = new Map<DocumentKind, DocumentKindHandler>();

  register(handler: DocumentKindHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  handler(kind: DocumentKind): DocumentKindHandler {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`no handler for ${kind} documents`);
    return handler;
  }
}
