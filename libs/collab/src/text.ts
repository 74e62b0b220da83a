/**
 * Minimal edits: replacing a whole Y.Text or Y.Array<string> with a new value deletes and
 * inserts only the differing middle part, so that concurrent edits elsewhere in the text merge.
 */
import * as Y from 'yjs';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A change of a string as one splice: at `index`, remove `remove` characters and insert `insert`. */
export interface Splice {
  index: number;
  remove: number;
  insert: string;
}

/** The smallest splice turning `prev` into `next` (common prefix and suffix kept; surrogate pairs never split). */
export function diffSplice(prev: string, next: string): Splice {
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  if (endPrev < prev.length && isLowSurrogate(prev.charCodeAt(endPrev))) {
    endPrev++;
    endNext++;
  }
  return { index: start, remove: endPrev - start, insert: next.slice(start, endNext) };
}

/** `Item.info` bits (yjs 13, src/structs/Item.js): BIT2 countable, BIT3 deleted */
const COUNTABLE = 2;
const DELETED = 4;

/**
 * The text's characters, as `Y.Text.toString` gives them: the same walk over its items, with the
 * item flags read directly (Yjs reads each through a getter and lib0's bit constants through a
 * module namespace getter, which made the walk about twice as slow). Embeds and formatting marks
 * are skipped, as `toString` skips them. The projection reads whole texts with it.
 */
export function textOf(text: Y.Text): string {
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if ((item.info & (COUNTABLE | DELETED)) === COUNTABLE && item.content.constructor === Y.ContentString) out += (item.content as Y.ContentString).str;
  }
  return out;
}

/** Call inside a transaction. */
export function replaceText(text: Y.Text, next: string): void {
  const prev = text.toString();
  if (prev === next) return;
  const { index, remove, insert } = diffSplice(prev, next);
  if (remove > 0) text.delete(index, remove);
  if (insert) text.insert(index, insert);
}

/** Call inside a transaction. */
export function replaceList<T>(array: Y.Array<T>, next: readonly T[], equal: (a: T, b: T) => boolean = (a, b) => a === b): void {
  const prev = array.toArray();
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && equal(prev[start] as T, next[start] as T)) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && equal(prev[endPrev - 1] as T, next[endNext - 1] as T)) {
    endPrev--;
    endNext--;
  }
  if (endPrev > start) array.delete(start, endPrev - start);
  if (endNext > start) array.insert(start, next.slice(start, endNext));
}
