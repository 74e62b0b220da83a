/**
 * Where collaborators are in a package: the field they are in, and their caret and selection in
 * a text field as Yjs relative positions (which stay attached to the characters around them while
 * others type). Shared through awareness; the server binds identity, not these fields.
 */
import * as Y from 'yjs';
import { parseRootName } from './schema';

/** A caret or selection in a root text: anchor (where the selection started) and head (the caret). */
export interface TextCursor {
  /** the root text, e.g. `shared/purpose` or `dept:power/notes` */
  root: string;
  anchor: unknown;
  head: unknown;
}

/** The field a collaborator is in: a stable key and the label their screen shows for it. */
export interface FieldFocus {
  key: string;
  label: string;
}

const MAX_KEY = 120;
const MAX_LABEL = 80;

export function cursorAt(text: Y.Text, root: string, anchor: number, head: number): TextCursor {
  return {
    root,
    anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, anchor)),
    head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, head)),
  };
}

function absolute(doc: Y.Doc, json: unknown, text: Y.Text): number | null {
  if (typeof json !== 'object' || json === null) return null;
  try {
    const position = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
    return position && position.type === text ? position.index : null;
  } catch {
    return null;
  }
}

/** A cursor received from someone else, as a range of the text (from ≤ to), or null when it does not fit the document. */
export function cursorRange(doc: Y.Doc, value: unknown): { root: string; from: number; to: number; caret: number } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { root, anchor, head } = value as Partial<TextCursor>;
  if (typeof root !== 'string' || parseRootName(root)?.kind !== 'text') return null;
  const text = doc.getText(root);
  const a = absolute(doc, anchor, text);
  const h = absolute(doc, head, text);
  if (a === null || h === null) return null;
  return { root, from: Math.min(a, h), to: Math.max(a, h), caret: h };
}

/** A field focus received from someone else, or null when malformed. */
export function fieldFocus(value: unknown): FieldFocus | null {
  if (typeof value !== 'object' || value === null) return null;
  const { key, label } = value as Partial<FieldFocus>;
  if (typeof key !== 'string' || typeof label !== 'string' || !key || key.length > MAX_KEY || label.length > MAX_LABEL) return null;
  return { key, label };
}
