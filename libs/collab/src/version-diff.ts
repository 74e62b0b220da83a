/**
 * History of a package: which fields an edit touched (from the edit log's paths) and what
 * differs between two versions (field by field, rows added/removed/changed, text diff).
 * Pure: works on projected snapshots and path strings, on the server and in the browser.
 */
import type { Fen } from '@zerobase/domain';
import type { PackageSnapshot } from './projection';
import { parseRootName, ROW_KEY, type RowCollection } from './schema';

/** The editable fields of a package, as the history names them. */
export const HISTORY_FIELDS = [
  'title',
  'purpose',
  'narrative',
  'consequencesOfNotFunding',
  'objectives',
  'alternatives',
  'contingencyBasisPoints',
  'costSplit',
  'costLines',
  'activities',
  'kpis',
  'risks',
  'levels',
  'notes',
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

/** One edit-log path read back: which field, in which section, which row and row field. */
export interface PathTarget {
  field: HistoryField;
  /** 'shared' or the department code */
  section: string;
  row?: string;
  key?: string;
}

const isField = (value: string): value is HistoryField => (HISTORY_FIELDS as readonly string[]).includes(value);

/**
 * `shared.title` → title; `shared/purpose` → purpose; `shared/costSplit.power` → costSplit;
 * `dept:power/costLines/DP-01-l1.unitCostFen` → costLines, row DP-01-l1, key unitCostFen.
 * Null for paths that name no field (the schema version, unknown roots).
 */
export function targetOfPath(path: string): PathTarget | null {
  const [rootAndRow, key] = splitOnce(path, '.');
  // a row path is `<root>/<row id>`: the root is the longest prefix that parses
  let root = rootAndRow;
  let row: string | undefined;
  let info = parseRootName(root);
  if (!info) {
    const slash = rootAndRow.lastIndexOf('/');
    if (slash <= 0) return null;
    root = rootAndRow.slice(0, slash);
    row = rootAndRow.slice(slash + 1);
    info = parseRootName(root);
    if (!info) return null;
  }
  const section = info.section === 'shared' ? 'shared' : info.section.slice('dept:'.length);
  if (info.part === '') {
    // the `shared` root map: title, contingency, schemaVersion
    if (key === undefined || !isField(key)) return null;
    return { field: key, section };
  }
  if (!isField(info.part)) return null;
  return { field: info.part, section, ...(row !== undefined ? { row } : {}), ...(key !== undefined && row !== undefined ? { key } : {}) };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The fields a list of edit-log paths touched, once each, in the order of HISTORY_FIELDS. */
export function changedFields(paths: readonly string[]): HistoryField[] {
  const touched = new Set<HistoryField>();
  for (const path of paths) {
    const target = targetOfPath(path);
    if (target) touched.add(target.field);
  }
  return HISTORY_FIELDS.filter((f) => touched.has(f));
}

export type TextOp = 'same' | 'added' | 'removed';
export interface TextPart {
  op: TextOp;
  text: string;
}

/** Words (latin runs, numbers), single CJK characters, whitespace runs and punctuation are the units of a text diff. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9_]+|\s+|[\s\S]/gu) ?? [];
}

/** Above this many token pairs the middle part is shown as one removal and one addition. */
const LCS_LIMIT = 4_000_000;

/** A readable diff of two texts: common prefix and suffix, then a longest-common-subsequence over tokens. */
export function diffText(before: string, after: string): TextPart[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : [];
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: TextPart[] = [];
  const push = (op: TextOp, text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > LCS_LIMIT) {
    push('removed', midA.join(''));
    push('added', midB.join(''));
  } else {
    for (const part of lcsDiff(midA, midB)) push(part.op, part.text);
  }
  push('same', a.slice(endA).join(''));
  return parts;
}

function lcsDiff(a: string[], b: string[]): TextPart[] {
  const n = a.length;
  const m = b.length;
  // lengths of the LCS of a[i..] and b[j..], row-major (n+1)×(m+1)
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = a[i] === b[j] ? table[at(i + 1, j + 1)] + 1 : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  const out: TextPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] });
      i++;
      j++;
    } else if (table[at(i + 1, j)] >= table[at(i, j + 1)]) {
      out.push({ op: 'removed', text: a[i++] });
    } else {
      out.push({ op: 'added', text: b[j++] });
    }
  }
  while (i < n) out.push({ op: 'removed', text: a[i++] });
  while (j < m) out.push({ op: 'added', text: b[j++] });
  return out;
}

export type RowStatus = 'added' | 'removed' | 'changed';
type Row = object;

/** A row (cost line, KPI, …) that differs between two versions; `fields` are the keys whose values differ. */
export interface RowDiff<T extends Row = Row> {
  id: string;
  status: RowStatus;
  before: T | null;
  after: T | null;
  fields: string[];
}

export interface FieldDiff {
  field: HistoryField;
  before: unknown;
  after: unknown;
  /** text fields: the two texts merged into one run of same/added/removed parts */
  text?: TextPart[];
}

/** Everything that differs between two versions of a package (`before` → `after`). */
export interface VersionDiff {
  /** single-valued fields, texts and lists that differ */
  fields: FieldDiff[];
  /** department and shared cost lines by id; a line moved between sections is `changed` in departmentId */
  costLines: RowDiff<PackageSnapshot['costLines'][number]>[];
  rows: { collection: Exclude<RowCollection, 'costLines'>; diff: RowDiff[] }[];
  totals: { beforeFen: Fen; afterFen: Fen };
  /** no difference at all */
  same: boolean;
}

const TEXT_FIELDS = ['purpose', 'narrative', 'consequencesOfNotFunding'] as const;

function equalValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rows matched by key: removed ones in the order of `before`, then added and changed ones in the order of `after`. */
export function diffRows<T extends Row>(before: readonly T[], after: readonly T[], keyOf: (row: T) => string): RowDiff<T>[] {
  const old = new Map(before.map((r) => [keyOf(r), r]));
  const now = new Map(after.map((r) => [keyOf(r), r]));
  const out: RowDiff<T>[] = [];
  for (const [id, row] of old) if (!now.has(id)) out.push({ id, status: 'removed', before: row, after: null, fields: [] });
  for (const [id, row] of now) {
    const prev = old.get(id);
    if (!prev) {
      out.push({ id, status: 'added', before: null, after: row, fields: [] });
      continue;
    }
    const keys = [...new Set([...Object.keys(prev), ...Object.keys(row)])];
    const fields = keys.filter((k) => !equalValues((prev as Record<string, unknown>)[k], (row as Record<string, unknown>)[k]));
    if (fields.length > 0) out.push({ id, status: 'changed', before: prev, after: row, fields });
  }
  return out;
}

/** Field-by-field comparison of two projected versions. */
export function diffSnapshots(before: PackageSnapshot, after: PackageSnapshot): VersionDiff {
  const fields: FieldDiff[] = [];
  const compare = (field: HistoryField, a: unknown, b: unknown) => {
    if (!equalValues(a, b)) fields.push({ field, before: a, after: b });
  };
  compare('title', before.title, after.title);
  for (const field of TEXT_FIELDS) {
    if (before[field] !== after[field]) fields.push({ field, before: before[field], after: after[field], text: diffText(before[field], after[field]) });
  }
  compare('objectives', before.objectives, after.objectives);
  compare('alternatives', before.alternatives, after.alternatives);
  compare('contingencyBasisPoints', before.contingencyBasisPoints, after.contingencyBasisPoints);
  const split = (s: PackageSnapshot) => Object.fromEntries(s.costSplit.map((c) => [c.departmentId, c.basisPoints]));
  compare('costSplit', split(before), split(after));
  compare('notes', before.notes, after.notes);
  const costLines = diffRows([...before.costLines, ...before.sharedCostLines], [...after.costLines, ...after.sharedCostLines], (l) => l.id);
  const rows: VersionDiff['rows'] = [];
  const collections = { activities: 'activities', kpis: 'kpis', risks: 'risks', levels: 'levels' } as const;
  for (const collection of Object.values(collections)) {
    const key = ROW_KEY[collection];
    const diff = diffRows<Row>(before[collection], after[collection], (r) => String((r as Record<string, unknown>)[key]));
    if (diff.length > 0) rows.push({ collection, diff });
  }
  return {
    fields,
    costLines,
    rows,
    totals: { beforeFen: before.totals.totalFen, afterFen: after.totals.totalFen },
    same: fields.length === 0 && costLines.length === 0 && rows.length === 0,
  };
}
