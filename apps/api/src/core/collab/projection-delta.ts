import { MONEY_OR_SCORE_PARTS, type ProjectionPart } from '@zerobase/collab';
import type { PackageDetails } from '../../models';
import type { ProjectedRows } from './package-content';

type Line = ProjectedRows['lines'][number];
type Share = ProjectedRows['shares'][number];

/** What a projection must write, compared with what it wrote last time. */
export interface ProjectionDelta {
  /** the package row's co-edited fields (title, purpose, contingency, details) changed */
  packageRow: boolean;
  /**
   * the keys of `details` that changed (only these are written), or 'all' to write the whole
   * column (first write in this instance)
   */
  details: (keyof PackageDetails)[] | 'all';
  /** lines to insert or overwrite (new or changed) */
  upsertLines: Line[];
  /** ids of lines no longer in the document */
  deleteLineIds: string[];
  shares: Share[];
  /**
   * A field ranking, allocation or the invariants read changed (`MONEY_OR_SCORE_PARTS` in
   * libs/collab: any cost line field, split, contingency, levels of effort, title): only then do
   * they recompute. Texts (narrative, purpose, objectives, KPIs, risks …) do not.
   */
  moneyOrScore: boolean;
}

const lineKey = (l: Line) => `${l.departmentId}\u0000${l.category}\u0000${l.description}\u0000${l.location}\u0000${l.quantityMilli}\u0000${l.unit}\u0000${l.unitCostFen}\u0000${l.year}\u0000${l.position}`;

/** each key of `details`, and the projection part it comes from */
const DETAIL_PARTS: Record<keyof PackageDetails, ProjectionPart> = {
  objectives: 'objectives',
  activities: 'activities',
  levels: 'levels',
  kpis: 'kpis',
  risks: 'risks',
  alternatives: 'alternatives',
  consequencesOfNotFunding: 'consequencesOfNotFunding',
  narrative: 'narrative',
};

const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

/**
 * The difference between two projections of one package. With no previous projection (first
 * write in this instance) everything is written and counts as a money change. `parts`: the only
 * projection parts that may differ (the others were carried over from `previous`); null: any.
 */
export function projectionDelta(previous: ProjectedRows | null, next: ProjectedRows, parts: ReadonlySet<ProjectionPart> | null = null): ProjectionDelta {
  if (!previous) return { packageRow: true, details: 'all', upsertLines: next.lines, deleteLineIds: [], shares: next.shares, moneyOrScore: true };
  const may = (part: ProjectionPart) => parts === null || parts.has(part);
  const changed = new Set<ProjectionPart>();
  let upsertLines: Line[] = [];
  let deleteLineIds: string[] = [];
  if (may('costLines')) {
    const before = new Map(previous.lines.map((l) => [l.id, lineKey(l)]));
    upsertLines = next.lines.filter((l) => before.get(l.id) !== lineKey(l));
    const nextIds = new Set(next.lines.map((l) => l.id));
    deleteLineIds = previous.lines.filter((l) => !nextIds.has(l.id)).map((l) => l.id);
    if (upsertLines.length || deleteLineIds.length) changed.add('costLines');
  }
  let shares: Share[] = [];
  if (may('costSplit')) {
    const sharesBefore = new Map(previous.shares.map((s) => [s.departmentId, s.basisPoints]));
    shares = next.shares.filter((s) => sharesBefore.get(s.departmentId) !== s.basisPoints);
    if (shares.length) changed.add('costSplit');
  }
  const a = previous.package;
  const b = next.package;
  if (a.title !== b.title) changed.add('title');
  if (a.contingencyBasisPoints !== b.contingencyBasisPoints) changed.add('contingency');
  if (a.purpose !== b.purpose) changed.add('purpose');
  const details = (Object.keys(DETAIL_PARTS) as (keyof PackageDetails)[]).filter((key) => may(DETAIL_PARTS[key]) && !same(a.details[key], b.details[key]));
  for (const key of details) changed.add(DETAIL_PARTS[key]);
  const packageRow = changed.has('title') || changed.has('contingency') || changed.has('purpose') || details.length > 0;
  const moneyOrScore = [...changed].some((part) => MONEY_OR_SCORE_PARTS.has(part));
  return { packageRow, details, upsertLines, deleteLineIds, shares, moneyOrScore };
}

/** Nothing to write. */
export function isEmptyDelta(delta: ProjectionDelta): boolean {
  return !delta.packageRow && delta.upsertLines.length === 0 && delta.deleteLineIds.length === 0 && delta.shares.length === 0;
}
