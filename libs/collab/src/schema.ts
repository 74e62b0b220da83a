/**
 * The Yjs schema of one decision package (one Y.Doc per package).
 *
 * Every container is a TOP-LEVEL (root) shared type, named `<section>/<part>`:
 *
 * | root name                          | type              | content                                  |
 * |------------------------------------|-------------------|------------------------------------------|
 * | `shared`                           | Y.Map             | title, contingencyBasisPoints, schemaVersion |
 * | `shared/purpose`                   | Y.Text            |                                          |
 * | `shared/narrative`                 | Y.Text            |                                          |
 * | `shared/consequencesOfNotFunding`  | Y.Text            |                                          |
 * | `shared/objectives`                | Y.Array<string>   |                                          |
 * | `shared/alternatives`              | Y.Array<string>   |                                          |
 * | `shared/costSplit`                 | Y.Map<number>     | departmentId → basis points              |
 * | `shared/costLines`                 | Y.Array<Y.Map>    | lines moved into the shared part         |
 * | `shared/activities`                | Y.Array<Y.Map>    | activities of no single department       |
 * | `shared/kpis`, `shared/risks`      | Y.Array<Y.Map>    | rows with a stable `id`                  |
 * | `shared/levels`                    | Y.Array<Y.Map>    | rows keyed by `level`                    |
 * | `dept:<id>/costLines`              | Y.Array<Y.Map>    | the department's cost lines              |
 * | `dept:<id>/activities`             | Y.Array<Y.Map>    | the department's activities              |
 * | `dept:<id>/notes`                  | Y.Text            | the department's working notes           |
 *
 * Why root types instead of a `departments` Y.Map of nested section maps (decision):
 * - A root type is identified by its name, so every replica creates `dept:x/costLines` lazily
 *   and identically; two clients that start a department's section concurrently write into the
 *   SAME array. Nested containers created concurrently would be two Y.Maps under one key, one
 *   of which silently loses (and "never replace a nested Y.Map" could not be guaranteed by
 *   clients). With root types there is nothing to create, so there is no creation race at all,
 *   not at conversion time and not when a department joins a package later.
 * - The same argument applies to the shared part, so it uses root types too: a fresh, empty
 *   Y.Doc is already a valid (empty) package, and `populateDocument` only fills content.
 * - Authorization is simpler: the section an item belongs to is the prefix of its root type's
 *   name (`shared` or `dept:<id>`), found by walking up parents to the root.
 * Rows (cost lines, KPIs, …) are Y.Maps of plain values inside those arrays, created whole
 * (fields set before insertion) and never replaced; they carry a stable row id.
 */
import * as Y from 'yjs';

export const SCHEMA_VERSION = 1;

export const SHARED_SECTION = 'shared' as const;
export type SharedSection = typeof SHARED_SECTION;
export type DepartmentSection = `dept:${string}`;
export type SectionName = SharedSection | DepartmentSection;

export class CollabError extends Error {}

/** any shared type (Yjs types are generic in their event type) */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyType = Y.AbstractType<any>;

export type RootKind = 'map' | 'text' | 'array';

/** the collections of rows (Y.Array of Y.Map) */
export const ROW_COLLECTIONS = ['costLines', 'activities', 'kpis', 'risks', 'levels'] as const;
export type RowCollection = (typeof ROW_COLLECTIONS)[number];

/** which field of a row is its stable key */
export const ROW_KEY: Record<RowCollection, string> = {
  costLines: 'id',
  activities: 'id',
  kpis: 'id',
  risks: 'id',
  levels: 'level',
};

export const SHARED_TEXT_FIELDS = ['purpose', 'narrative', 'consequencesOfNotFunding'] as const;
export type SharedTextField = (typeof SHARED_TEXT_FIELDS)[number];

export const SHARED_LIST_FIELDS = ['objectives', 'alternatives'] as const;
export type SharedListField = (typeof SHARED_LIST_FIELDS)[number];

/** parts of the shared section; '' is the root map named exactly `shared` */
const SHARED_PARTS: Record<string, RootKind> = {
  '': 'map',
  purpose: 'text',
  narrative: 'text',
  consequencesOfNotFunding: 'text',
  objectives: 'array',
  alternatives: 'array',
  costSplit: 'map',
  costLines: 'array',
  activities: 'array',
  kpis: 'array',
  risks: 'array',
  levels: 'array',
};

const DEPARTMENT_PARTS: Record<string, RootKind> = {
  costLines: 'array',
  activities: 'array',
  notes: 'text',
};

/** the row collections each kind of section holds */
export const SHARED_ROW_COLLECTIONS: readonly RowCollection[] = ['costLines', 'activities', 'kpis', 'risks', 'levels'];
export const DEPARTMENT_ROW_COLLECTIONS: readonly RowCollection[] = ['costLines', 'activities'];

function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function assertDepartmentId(departmentId: string): string {
  // 'shared' is reserved: it keys the shared part in totals (`SHARED_COST_OWNER`)
  if (typeof departmentId !== 'string' || departmentId.length === 0 || departmentId.length > 200 || departmentId.includes('/') || departmentId === SHARED_SECTION) {
    throw new CollabError(`invalid department id "${String(departmentId)}"`);
  }
  return departmentId;
}

export function departmentSection(departmentId: string): DepartmentSection {
  return `dept:${assertDepartmentId(departmentId)}`;
}

/** the department id of a section, or null for the shared section */
export function sectionDepartment(section: SectionName): string | null {
  return section === SHARED_SECTION ? null : section.slice('dept:'.length);
}

export function isSectionName(value: string): value is SectionName {
  if (value === SHARED_SECTION) return true;
  if (!value.startsWith('dept:')) return false;
  const id = value.slice('dept:'.length);
  return id.length > 0 && id.length <= 200 && !id.includes('/') && id !== SHARED_SECTION;
}

export interface RootInfo {
  section: SectionName;
  /** '' for the `shared` root map, otherwise e.g. 'costLines', 'notes' */
  part: string;
  kind: RootKind;
}

/** Name of the root type holding `part` of `section`. */
export function rootName(section: SectionName, part: string): string {
  if (section === SHARED_SECTION) {
    if (own(SHARED_PARTS, part) === undefined) throw new CollabError(`the shared section has no part "${part}"`);
    return part === '' ? SHARED_SECTION : `${SHARED_SECTION}/${part}`;
  }
  if (own(DEPARTMENT_PARTS, part) === undefined) throw new CollabError(`a department section has no part "${part}"`);
  return `${section}/${part}`;
}

/** Parse a root type name; null when the name is not part of the schema. */
export function parseRootName(name: string): RootInfo | null {
  if (name === SHARED_SECTION) return { section: SHARED_SECTION, part: '', kind: 'map' };
  const slash = name.lastIndexOf('/');
  if (slash <= 0) return null;
  const section = name.slice(0, slash);
  const part = name.slice(slash + 1);
  if (section === SHARED_SECTION) {
    const kind = part === '' ? undefined : own(SHARED_PARTS, part);
    return kind ? { section: SHARED_SECTION, part, kind } : null;
  }
  if (!isSectionName(section)) return null;
  const kind = own(DEPARTMENT_PARTS, part);
  return kind ? { section, part, kind } : null;
}

export function sectionHasCollection(section: SectionName, collection: RowCollection): boolean {
  return (section === SHARED_SECTION ? SHARED_ROW_COLLECTIONS : DEPARTMENT_ROW_COLLECTIONS).includes(collection);
}

// ---- typed root accessors (creating a root type locally produces no update) ----

export type RowMap = Y.Map<unknown>;
export type RowArray = Y.Array<RowMap>;

export function sharedMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHARED_SECTION);
}

export function sharedText(doc: Y.Doc, field: SharedTextField): Y.Text {
  return doc.getText(rootName(SHARED_SECTION, field));
}

export function sharedList(doc: Y.Doc, field: SharedListField): Y.Array<string> {
  return doc.getArray<string>(rootName(SHARED_SECTION, field));
}

export function costSplitMap(doc: Y.Doc): Y.Map<number> {
  return doc.getMap<number>(rootName(SHARED_SECTION, 'costSplit'));
}

export function rowArray(doc: Y.Doc, section: SectionName, collection: RowCollection): RowArray {
  if (!sectionHasCollection(section, collection)) throw new CollabError(`section ${section} has no ${collection}`);
  return doc.getArray<RowMap>(rootName(section, collection));
}

export function departmentNotes(doc: Y.Doc, departmentId: string): Y.Text {
  return doc.getText(rootName(departmentSection(departmentId), 'notes'));
}

/** Department ids that have a section in this replica (any root type named `dept:<id>/…`). */
export function documentDepartmentIds(doc: Y.Doc): string[] {
  const ids = new Set<string>();
  for (const name of doc.share.keys()) {
    const info = parseRootName(name);
    if (info && info.section !== SHARED_SECTION) ids.add(info.section.slice('dept:'.length));
  }
  return [...ids].sort();
}

/**
 * Instantiate the root types of these departments' sections in this replica.
 * Not needed for correctness (root types are created lazily and identically everywhere, so
 * there is no creation race); useful so that a projection lists departments whose sections
 * are still empty. Produces no Yjs update.
 */
export function ensureSections(doc: Y.Doc, departmentIds: Iterable<string>): void {
  for (const id of departmentIds) {
    const section = departmentSection(id);
    rowArray(doc, section, 'costLines');
    rowArray(doc, section, 'activities');
    departmentNotes(doc, id);
  }
}
