/**
 * Creating package documents. The server's authoritative document keeps the content of deleted
 * rows (cost lines, activities, KPIs, risks, levels) instead of garbage-collecting it, so that
 * - an edit that arrives for a row someone else deleted can still be located (its parent or
 *   origin is a field item of that row) and reported as an edit/delete conflict with the row id;
 * - the deleted row's last values can be shown and restored.
 * Only whole deleted rows are kept: overwritten field values of live rows and deleted text are
 * collected as usual, so high-churn fields do not accumulate tombstones. Rows are low churn.
 * Clients may use plain `new Y.Doc()`; they receive the kept content and collect it locally.
 */
import * as Y from 'yjs';
import { ROW_COLLECTIONS, parseRootName, type AnyType, type RowCollection } from './schema';

function isRowArrayRoot(type: AnyType): boolean {
  if (type._item !== null || type.doc === null) return false;
  for (const [name, root] of type.doc.share) {
    if (root === type) {
      const info = parseRootName(name);
      return info !== null && info.kind === 'array' && (ROW_COLLECTIONS as readonly string[]).includes(info.part as RowCollection);
    }
  }
  return false;
}

/** A Yjs `gcFilter`: returns false (keep) for deleted rows and the fields of deleted rows. */
export function keepDeletedRows(item: Y.Item): boolean {
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return true;
  // the row itself: a nested type directly inside a row array
  if (item.content instanceof Y.ContentType && isRowArrayRoot(parent)) return false;
  // a field of a row that is deleted
  const rowItem = parent._item;
  if (rowItem !== null && rowItem.deleted && rowItem.parent instanceof Y.AbstractType && isRowArrayRoot(rowItem.parent)) return false;
  return true;
}

export type PackageDocOptions = Omit<NonNullable<ConstructorParameters<typeof Y.Doc>[0]>, 'gcFilter' | 'gc'>;

/** The document the server holds for a package: gc on, deleted rows kept (see above). */
export function createPackageDoc(options: PackageDocOptions = {}): Y.Doc {
  return new Y.Doc({ ...options, gc: true, gcFilter: keepDeletedRows });
}
