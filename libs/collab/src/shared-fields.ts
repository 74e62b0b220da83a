/**
 * Typed accessors for the scalar, text and list fields of the shared section and for a
 * department's notes. Every writer runs in `doc.transact(fn, origin)`.
 */
import * as Y from 'yjs';
import { BASIS_POINTS_PER_UNIT, type CostShare } from '@zerobase/domain';
import {
  CollabError,
  assertDepartmentId,
  costSplitMap,
  departmentNotes,
  sharedList,
  sharedMap,
  sharedText,
  type SharedListField,
  type SharedTextField,
} from './schema';
import { replaceList, replaceText, textOf } from './text';

export function getTitle(doc: Y.Doc): string {
  const title = sharedMap(doc).get('title');
  return typeof title === 'string' ? title : '';
}

export function setTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  if (typeof title !== 'string') throw new CollabError('title must be a string');
  doc.transact(() => {
    if (sharedMap(doc).get('title') !== title) sharedMap(doc).set('title', title);
  }, origin);
}

function assertBasisPoints(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > BASIS_POINTS_PER_UNIT) {
    throw new CollabError(`${what} must be whole basis points between 0 and ${BASIS_POINTS_PER_UNIT}, got ${value}`);
  }
}

export function getContingencyBasisPoints(doc: Y.Doc): number {
  const value = sharedMap(doc).get('contingencyBasisPoints');
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}

export function setContingencyBasisPoints(doc: Y.Doc, basisPoints: number, origin?: unknown): void {
  assertBasisPoints(basisPoints, 'contingency');
  doc.transact(() => {
    if (sharedMap(doc).get('contingencyBasisPoints') !== basisPoints) sharedMap(doc).set('contingencyBasisPoints', basisPoints);
  }, origin);
}

export function getSharedText(doc: Y.Doc, field: SharedTextField): string {
  return textOf(sharedText(doc, field));
}

/** Replace the text with a minimal edit (common prefix and suffix are kept). */
export function setSharedText(doc: Y.Doc, field: SharedTextField, value: string, origin?: unknown): void {
  doc.transact(() => replaceText(sharedText(doc, field), value), origin);
}

export function getDepartmentNotes(doc: Y.Doc, departmentId: string): string {
  return textOf(departmentNotes(doc, departmentId));
}

export function setDepartmentNotes(doc: Y.Doc, departmentId: string, value: string, origin?: unknown): void {
  doc.transact(() => replaceText(departmentNotes(doc, departmentId), value), origin);
}

export function getList(doc: Y.Doc, field: SharedListField): string[] {
  return sharedList(doc, field)
    .toArray()
    .filter((v): v is string => typeof v === 'string');
}

export function setList(doc: Y.Doc, field: SharedListField, values: readonly string[], origin?: unknown): void {
  if (!values.every((v) => typeof v === 'string')) throw new CollabError(`${field} must be strings`);
  doc.transact(() => replaceList(sharedList(doc, field), values), origin);
}

export function addListItem(doc: Y.Doc, field: SharedListField, value: string, origin?: unknown, index?: number): void {
  if (typeof value !== 'string') throw new CollabError(`${field} items must be strings`);
  doc.transact(() => {
    const list = sharedList(doc, field);
    list.insert(index === undefined ? list.length : Math.max(0, Math.min(index, list.length)), [value]);
  }, origin);
}

export function removeListItem(doc: Y.Doc, field: SharedListField, index: number, origin?: unknown): boolean {
  let removed = false;
  doc.transact(() => {
    const list = sharedList(doc, field);
    removed = Number.isInteger(index) && index >= 0 && index < list.length;
    if (removed) list.delete(index, 1);
  }, origin);
  return removed;
}

/** The cost split, sorted by department id (map iteration order differs between replicas). */
export function getCostSplit(doc: Y.Doc): CostShare[] {
  const shares: CostShare[] = [];
  costSplitMap(doc).forEach((basisPoints, departmentId) => {
    if (typeof basisPoints === 'number' && Number.isSafeInteger(basisPoints)) shares.push({ departmentId, basisPoints });
  });
  return shares.sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
}

/** Set one department's share; `undefined` removes it. */
export function setCostShare(doc: Y.Doc, departmentId: string, basisPoints: number | undefined, origin?: unknown): void {
  assertDepartmentId(departmentId);
  if (basisPoints !== undefined) assertBasisPoints(basisPoints, 'a cost share');
  doc.transact(() => {
    const split = costSplitMap(doc);
    if (basisPoints === undefined) {
      if (split.has(departmentId)) split.delete(departmentId);
    } else if (split.get(departmentId) !== basisPoints) {
      split.set(departmentId, basisPoints);
    }
  }, origin);
}

/** Make the split exactly `shares`: changed keys are written, missing keys deleted, the map is never replaced. */
export function setCostSplit(doc: Y.Doc, shares: readonly CostShare[], origin?: unknown): void {
  const wanted = new Map<string, number>();
  for (const share of shares) {
    assertDepartmentId(share.departmentId);
    assertBasisPoints(share.basisPoints, 'a cost share');
    if (wanted.has(share.departmentId)) throw new CollabError(`department ${share.departmentId} appears twice in the split`);
    wanted.set(share.departmentId, share.basisPoints);
  }
  doc.transact(() => {
    const split = costSplitMap(doc);
    for (const key of [...split.keys()]) if (!wanted.has(key)) split.delete(key);
    for (const [key, value] of wanted) if (split.get(key) !== value) split.set(key, value);
  }, origin);
}
