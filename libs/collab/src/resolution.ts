/**
 * Server-side helpers that resolve conflicts: restoring a row someone deleted, and accepting a
 * joint-implementation suggestion by moving department lines into the shared part.
 * Each runs in one transaction with the given origin, so it is one update for everyone.
 */
import * as Y from 'yjs';
import { BASIS_POINTS_PER_UNIT, costLineTotal, type CostShare, type Fen } from '@zerobase/domain';
import { addRow } from './row-access';
import { pickRowFields, validateRowFields, type CostLineData, type RowTypes } from './row-types';
import { createRowMap, findRowIndex, readRowRaw } from './rows';
import { CollabError, ROW_KEY, SHARED_SECTION, departmentSection, rowArray, type RowCollection, type SectionName } from './schema';
import { setCostSplit } from './shared-fields';

/**
 * Re-insert a deleted row from its last known values (a new Y.Map with the same key: a deleted
 * Yjs item cannot be undeleted). Returns false, changing nothing, when a live row with that key
 * exists. `index` defaults to the end.
 */
export function restoreDeletedRow<C extends RowCollection>(
  doc: Y.Doc,
  section: SectionName,
  collection: C,
  row: RowTypes[C],
  origin?: unknown,
  index?: number,
): boolean {
  const fields = pickRowFields(collection, row);
  const key = (fields as unknown as Record<string, unknown>)[ROW_KEY[collection]];
  if (typeof key !== 'string') throw new CollabError(`the row has no ${ROW_KEY[collection]}`);
  let restored = false;
  doc.transact(() => {
    if (findRowIndex(rowArray(doc, section, collection), collection, key) >= 0) return;
    addRow(doc, section, collection, fields, origin, index);
    restored = true;
  }, origin);
  return restored;
}

export function restoreDeletedLine(doc: Y.Doc, section: SectionName, line: CostLineData, origin?: unknown, index?: number): boolean {
  return restoreDeletedRow(doc, section, 'costLines', line, origin, index);
}

export interface LineRef {
  departmentId: string;
  lineId: string;
}

export interface MoveToSharedOptions {
  /**
   * Replace the moved lines by one merged shared line. Unset fields are taken from the most
   * expensive moved line; `id` defaults to that line's id.
   */
  merged?: Partial<Omit<CostLineData, 'fromDepartmentIds'>>;
}

export interface MoveToSharedResult {
  /** the lines as they were in their department sections */
  moved: (CostLineData & { departmentId: string })[];
  /** the lines now in the shared part */
  shared: CostLineData[];
  /** sum of the moved lines minus sum of the shared lines created (0 without merging) */
  savingFen: Fen;
}

function assertSplit(split: readonly CostShare[]): void {
  const sum = split.reduce((s, share) => s + share.basisPoints, 0);
  if (sum !== BASIS_POINTS_PER_UNIT) throw new CollabError(`the split must sum to ${BASIS_POINTS_PER_UNIT} bp, got ${sum}`);
}

/**
 * Accept a joint-implementation suggestion: delete the referenced lines from their department
 * sections, add them (or one merged line) to the shared part recording `fromDepartmentIds`, and
 * set the cost split. All in one transaction; throws (changing nothing) if a line is missing,
 * the split does not sum to 10 000 bp, or a shared line with that id already exists.
 */
export function moveLinesToShared(
  doc: Y.Doc,
  lineRefs: readonly LineRef[],
  split: readonly CostShare[],
  origin?: unknown,
  options: MoveToSharedOptions = {},
): MoveToSharedResult {
  if (lineRefs.length === 0) throw new CollabError('no lines to move');
  assertSplit(split);
  if (new Set(lineRefs.map((r) => `${r.departmentId}/${r.lineId}`)).size !== lineRefs.length) throw new CollabError('a line is listed twice');
  let result: MoveToSharedResult | undefined;
  // one transaction; everything is checked before the first change, so a throw changes nothing
  doc.transact(() => {
    const found = lineRefs.map((ref) => {
      const array = rowArray(doc, departmentSection(ref.departmentId), 'costLines');
      const index = findRowIndex(array, 'costLines', ref.lineId);
      if (index < 0) throw new CollabError(`line ${ref.lineId} of ${ref.departmentId} not found`);
      const line = pickRowFields('costLines', readRowRaw(array.get(index)));
      validateRowFields('costLines', line as unknown as Record<string, unknown>, true);
      delete line.fromDepartmentIds;
      return { ref, array, line };
    });
    const moved = found.map(({ ref, line }) => ({ ...line, departmentId: ref.departmentId }));
    const fromDepartmentIds = [...new Set(lineRefs.map((r) => r.departmentId))].sort();
    let shared: CostLineData[];
    if (options.merged) {
      const base = found.map((f) => f.line).reduce((a, b) => (costLineTotal(b) > costLineTotal(a) ? b : a));
      shared = [{ ...base, ...pickRowFields('costLines', options.merged), fromDepartmentIds }];
    } else {
      shared = found.map(({ ref, line }) => ({ ...line, fromDepartmentIds: [ref.departmentId] }));
    }
    const sharedLines = rowArray(doc, SHARED_SECTION, 'costLines');
    for (const line of shared) {
      validateRowFields('costLines', line as unknown as Record<string, unknown>, true);
      if (findRowIndex(sharedLines, 'costLines', line.id) >= 0) throw new CollabError(`the shared part already has a line ${line.id}`);
    }
    if (new Set(shared.map((l) => l.id)).size !== shared.length) throw new CollabError('duplicate line ids');

    for (const { array, ref } of found) {
      const index = findRowIndex(array, 'costLines', ref.lineId); // indexes shift as lines are removed
      if (index >= 0) array.delete(index, 1);
    }
    sharedLines.push(shared.map((line) => createRowMap(line as unknown as Record<string, unknown>)));
    setCostSplit(doc, split);
    const movedTotal = moved.reduce((s, l) => s + costLineTotal(l), 0);
    const sharedTotal = shared.reduce((s, l) => s + costLineTotal(l), 0);
    result = { moved, shared, savingFen: movedTotal - sharedTotal };
  }, origin);
  return result as MoveToSharedResult;
}
