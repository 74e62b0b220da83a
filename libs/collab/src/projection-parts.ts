/**
 * Which parts of a package's projection a change can affect, from the paths it touched
 * (`UpdateScope.paths`), so a projection can re-read only those parts; and which parts ranking,
 * allocation and the invariants read (the one definition of a money- or score-relevant change).
 */
import type * as Y from 'yjs';
import { projectActivities, projectCostLines, projectDepartmentIds, projectLevels, type PackageSnapshot, type ProjectOptions } from './projection';
import { listRows } from './row-access';
import { SHARED_SECTION, isSectionName } from './schema';
import { getContingencyBasisPoints, getCostSplit, getList, getSharedText, getTitle } from './shared-fields';
import { MAX_SCOPE_PATHS } from './update-scope';

export const PROJECTION_PARTS = [
  'title',
  'contingency',
  'costSplit',
  'purpose',
  'narrative',
  'consequencesOfNotFunding',
  'objectives',
  'alternatives',
  'kpis',
  'risks',
  'levels',
  'activities',
  'costLines',
] as const;
export type ProjectionPart = (typeof PROJECTION_PARTS)[number];

/**
 * What ranking, allocation and the invariants read: any cost line field (the invariants also
 * compare descriptions and locations), the split, the contingency, the levels of effort and the
 * title. Only a change to one of these recomputes them; texts, lists, KPIs, risks, activities
 * and notes never do.
 */
export const MONEY_OR_SCORE_PARTS: ReadonlySet<ProjectionPart> = new Set<ProjectionPart>(['title', 'contingency', 'costSplit', 'levels', 'costLines']);

/**
 * The parts whose projection reads a whole text (`Y.Text`, as long as people write it): a
 * projection may write them less often than the other parts. Only views read them (REST package
 * views, exports of texts); ranking, allocation, the invariants and the package rules never do.
 */
export const WHOLE_TEXT_PARTS: ReadonlySet<ProjectionPart> = new Set<ProjectionPart>(['purpose', 'narrative', 'consequencesOfNotFunding']);

/**
 * Whether changes to these parts (null: not known) are projected at the prompt cadence: any part
 * outside WHOLE_TEXT_PARTS, or not knowing which parts changed. Changes to texts only (or to
 * nothing projected, such as notes) can wait for the text cadence.
 */
export function projectsPromptly(parts: ReadonlySet<ProjectionPart> | null | undefined): boolean {
  if (!parts) return true;
  for (const part of parts) if (!WHOLE_TEXT_PARTS.has(part)) return true;
  return false;
}

/** The snapshot fields each part fills. */
export const PART_FIELDS = {
  title: ['title'],
  contingency: ['contingencyBasisPoints'],
  costSplit: ['costSplit'],
  purpose: ['purpose'],
  narrative: ['narrative'],
  consequencesOfNotFunding: ['consequencesOfNotFunding'],
  objectives: ['objectives'],
  alternatives: ['alternatives'],
  kpis: ['kpis'],
  risks: ['risks'],
  levels: ['levels'],
  activities: ['activities'],
  costLines: ['costLines', 'sharedCostLines'],
} as const satisfies Record<ProjectionPart, readonly (keyof PackageSnapshot)[]>;

type PartField = (typeof PART_FIELDS)[ProjectionPart][number];
/** The snapshot fields of some parts (those asked for are present). */
export type SnapshotParts = Partial<Pick<PackageSnapshot, PartField>>;

/** parts of a section (`shared/<part>`, `dept:<id>/<part>`) → projection part; null: not projected */
const SECTION_PARTS: Record<string, ProjectionPart | null> = {
  purpose: 'purpose',
  narrative: 'narrative',
  consequencesOfNotFunding: 'consequencesOfNotFunding',
  objectives: 'objectives',
  alternatives: 'alternatives',
  costSplit: 'costSplit',
  costLines: 'costLines',
  activities: 'activities',
  kpis: 'kpis',
  risks: 'risks',
  levels: 'levels',
  notes: null,
};

/** keys of the root map `shared` → projection part; null: not projected */
const SHARED_KEYS: Record<string, ProjectionPart | null> = { title: 'title', contingencyBasisPoints: 'contingency', schemaVersion: null };

/** The part one touched path belongs to; null when it is not projected; undefined when not known. */
export function projectionPartOf(path: string): ProjectionPart | null | undefined {
  if (path.startsWith(`${SHARED_SECTION}.`)) {
    const key = path.slice(SHARED_SECTION.length + 1);
    return Object.hasOwn(SHARED_KEYS, key) ? SHARED_KEYS[key] : undefined;
  }
  const slash = path.indexOf('/');
  if (slash < 0 || !isSectionName(path.slice(0, slash))) return undefined;
  const rest = path.slice(slash + 1);
  const end = rest.search(/[./]/);
  const part = end < 0 ? rest : rest.slice(0, end);
  if (!Object.hasOwn(SECTION_PARTS, part)) return undefined;
  const projected = SECTION_PARTS[part];
  // departments have cost lines, activities and notes only
  if (path.startsWith('dept:') && projected !== null && projected !== 'costLines' && projected !== 'activities') return undefined;
  return projected;
}

/**
 * The parts the touched paths can change, or null when that is not known (a path outside the
 * schema, or a scope that may have been cut at MAX_SCOPE_PATHS): project the whole document.
 */
export function projectionPartsOf(paths: Iterable<string>, into: Set<ProjectionPart> = new Set()): Set<ProjectionPart> | null {
  let count = 0;
  for (const path of paths) {
    if (++count >= MAX_SCOPE_PATHS) return null;
    const part = projectionPartOf(path);
    if (part === undefined) return null;
    if (part) into.add(part);
  }
  return into;
}

/**
 * The snapshot fields of the given parts, read from the document exactly as `projectSnapshot`
 * reads them (the same functions): merged over an earlier snapshot whose other parts have not
 * changed since, it equals the whole projection's fields.
 */
export function projectParts(doc: Y.Doc, parts: ReadonlySet<ProjectionPart>, options: Pick<ProjectOptions, 'departmentIds'> = {}): SnapshotParts {
  const out: SnapshotParts = {};
  const issues: string[] = [];
  let departmentIds: string[] | null = null;
  const departments = () => (departmentIds ??= projectDepartmentIds(doc, getCostSplit(doc), options));
  for (const part of parts) {
    switch (part) {
      case 'title':
        out.title = getTitle(doc);
        break;
      case 'contingency':
        out.contingencyBasisPoints = getContingencyBasisPoints(doc);
        break;
      case 'costSplit':
        out.costSplit = getCostSplit(doc);
        break;
      case 'purpose':
      case 'narrative':
      case 'consequencesOfNotFunding':
        out[part] = getSharedText(doc, part);
        break;
      case 'objectives':
      case 'alternatives':
        out[part] = getList(doc, part);
        break;
      case 'kpis':
        out.kpis = listRows(doc, SHARED_SECTION, 'kpis', issues);
        break;
      case 'risks':
        out.risks = listRows(doc, SHARED_SECTION, 'risks', issues);
        break;
      case 'levels':
        out.levels = projectLevels(doc, issues);
        break;
      case 'activities':
        out.activities = projectActivities(doc, departments(), issues);
        break;
      case 'costLines':
        Object.assign(out, projectCostLines(doc, departments(), issues));
        break;
    }
  }
  return out;
}
