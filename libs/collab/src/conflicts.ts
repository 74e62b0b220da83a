/**
 * Semantic conflicts carried by an incoming update, found against the server document BEFORE
 * the update is applied (Yjs convergence is syntactic; these must surface to people).
 *
 * a. Concurrent overwrite. Yjs writes `map.set(key, v)` as a new Item with parentSub = key and
 *    origin = the last id of the item that was the key's value in the writer's replica
 *    (`typeMapSet` in yjs/src/types/AbstractType.js: `left = parent._map.get(key)`,
 *    `origin = left && left.lastId`). So the origin records the value its author saw. If the
 *    server's current value for that key is a different, live item written by another client,
 *    the writer never saw it: whichever of the two Yjs keeps (it depends on client ids), one
 *    person's value is silently dropped. Sequential edits (origin = the current item) and
 *    chains inside one update (origin = an earlier item of the same update) are not conflicts;
 *    neither is a concurrent write of an equal value.
 * b. Edit vs delete. The update inserts into or sets keys of a row (cost line, activity, KPI, …)
 *    — or anything nested in it — whose item is deleted in the server document. Locating the
 *    row needs its content, so the server document must keep deleted rows
 *    (`createPackageDoc`); with a plain Y.Doc such edits are often unlocatable garbage and
 *    only the ones addressed by parent id are reported, without row id.
 * c. Concurrent rewrite of a text field: text-rewrites.ts.
 * Invariants (split, envelopes, quota, duplicate work) are checked on snapshots: invariants.ts.
 */
import * as Y from 'yjs';
import { CollabError, ROW_COLLECTIONS, ROW_KEY, parseRootName, type AnyType, type RowCollection, type SectionName } from './schema';
import { readRowTombstone, valuesEqual } from './rows';
import { textRewritesOfUpdate, type DeletedTextMemory, type IdRange, type KeptChar } from './text-rewrites';
import { UpdateResolver } from './update-resolver';

export interface FieldPath {
  section: SectionName;
  /** root part: null for the `shared` root map, 'costSplit', or a row collection */
  collection: string | null;
  /** the row's key (id, or level for levels) when the field belongs to a row */
  rowId: string | null;
  /** the map key */
  field: string;
}

export interface ConcurrentOverwrite {
  kind: 'concurrentOverwrite';
  /** stable: one record per field */
  key: string;
  path: FieldPath;
  /** the server's current value and the Yjs client id that wrote it */
  previous: { value: unknown; clientId: number };
  /** the value the incoming update writes (its last write of the field) */
  incoming: { value: unknown; clientId: number };
  /**
   * Text fields only (text-rewrites.ts): the characters of the merged text the writer never saw;
   * the incoming value is the merged text without them, known after the merge (`textWithout`).
   */
  unseen?: IdRange[];
  /** Text fields only: deleted characters the writer had kept (someone else removed them meanwhile). */
  kept?: KeptChar[];
}

export interface EditDelete {
  kind: 'editDelete';
  /** stable: one record per deleted row */
  key: string;
  path: { section: SectionName; collection: RowCollection | null; rowId: string | null };
  /** the row's key (null when its content was garbage collected) */
  lineId: string | null;
  /** the incoming edits: fields set directly on the row, and how many edits in all */
  incoming: { clientId: number; fields: Record<string, unknown>; edits: number };
  /** the deleted row's last values, when the server document kept them */
  deleted: Record<string, unknown> | null;
}

export type EditConflict = ConcurrentOverwrite | EditDelete;

const NESTED = '[nested type]';

function valueOf(item: Y.Item): unknown {
  if (item.content instanceof Y.ContentType) return NESTED;
  const values = item.content.getContent();
  return values[values.length - 1];
}

interface RowInfo {
  section: SectionName;
  collection: RowCollection | null;
  rowItem: Y.Item;
  rowType: AnyType | null;
  rowId: string | null;
}

/** The row (item directly inside a root array) that contains `item`, if any. */
function rowOf(resolver: UpdateResolver, item: Y.Item): RowInfo | null {
  let row = item;
  for (;;) {
    const parent = row.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    if (parent._item === null) break;
    row = parent._item;
  }
  const rootName = resolver.rootNameOfType(row.parent as AnyType);
  const info = rootName === null ? null : parseRootName(rootName);
  if (!info) return null;
  const collection = (ROW_COLLECTIONS as readonly string[]).includes(info.part) ? (info.part as RowCollection) : null;
  const rowType = row.content instanceof Y.ContentType ? row.content.type : null;
  let rowId: string | null = null;
  if (rowType && collection) {
    const key = readRowTombstone(rowType)[ROW_KEY[collection]];
    rowId = typeof key === 'string' ? key : null;
  }
  return { section: info.section, collection, rowItem: row, rowType, rowId };
}

function fieldPath(resolver: UpdateResolver, type: AnyType, field: string): FieldPath | null {
  if (type._item === null) {
    const rootName = resolver.rootNameOfType(type);
    const info = rootName === null ? null : parseRootName(rootName);
    return info ? { section: info.section, collection: info.part === '' ? null : info.part, rowId: null, field } : null;
  }
  const row = rowOf(resolver, type._item);
  return row ? { section: row.section, collection: row.collection, rowId: row.rowId, field } : null;
}

function pathKey(path: FieldPath): string {
  return `overwrite:${path.section}/${path.collection ?? ''}/${path.rowId ?? ''}/${path.field}`;
}

function idWithin(id: Y.ID, item: Y.Item): boolean {
  return id.client === item.id.client && id.clock >= item.id.clock && id.clock < item.id.clock + item.length;
}

/** `deletedText`: recently deleted text, so that a rewrite's kept characters can be recovered (text-rewrites.ts). */
export function conflictsOfUpdate(resolver: UpdateResolver, deletedText: DeletedTextMemory | null = null): EditConflict[] {
  const overwrites = new Map<AnyType, Map<string, Y.Item[]>>();
  const editDeletes = new Map<Y.Item, EditDelete>();

  const noteEditDelete = (row: RowInfo, item: Y.Item, directField: string | null) => {
    let record = editDeletes.get(row.rowItem);
    if (!record) {
      const rowKey = row.rowId ?? `#${row.rowItem.id.client}:${row.rowItem.id.clock}`;
      record = {
        kind: 'editDelete',
        key: `editDelete:${row.section}/${row.collection ?? ''}/${rowKey}`,
        path: { section: row.section, collection: row.collection, rowId: row.rowId },
        lineId: row.rowId,
        incoming: { clientId: item.id.client, fields: {}, edits: 0 },
        deleted: row.rowType ? readRowTombstone(row.rowType) : null,
      };
      editDeletes.set(row.rowItem, record);
    }
    record.incoming.edits++;
    if (directField !== null && !(item.content instanceof Y.ContentDeleted)) record.incoming.fields[directField] = valueOf(item);
  };

  for (const item of resolver.effectiveItems()) {
    const location = resolver.locate(item);
    if (location.status === 'garbage' && location.lostIn) {
      const row = rowOf(resolver, location.lostIn);
      if (row) noteEditDelete(row, item, row.rowItem === location.lostIn ? item.parentSub : null);
      continue;
    }
    if (location.status !== 'ok') continue;
    if (location.deletedAncestor) {
      const row = rowOf(resolver, location.deletedAncestor);
      const direct = location.parent.kind === 'type' && row !== null && location.parent.type === row.rowType;
      if (row) noteEditDelete(row, item, direct ? location.parentSub : null);
      continue;
    }
    if (location.parent.kind !== 'type' || location.parentSub === null) continue;
    let byKey = overwrites.get(location.parent.type);
    if (!byKey) overwrites.set(location.parent.type, (byKey = new Map()));
    const list = byKey.get(location.parentSub) ?? [];
    list.push(item);
    byKey.set(location.parentSub, list);
  }

  const out: EditConflict[] = [];
  for (const [type, byKey] of overwrites) {
    for (const [field, items] of byKey) {
      const current = type._map.get(field);
      if (!current || current.deleted) continue;
      const unseen = items.find((item) => {
        const fromUpdate = item.origin ? resolver.find(item.origin)?.where === 'update' : false;
        if (fromUpdate) return false; // a chain on top of the update's own write
        if (item.id.client === current.id.client) return false;
        return item.origin === null || !idWithin(item.origin, current);
      });
      if (!unseen) continue;
      const latest = items
        .filter((i) => i.id.client === unseen.id.client)
        .reduce((a, b) => (b.id.clock > a.id.clock ? b : a));
      const incomingValue = latest.content instanceof Y.ContentDeleted ? undefined : valueOf(latest);
      const previousValue = valueOf(current);
      if (valuesEqual(incomingValue, previousValue)) continue;
      const path = fieldPath(resolver, type, field);
      if (!path) continue;
      out.push({
        kind: 'concurrentOverwrite',
        key: pathKey(path),
        path,
        previous: { value: previousValue, clientId: current.id.client },
        incoming: { value: incomingValue, clientId: unseen.id.client },
      });
    }
  }
  out.push(...editDeletes.values());
  out.push(...textRewritesOfUpdate(resolver, deletedText));
  return out;
}

/** Conflicts an incoming update would create; call before applying it. Throws CollabError on a malformed update. */
export function detectConflicts(docBefore: Y.Doc, update: Uint8Array): EditConflict[] {
  let resolver: UpdateResolver;
  try {
    resolver = new UpdateResolver(docBefore, update);
  } catch (error) {
    throw new CollabError(`malformed update: ${error instanceof Error ? error.message : String(error)}`);
  }
  return conflictsOfUpdate(resolver);
}
