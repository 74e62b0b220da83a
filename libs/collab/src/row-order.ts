/**
 * Reordering and batch insertion of rows. Yjs arrays have no move: a moved row is deleted and
 * inserted again as a new Y.Map with the same key and fields, in one transaction (one update).
 * An edit someone makes to the row concurrently lands on the deleted map and surfaces as an
 * edit/delete conflict on the server, like any edit to a deleted row.
 */
import type * as Y from 'yjs';
import { addRow } from './row-access';
import { pickRowFields, validateRowFields, type RowTypes } from './row-types';
import { createRowMap, findRowIndex, readRowRaw } from './rows';
import { CollabError, ROW_KEY, rowArray, type RowCollection, type SectionName } from './schema';

/** Move the row with this key to `toIndex` (clamped; counted in the array without the row). Returns false when it is not there. */
export function moveRow(doc: Y.Doc, section: SectionName, collection: RowCollection, key: string, toIndex: number, origin?: unknown): boolean {
  let moved = false;
  doc.transact(() => {
    const array = rowArray(doc, section, collection);
    const from = findRowIndex(array, collection, key);
    if (from < 0) return;
    const to = Math.max(0, Math.min(Math.trunc(toIndex), array.length - 1));
    if (to === from) return;
    const fields = pickRowFields(collection, readRowRaw(array.get(from)));
    array.delete(from, 1);
    array.insert(to, [createRowMap(fields as unknown as Record<string, unknown>)]);
    moved = true;
  }, origin);
  return moved;
}

/** Insert several whole rows at the end in one transaction; throws (adding nothing) if any is invalid. */
export function addRows<C extends RowCollection>(doc: Y.Doc, section: SectionName, collection: C, rows: readonly RowTypes[C][], origin?: unknown): void {
  // check every row first, so that a throw leaves the document as it was
  const array = rowArray(doc, section, collection);
  const keys = new Set<string>();
  for (const row of rows) {
    validateRowFields(collection, row as unknown as Record<string, unknown>, true);
    const key = (row as unknown as Record<string, unknown>)[ROW_KEY[collection]] as string;
    if (keys.has(key) || findRowIndex(array, collection, key) >= 0) throw new CollabError(`${section}/${collection} already has a row ${key}`);
    keys.add(key);
  }
  doc.transact(() => {
    for (const row of rows) addRow(doc, section, collection, row, origin);
  }, origin);
}
