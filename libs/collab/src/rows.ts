/**
 * Generic operations on rows: Y.Maps of plain values with a stable key, inside a Y.Array.
 * Rows are inserted whole and never replaced; updates write only the fields that change (no
 * needless tombstones, no false concurrent-overwrite conflicts).
 */
import * as Y from 'yjs';
import { ROW_KEY, type AnyType, type RowArray, type RowCollection, type RowMap } from './schema';

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
  return false;
}

export function rowKey(map: RowMap, collection: RowCollection): string | undefined {
  const key = map.get(ROW_KEY[collection]);
  return typeof key === 'string' ? key : undefined;
}

export function findRowIndex(array: RowArray, collection: RowCollection, key: string): number {
  let index = 0;
  for (const row of array) {
    if (row instanceof Y.Map && rowKey(row, collection) === key) return index;
    index++;
  }
  return -1;
}

export function findRow(array: RowArray, collection: RowCollection, key: string): RowMap | undefined {
  const index = findRowIndex(array, collection, key);
  return index < 0 ? undefined : array.get(index);
}

/** A new, not yet integrated row map holding these fields (undefined values are skipped). */
export function createRowMap(fields: Record<string, unknown>): RowMap {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) entries.push([key, Array.isArray(value) ? [...value] : value]);
  }
  return new Y.Map<unknown>(entries);
}

/** Write the changed fields; undefined deletes the key. Returns the number of keys written. Call inside a transaction. */
export function patchRowMap(map: RowMap, fields: Record<string, unknown>): number {
  let written = 0;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) {
      if (map.has(key)) {
        map.delete(key);
        written++;
      }
    } else if (!valuesEqual(map.get(key), value)) {
      map.set(key, Array.isArray(value) ? [...value] : value);
      written++;
    }
  }
  return written;
}

/** The plain fields of a live row map. */
export function readRowRaw(map: RowMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  map.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/**
 * The last values of a row map even when the row (or the field) is deleted, as long as its
 * content was not garbage collected (see `keepDeletedRows`). Missing/collected fields are absent.
 */
export function readRowTombstone(type: AnyType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of type._map) {
    if (item.content instanceof Y.ContentAny || item.content instanceof Y.ContentJSON || item.content instanceof Y.ContentString) {
      const values = item.content.getContent();
      if (values.length > 0) out[key] = values[values.length - 1];
    }
  }
  return out;
}
