/**
 * Caret arithmetic for a plain-text editor bound to a Y.Text: move a position through a remote
 * change (a Yjs delta), and describe a local change as one splice.
 */

/** One op of a Y.Text delta (`event.delta`); embeds count as one character. */
export interface DeltaOp {
  insert?: string | object;
  retain?: number;
  delete?: number;
}

/**
 * Where `index` (a position in the text before the change) ends up after it. An insert exactly
 * at the position stays after it (the caret keeps its place before remote text typed there);
 * a position inside a deleted range moves to the start of the range.
 */
export function transformIndex(index: number, delta: readonly DeltaOp[]): number {
  let oldPos = 0;
  let shift = 0;
  for (const op of delta) {
    if (oldPos > index) break;
    if (op.retain !== undefined) {
      oldPos += op.retain;
    } else if (op.insert !== undefined) {
      if (oldPos < index) shift += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      const end = oldPos + op.delete;
      shift -= index >= end ? op.delete : index - oldPos;
      oldPos = end;
    }
  }
  return index + shift;
}

import type { Splice } from '@zerobase/collab/editor';

// the one implementation of the minimal splice lives with the Y.Text helpers
export { diffSplice, type Splice } from '@zerobase/collab/editor';

/** The splice as a delta, to move positions through it. */
export function spliceDelta(splice: Splice): DeltaOp[] {
  const ops: DeltaOp[] = [];
  if (splice.index > 0) ops.push({ retain: splice.index });
  if (splice.remove > 0) ops.push({ delete: splice.remove });
  if (splice.insert) ops.push({ insert: splice.insert });
  return ops;
}

/**
 * Rebase a local splice made on an old text onto the text after `remote` changes: both ends
 * of the removed range move through the remote changes (text the remote side deleted is not
 * removed twice).
 */
export function rebaseSplice(splice: Splice, remote: readonly DeltaOp[][]): Splice {
  let start = splice.index;
  let end = splice.index + splice.remove;
  for (const delta of remote) {
    start = transformIndex(start, delta);
    end = transformIndex(end, delta);
  }
  return { index: start, remove: Math.max(0, end - start), insert: splice.insert };
}

