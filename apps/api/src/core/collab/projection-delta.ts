import type { ProjectedRows } from './package-content';

type Line = ProjectedRows['lines'][number];
type Share = ProjectedRows['shares'][number];

/** What a projection must write, compared with what it wrote last time. */
export interface ProjectionDelta {
  /** the package row's co-edited fields (title, purpose, contingency, details) changed */
  packageRow: boolean;
  /** lines to insert or overwrite (new or changed) */
  upsertLines: Line[];
  /** ids of lines no longer in the document */
  deleteLineIds: string[];
  shares: Share[];
  /**
   * A field ranking, allocation or the invariants read changed (any cost line field, split,
   * contingency, levels of effort, title): only then do they recompute. Texts (narrative,
   * purpose, objectives, KPIs, risks …) do not.
   */
  moneyOrScore: boolean;
}

const lineKey = (l: Line) => `${l.departmentId}\u0000${l.category}\u0000${l.description}\u0000${l.location}\u0000${l.quantityMilli}\u0000${l.unit}\u0000${l.unitCostFen}\u0000${l.year}\u0000${l.position}`;

/**
 * The difference between two projections of one package. With no previous projection (first
 * write in this instance) everything is written and counts as a money change.
 */
export function projectionDelta(previous: ProjectedRows | null, next: ProjectedRows): ProjectionDelta {
  if (!previous) return { packageRow: true, upsertLines: next.lines, deleteLineIds: [], shares: next.shares, moneyOrScore: true };
  const before = new Map(previous.lines.map((l) => [l.id, lineKey(l)]));
  const upsertLines = next.lines.filter((l) => before.get(l.id) !== lineKey(l));
  const nextIds = new Set(next.lines.map((l) => l.id));
  const deleteLineIds = previous.lines.filter((l) => !nextIds.has(l.id)).map((l) => l.id);
  const sharesBefore = new Map(previous.shares.map((s) => [s.departmentId, s.basisPoints]));
  const shares = next.shares.filter((s) => sharesBefore.get(s.departmentId) !== s.basisPoints);
  const a = previous.package;
  const b = next.package;
  const levelsChanged = JSON.stringify(a.details.levels) !== JSON.stringify(b.details.levels);
  const headChanged = a.title !== b.title || a.contingencyBasisPoints !== b.contingencyBasisPoints;
  const packageRow = headChanged || a.purpose !== b.purpose || JSON.stringify(a.details) !== JSON.stringify(b.details);
  // any cost line field counts: the invariants also compare descriptions and locations (duplicate work)
  const moneyOrScore = headChanged || levelsChanged || deleteLineIds.length > 0 || shares.length > 0 || upsertLines.length > 0;
  return { packageRow, upsertLines, deleteLineIds, shares, moneyOrScore };
}

/** Nothing to write. */
export function isEmptyDelta(delta: ProjectionDelta): boolean {
  return !delta.packageRow && delta.upsertLines.length === 0 && delta.deleteLineIds.length === 0 && delta.shares.length === 0;
}
