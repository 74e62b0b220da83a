/**
 * Typed accessors for rows (cost lines, activities, KPIs, risks, levels of effort).
 * Rows are addressed by section + collection + stable key; every writer runs in
 * `doc.transact(fn, origin)`.
 */
import * as Y from 'yjs';
import type { EffortIncrement, EffortLevel, Fen, Kpi, Risk } from '@zerobase/domain';
import { CollabError, ROW_KEY, SHARED_SECTION, rowArray, type RowCollection, type SectionName } from './schema';
import { decodeRow, validateRowFields, type ActivityData, type CostLineData, type RowTypes } from './row-types';
import { createRowMap, findRow, findRowIndex, patchRowMap, readRowRaw } from './rows';

/** fields to write; `undefined` removes an optional field */
export type RowPatch<C extends RowCollection> = { [K in keyof RowTypes[C]]?: RowTypes[C][K] | undefined };

export function listRows<C extends RowCollection>(doc: Y.Doc, section: SectionName, collection: C, issues: string[] = []): RowTypes[C][] {
  const out: RowTypes[C][] = [];
  for (const row of rowArray(doc, section, collection)) {
    if (row instanceof Y.Map) out.push(decodeRow(collection, readRowRaw(row), issues));
    else issues.push(`${section}/${collection}: a row that is not a map was ignored`);
  }
  return out;
}

export function getRow<C extends RowCollection>(doc: Y.Doc, section: SectionName, collection: C, key: string): RowTypes[C] | undefined {
  const row = findRow(rowArray(doc, section, collection), collection, key);
  return row ? decodeRow(collection, readRowRaw(row), []) : undefined;
}

/** Insert a whole row (at `index`, default the end). Throws if a row with this key exists in this replica. */
export function addRow<C extends RowCollection>(
  doc: Y.Doc,
  section: SectionName,
  collection: C,
  row: RowTypes[C],
  origin?: unknown,
  index?: number,
): void {
  const fields = row as unknown as Record<string, unknown>;
  validateRowFields(collection, fields, true);
  if (collection === 'costLines' && section !== SHARED_SECTION && fields['fromDepartmentIds'] !== undefined) {
    throw new CollabError('only shared cost lines record fromDepartmentIds');
  }
  const key = fields[ROW_KEY[collection]] as string;
  doc.transact(() => {
    const array = rowArray(doc, section, collection);
    if (findRowIndex(array, collection, key) >= 0) throw new CollabError(`${section}/${collection} already has a row ${key}`);
    const at = index === undefined ? array.length : Math.max(0, Math.min(index, array.length));
    array.insert(at, [createRowMap(fields)]);
  }, origin);
}

/** Write the changed fields of a row. Returns false when the row does not exist (e.g. deleted by someone else). */
export function updateRow<C extends RowCollection>(
  doc: Y.Doc,
  section: SectionName,
  collection: C,
  key: string,
  patch: RowPatch<C>,
  origin?: unknown,
): boolean {
  const fields = patch as Record<string, unknown>;
  validateRowFields(collection, fields, false);
  const keyField = ROW_KEY[collection];
  if (keyField in fields && fields[keyField] !== key) throw new CollabError(`the ${keyField} of a row cannot change`);
  let found = false;
  doc.transact(() => {
    const row = findRow(rowArray(doc, section, collection), collection, key);
    found = row !== undefined;
    if (row) patchRowMap(row, fields);
  }, origin);
  return found;
}

export function removeRow(doc: Y.Doc, section: SectionName, collection: RowCollection, key: string, origin?: unknown): boolean {
  let found = false;
  doc.transact(() => {
    const array = rowArray(doc, section, collection);
    const index = findRowIndex(array, collection, key);
    found = index >= 0;
    if (found) array.delete(index, 1);
  }, origin);
  return found;
}

// ---- cost lines (a department section, or the shared part for joint implementation) ----

export function listCostLines(doc: Y.Doc, section: SectionName): CostLineData[] {
  return listRows(doc, section, 'costLines');
}
export function getCostLine(doc: Y.Doc, section: SectionName, id: string): CostLineData | undefined {
  return getRow(doc, section, 'costLines', id);
}
export function addCostLine(doc: Y.Doc, section: SectionName, line: CostLineData, origin?: unknown, index?: number): void {
  addRow(doc, section, 'costLines', line, origin, index);
}
export function updateCostLine(doc: Y.Doc, section: SectionName, id: string, patch: RowPatch<'costLines'>, origin?: unknown): boolean {
  return updateRow(doc, section, 'costLines', id, patch, origin);
}
export function setUnitCost(doc: Y.Doc, section: SectionName, id: string, unitCostFen: Fen, origin?: unknown): boolean {
  return updateRow(doc, section, 'costLines', id, { unitCostFen }, origin);
}
export function setQuantity(doc: Y.Doc, section: SectionName, id: string, quantityMilli: number, origin?: unknown): boolean {
  return updateRow(doc, section, 'costLines', id, { quantityMilli }, origin);
}
export function removeCostLine(doc: Y.Doc, section: SectionName, id: string, origin?: unknown): boolean {
  return removeRow(doc, section, 'costLines', id, origin);
}

// ---- activities (a department section, or shared for activities of no single department) ----

export function addActivity(doc: Y.Doc, section: SectionName, activity: ActivityData, origin?: unknown): void {
  addRow(doc, section, 'activities', activity, origin);
}
export function updateActivity(doc: Y.Doc, section: SectionName, id: string, patch: RowPatch<'activities'>, origin?: unknown): boolean {
  return updateRow(doc, section, 'activities', id, patch, origin);
}
export function removeActivity(doc: Y.Doc, section: SectionName, id: string, origin?: unknown): boolean {
  return removeRow(doc, section, 'activities', id, origin);
}

// ---- KPIs, risks, levels of effort (shared section) ----

export function addKpi(doc: Y.Doc, kpi: Kpi, origin?: unknown): void {
  addRow(doc, SHARED_SECTION, 'kpis', kpi, origin);
}
export function updateKpi(doc: Y.Doc, id: string, patch: RowPatch<'kpis'>, origin?: unknown): boolean {
  return updateRow(doc, SHARED_SECTION, 'kpis', id, patch, origin);
}
export function removeKpi(doc: Y.Doc, id: string, origin?: unknown): boolean {
  return removeRow(doc, SHARED_SECTION, 'kpis', id, origin);
}

export function addRisk(doc: Y.Doc, risk: Risk, origin?: unknown): void {
  addRow(doc, SHARED_SECTION, 'risks', risk, origin);
}
export function updateRisk(doc: Y.Doc, id: string, patch: RowPatch<'risks'>, origin?: unknown): boolean {
  return updateRow(doc, SHARED_SECTION, 'risks', id, patch, origin);
}
export function removeRisk(doc: Y.Doc, id: string, origin?: unknown): boolean {
  return removeRow(doc, SHARED_SECTION, 'risks', id, origin);
}

/** Insert or update the increment of this level (levels are keyed by `level`). */
export function setLevel(doc: Y.Doc, increment: EffortIncrement, origin?: unknown): void {
  doc.transact(() => {
    if (!updateRow(doc, SHARED_SECTION, 'levels', increment.level, increment, origin)) {
      addRow(doc, SHARED_SECTION, 'levels', increment, origin);
    }
  }, origin);
}
export function removeLevel(doc: Y.Doc, level: EffortLevel, origin?: unknown): boolean {
  return removeRow(doc, SHARED_SECTION, 'levels', level, origin);
}
