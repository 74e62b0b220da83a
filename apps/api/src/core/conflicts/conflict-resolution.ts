/**
 * How each resolution changes the package document, as pure functions over a Y.Doc: the server
 * runs the returned edit through the merge path (origin 'resolution'), so it is authorized,
 * logged and relayed like any other change. Input is checked before anything runs; problems
 * with the request are ResolutionInputError (400 naming the field), problems with the current
 * state of the document are ResolutionStateError (409).
 */
import * as Y from 'yjs';
import {
  CollabError,
  ROW_COLLECTIONS,
  ROW_KEY,
  costSplitMap,
  getCostSplit,
  moveLinesToShared,
  parseRootName,
  replaceText,
  pickRowFields,
  restoreDeletedRow,
  rowArray,
  sharedMap,
  validateRowFields,
  type CostLineData,
  type FieldPath,
  type RowCollection,
  type RowMap,
  type SectionName,
} from '@zerobase/collab';
import { BASIS_POINTS_PER_UNIT, TEXT_LIMITS, type CostShare } from '@zerobase/domain';
import type { CompetingValue, ConflictKind, ResolutionAction } from './conflict-types';

export class ResolutionInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export class ResolutionStateError extends Error {}

export interface ResolutionOutcome {
  /** the value the document holds now */
  value?: unknown;
  savingFen?: number;
}

export interface ResolutionPlan {
  status: 'resolved' | 'dismissed';
  /** the document change, or null when the resolution only settles the record */
  edit: ((doc: Y.Doc) => ResolutionOutcome) | null;
  /** the value chosen, for the record */
  value?: unknown;
}

export interface ResolvableConflict {
  kind: ConflictKind;
  competing: CompetingValue[];
  details: Record<string, unknown>;
}

const NESTED = '[nested type]';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRowCollection(value: unknown): value is RowCollection {
  return typeof value === 'string' && (ROW_COLLECTIONS as readonly string[]).includes(value);
}

function findRowMap(doc: Y.Doc, section: SectionName, collection: RowCollection, key: string): RowMap | undefined {
  for (const row of rowArray(doc, section, collection)) {
    if (row instanceof Y.Map && row.get(ROW_KEY[collection]) === key) return row;
  }
  return undefined;
}

function isBasisPoints(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= BASIS_POINTS_PER_UNIT;
}

/** The root text a path names (`shared/purpose`, `dept:<id>/notes`, …), or null when it names no text. */
export function textOfPath(doc: Y.Doc, path: FieldPath): Y.Text | null {
  if (path.collection !== null || path.rowId !== null) return null;
  const name = `${path.section}/${path.field}`;
  return parseRootName(name)?.kind === 'text' ? doc.getText(name) : null;
}

function isTextPath(path: FieldPath): boolean {
  return path.collection === null && path.rowId === null && parseRootName(`${path.section}/${path.field}`)?.kind === 'text';
}

/** Checks a value for a field before writing it (undefined removes an optional field). */
export function checkFieldValue(path: FieldPath, value: unknown, field = 'value'): void {
  if (value === NESTED) throw new ResolutionStateError('this value is a nested structure and cannot be written back; enter a new value');
  if (isTextPath(path)) {
    const max = path.field === 'narrative' ? TEXT_LIMITS.narrative : TEXT_LIMITS.long;
    if (typeof value !== 'string') throw new ResolutionInputError(field, 'must be a string');
    if (value.length > max) throw new ResolutionInputError(field, `must be at most ${max} characters`);
    return;
  }
  if (path.collection === null) {
    if (path.field === 'title' && typeof value !== 'string') throw new ResolutionInputError(field, 'the title must be a string');
    if (path.field === 'contingencyBasisPoints' && !isBasisPoints(value)) throw new ResolutionInputError(field, `must be whole basis points between 0 and ${BASIS_POINTS_PER_UNIT}`);
    if (path.field !== 'title' && path.field !== 'contingencyBasisPoints') throw new ResolutionStateError(`the field ${path.field} cannot be set by a resolution`);
    return;
  }
  if (path.collection === 'costSplit') {
    if (value !== undefined && !isBasisPoints(value)) throw new ResolutionInputError(field, `must be whole basis points between 0 and ${BASIS_POINTS_PER_UNIT}`);
    return;
  }
  if (!isRowCollection(path.collection) || path.rowId === null) throw new ResolutionStateError('the conflicting field cannot be located any more');
  if (path.field === ROW_KEY[path.collection]) throw new ResolutionStateError('the key of a row cannot change');
  try {
    validateRowFields(path.collection, { [path.field]: value }, false);
  } catch (error) {
    if (error instanceof CollabError) throw new ResolutionInputError(field, error.message);
    throw error;
  }
}

/** The field's current value in a document (undefined when absent or its row is gone). */
export function readField(doc: Y.Doc, path: FieldPath): unknown {
  const text = textOfPath(doc, path);
  if (text) return text.toString();
  if (path.collection === null) return path.section === 'shared' ? sharedMap(doc).get(path.field) : undefined;
  if (path.collection === 'costSplit') return costSplitMap(doc).get(path.field);
  if (!isRowCollection(path.collection) || path.rowId === null) return undefined;
  try {
    const value = findRowMap(doc, path.section, path.collection, path.rowId)?.get(path.field);
    return value instanceof Y.AbstractType ? NESTED : value;
  } catch {
    return undefined;
  }
}

/** Writes the field even when it already holds the value, so the resolution is a change of its own. */
export function writeField(doc: Y.Doc, path: FieldPath, value: unknown): void {
  const text = textOfPath(doc, path);
  if (text) {
    // a minimal edit: only the differing middle is replaced (an equal text changes nothing)
    replaceText(text, value as string);
    return;
  }
  if (path.collection === null) {
    if (value === undefined) sharedMap(doc).delete(path.field);
    else sharedMap(doc).set(path.field, value);
    return;
  }
  if (path.collection === 'costSplit') {
    if (value === undefined) costSplitMap(doc).delete(path.field);
    else costSplitMap(doc).set(path.field, value as number);
    return;
  }
  const row = isRowCollection(path.collection) && path.rowId !== null ? findRowMap(doc, path.section, path.collection, path.rowId) : undefined;
  if (!row) throw new ResolutionStateError(`${path.collection} row ${path.rowId ?? '?'} no longer exists; restore it first`);
  if (value === undefined) row.delete(path.field);
  else row.set(path.field, Array.isArray(value) ? [...value] : value);
}

function previousValue(conflict: ResolvableConflict): unknown {
  return conflict.competing.find((c) => c.side === 'previous')?.value;
}

function latestIncoming(conflict: ResolvableConflict): unknown {
  const incoming = conflict.competing.filter((c) => c.side === 'incoming');
  return incoming[incoming.length - 1]?.value;
}

function requireValue(value: unknown): unknown {
  if (value === undefined) throw new ResolutionInputError('value', 'is required for newValue');
  return value;
}

function planOverwrite(conflict: ResolvableConflict, action: ResolutionAction, value: unknown): ResolutionPlan {
  const path = conflict.details['path'] as FieldPath;
  const chosen = action === 'keepPrevious' ? previousValue(conflict) : action === 'keepIncoming' ? latestIncoming(conflict) : requireValue(value);
  checkFieldValue(path, chosen);
  return {
    status: 'resolved',
    value: chosen,
    edit: (doc) => {
      writeField(doc, path, chosen);
      return { value: chosen };
    },
  };
}

function planEditDelete(conflict: ResolvableConflict, action: ResolutionAction, value: unknown): ResolutionPlan {
  if (action === 'keepPrevious') return { status: 'resolved', edit: null, value: null }; // the deletion stands
  const path = conflict.details['path'] as { section: SectionName; collection: RowCollection | null; rowId: string | null };
  const deleted = conflict.details['deleted'];
  const edits = conflict.details['incomingFields'];
  if (!isRowCollection(path.collection) || path.rowId === null || !isRecord(deleted)) {
    throw new ResolutionStateError('the deleted row was not kept on the server, so it cannot be restored; re-enter it');
  }
  if (action === 'newValue' && !isRecord(requireValue(value))) throw new ResolutionInputError('value', 'must be an object with the row’s fields');
  const collection = path.collection;
  const merged = { ...deleted, ...(isRecord(edits) ? edits : {}), ...(action === 'newValue' ? (value as Record<string, unknown>) : {}), [ROW_KEY[collection]]: path.rowId };
  const row = pickRowFields(collection, merged);
  try {
    validateRowFields(collection, row as unknown as Record<string, unknown>, true);
  } catch (error) {
    if (!(error instanceof CollabError)) throw error;
    if (action === 'newValue') throw new ResolutionInputError('value', error.message);
    throw new ResolutionStateError(`the deleted row cannot be restored as it was: ${error.message}`);
  }
  return {
    status: 'resolved',
    value: row,
    edit: (doc) => {
      if (!restoreDeletedRow(doc, path.section, collection, row)) throw new ResolutionStateError(`a ${collection} row ${path.rowId} exists again; edit it instead`);
      return { value: row };
    },
  };
}

/** A split given by a client: [{ department, basisPoints }] over the package's departments, summing to 100 %. */
export function parseSplit(value: unknown, owners: readonly string[], field: string): CostShare[] {
  if (!Array.isArray(value) || value.length === 0) throw new ResolutionInputError(field, 'must be a list of { department, basisPoints }');
  const shares: CostShare[] = [];
  value.forEach((entry: unknown, i) => {
    if (!isRecord(entry)) throw new ResolutionInputError(`${field}.${i}`, 'must be { department, basisPoints }');
    const department = entry['department'];
    if (typeof department !== 'string' || !owners.includes(department)) throw new ResolutionInputError(`${field}.${i}.department`, `must be one of ${owners.join(', ')}`);
    if (!isBasisPoints(entry['basisPoints'])) throw new ResolutionInputError(`${field}.${i}.basisPoints`, `must be whole basis points between 0 and ${BASIS_POINTS_PER_UNIT}`);
    if (shares.some((s) => s.departmentId === department)) throw new ResolutionInputError(`${field}.${i}.department`, 'appears twice');
    shares.push({ departmentId: department, basisPoints: entry['basisPoints'] });
  });
  const sum = shares.reduce((s, share) => s + share.basisPoints, 0);
  if (sum !== BASIS_POINTS_PER_UNIT) throw new ResolutionInputError(field, `must sum to ${BASIS_POINTS_PER_UNIT} basis points (100 %), got ${sum}`);
  return shares;
}

const MERGED_FIELDS = ['id', 'category', 'description', 'location', 'quantityMilli', 'unit', 'unitCostFen', 'year'];

function planJoint(conflict: ResolvableConflict, value: unknown, owners: readonly string[]): ResolutionPlan {
  if (value !== undefined && value !== null && !isRecord(value)) throw new ResolutionInputError('value', 'must be { split?, merge?, merged? }');
  const options = (value ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!['split', 'merge', 'merged'].includes(key)) throw new ResolutionInputError(`value.${key}`, 'is not a known option (split, merge, merged)');
  }
  const split = options['split'] === undefined ? null : parseSplit(options['split'], owners, 'value.split');
  if (options['merge'] !== undefined && typeof options['merge'] !== 'boolean') throw new ResolutionInputError('value.merge', 'must be true or false');
  const merge = options['merge'] !== false;
  let merged: Partial<CostLineData> | undefined;
  if (options['merged'] !== undefined) {
    if (!merge) throw new ResolutionInputError('value.merged', 'cannot be given with merge: false');
    if (!isRecord(options['merged'])) throw new ResolutionInputError('value.merged', 'must be an object with cost line fields');
    for (const key of Object.keys(options['merged'])) {
      if (!MERGED_FIELDS.includes(key)) throw new ResolutionInputError(`value.merged.${key}`, `is not a cost line field (${MERGED_FIELDS.join(', ')})`);
    }
    try {
      validateRowFields('costLines', options['merged'], false);
    } catch (error) {
      if (error instanceof CollabError) throw new ResolutionInputError('value.merged', error.message);
      throw error;
    }
    merged = options['merged'] as Partial<CostLineData>;
  }
  const lines = (conflict.details['lines'] as { departmentId: string; lineId: string }[]).map((l) => ({ departmentId: l.departmentId, lineId: l.lineId }));
  return {
    status: 'resolved',
    value: { lines, split: split?.map((s) => ({ department: s.departmentId, basisPoints: s.basisPoints })) ?? 'current', merge },
    edit: (doc) => {
      const shares = split ?? getCostSplit(doc);
      const sum = shares.reduce((s, share) => s + share.basisPoints, 0);
      if (sum !== BASIS_POINTS_PER_UNIT) throw new ResolutionInputError('value.split', `the package’s split sums to ${sum} basis points; give the agreed split`);
      try {
        const result = moveLinesToShared(doc, lines, shares, undefined, merge ? { merged: merged ?? {} } : {});
        return { value: { shared: result.shared, split: shares.map((s) => ({ department: s.departmentId, basisPoints: s.basisPoints })) }, savingFen: result.savingFen };
      } catch (error) {
        if (error instanceof CollabError) throw new ResolutionStateError(`the lines cannot be moved to the shared part: ${error.message}`);
        throw error;
      }
    },
  };
}

function planSplit(value: unknown, owners: readonly string[]): ResolutionPlan {
  const shares = parseSplit(requireValue(value), owners, 'value');
  const chosen = shares.map((s) => ({ department: s.departmentId, basisPoints: s.basisPoints }));
  return {
    status: 'resolved',
    value: chosen,
    edit: (doc) => {
      const split = costSplitMap(doc);
      // every share is written (a change of its own even when equal); shares not given are removed
      for (const key of [...split.keys()]) if (!shares.some((s) => s.departmentId === key)) split.delete(key);
      for (const share of shares) split.set(share.departmentId, share.basisPoints);
      return { value: chosen };
    },
  };
}

/**
 * The plan for settling a conflict. `action` must be one of ACTIONS_BY_KIND[kind] (the caller
 * checks it, naming the field); `owners` are the package's department codes.
 */
export function planResolution(conflict: ResolvableConflict, action: ResolutionAction, value: unknown, owners: readonly string[]): ResolutionPlan {
  if (action === 'dismiss') return { status: 'dismissed', edit: null };
  switch (conflict.kind) {
    case 'concurrentOverwrite':
      return planOverwrite(conflict, action, value);
    case 'editDelete':
      return planEditDelete(conflict, action, value);
    case 'splitInvariant':
      return planSplit(value, owners);
    case 'duplicateWork':
      return planJoint(conflict, value, owners);
    default:
      throw new ResolutionInputError('action', `${action} does not apply to a ${conflict.kind} conflict`);
  }
}
