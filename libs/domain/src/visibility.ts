import { canReadPackage, isCoordinator, type PackageAccessFacts } from './access';
import type { Cutoff, DepartmentAmounts, ItemExplanation, PackageAllocation, RankedItem } from './evaluation/model';
import type { CycleStage, Membership, Role, Tier } from './types';

/**
 * What each role may read, defined once for every channel (REST, Socket.IO pushes and rooms,
 * `/collab` and presence). Payloads are built per audience from these rules; nothing is sent
 * to everyone and trimmed later.
 *
 * - coordinator: everything, reviewers by identity.
 * - member (liaison or reviewer): every package of the cycle and the ranking; before scoring
 *   closes only the composite of each package, never a per-criterion breakdown, reviewer counts,
 *   ballots or who was excluded (with one or two reviewers those reveal individual scores).
 * - observer: published packages only; the ranking from the allocation stage, built from the
 *   published packages alone (ranks, sums and the cutoff over them); never reviewers' identities,
 *   individual scores or comments.
 * - evaluator (third-party, end-of-cycle evaluation): no audience of the cycle; reads only the
 *   packages assigned to it (access.ts canReadPackage), pushed to its own user room only.
 */
export const AUDIENCES = ['coordinator', 'member', 'observer'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The broadest audience a user belongs to in a cycle; null when they are not a member. */
export function audienceOf(memberships: readonly Membership[], cycleId: string): Audience | null {
  const roles = new Set<Role>(memberships.filter((m) => m.cycleId === cycleId).map((m) => m.role));
  if (roles.has('coordinator')) return 'coordinator';
  if (roles.has('liaison') || roles.has('reviewer')) return 'member';
  if (roles.has('observer')) return 'observer';
  return null;
}

const ROLE_ORDER: readonly Role[] = ['coordinator', 'liaison', 'reviewer', 'observer', 'evaluator'];

/** The role a user is shown with (presence): the broadest they hold in the cycle. */
export function broadestRole(memberships: readonly Membership[], cycleId: string): Role | null {
  const roles = new Set(memberships.filter((m) => m.cycleId === cycleId).map((m) => m.role));
  return ROLE_ORDER.find((r) => roles.has(r)) ?? null;
}

/** A membership of the audience, to ask the package rules on the audience's behalf. */
export function audienceMemberships(audience: Audience, cycleId: string): Membership[] {
  const role: Role = audience === 'coordinator' ? 'coordinator' : audience === 'member' ? 'reviewer' : 'observer';
  return [{ cycleId, role, departmentId: null }];
}

/** Stages from which observers read the ranking (it is published with the allocation). */
export const RANKING_PUBLISHED_STAGES: readonly CycleStage[] = ['allocation', 'execution', 'evaluation'];

export function audienceReadsRanking(audience: Audience | null, stage: CycleStage): boolean {
  if (audience === null) return false;
  return audience !== 'observer' || RANKING_PUBLISHED_STAGES.includes(stage);
}

export function canReadRanking(memberships: readonly Membership[], cycleId: string, stage: CycleStage): boolean {
  return audienceReadsRanking(audienceOf(memberships, cycleId), stage);
}

export interface RankingVisibility {
  /** which packages appear at all */
  packages: 'all' | 'published';
  /** per-criterion values and contributions, reviewer counts, ballots, conflict exclusions */
  breakdown: boolean;
  /** reviewer ids (conflict exclusions) */
  reviewerIdentities: boolean;
}

export function rankingVisibility(audience: Audience, scoringClosed: boolean): RankingVisibility {
  if (audience === 'coordinator') return { packages: 'all', breakdown: true, reviewerIdentities: true };
  return { packages: audience === 'observer' ? 'published' : 'all', breakdown: scoringClosed, reviewerIdentities: false };
}

/** Individual reviewer scores: coordinators always; reviewers their own until scoring closes, then liaisons and reviewers all; observers never. */
export function scoreAccess(memberships: readonly Membership[], cycleId: string, scoringClosed: boolean): 'all' | 'own' | 'none' {
  if (isCoordinator(memberships, cycleId)) return 'all';
  const roles = new Set(memberships.filter((m) => m.cycleId === cycleId).map((m) => m.role));
  if (scoringClosed && (roles.has('liaison') || roles.has('reviewer'))) return 'all';
  if (roles.has('reviewer')) return 'own';
  return 'none';
}

/** Whether an audience may read a package (the same rule as canReadPackage, by audience). */
export function audienceReadsPackage(audience: Audience, pkg: PackageAccessFacts): boolean {
  return canReadPackage(audienceMemberships(audience, pkg.cycleId), pkg);
}

/** The parts of a ranking the visibility rules act on; views may carry more fields. */
export interface RankingShape {
  items: readonly RankedItem[];
  cutoff: Cutoff;
  totals: { quotaFen: number; reserveFen: number; availableFen: number; requestedFen: number; allocatedFen: number; remainderFen: number };
  perPackage: readonly PackageAllocation[];
  perDepartment: readonly DepartmentAmounts[];
  tierCounts: Record<Tier, number>;
  excludedForConflict: number;
}

/**
 * The ranking as one audience may read it. `isPublished` answers for package ids. When packages
 * are hidden, ranks, cumulative sums, the cutoff, totals and counts are recomputed over the
 * visible ones, so nothing about a hidden package can be read off the numbers.
 */
export function rankingFor<T extends RankingShape>(ranking: T, visibility: RankingVisibility, isPublished: (packageId: string) => boolean): T {
  const visible = (packageId: string) => visibility.packages === 'all' || isPublished(packageId);
  const kept = ranking.items.filter((i) => visible(i.packageId));
  const hidden = kept.length !== ranking.items.length;
  const keptIds = new Set(kept.map((i) => i.id));
  let cumulative = 0;
  const unitPlaces = hidden ? visibleUnitPlaces(kept) : null;
  const items = kept.map((item, index) => {
    cumulative += item.costFen;
    const explanation = explanationFor(item.explanation, visibility);
    if (explanation.tieBreakAgainst !== null && !keptIds.has(explanation.tieBreakAgainst)) {
      explanation.tieBreakAgainst = null;
      explanation.tieBreak = null;
    }
    // a unit's order over the visible packages alone: no place, count, holder or override names a hidden one
    if (unitPlaces !== null && explanation.consolidation !== undefined) {
      const c = { ...explanation.consolidation };
      const places = unitPlaces.get(c.unitId)!;
      c.unitRank = places.indexOf(item.packageId) + 1;
      c.unitSize = places.length;
      if (c.heldBy !== undefined && !keptIds.has(c.heldBy)) delete c.heldBy;
      const overrides = c.overrides?.filter((o) => visible(o.otherPackageId));
      if (overrides === undefined || overrides.length === 0) delete c.overrides;
      else c.overrides = overrides;
      explanation.consolidation = c;
    }
    return hidden ? { ...item, rank: index + 1, cumulativeFen: cumulative, explanation } : { ...item, explanation };
  });
  const excludedForConflict = visibility.breakdown ? ranking.excludedForConflict : 0;
  if (!hidden) return { ...ranking, items, excludedForConflict };
  const perPackage = ranking.perPackage.filter((p) => visible(p.packageId));
  const ranks = new Map(items.map((i) => [i.packageId, i.rank] as const));
  const perPackageView = perPackage.map((p) => ({ ...p, bestRank: ranks.get(p.packageId) ?? p.bestRank }));
  const perDepartment = ranking.perDepartment
    .map((d) => {
      const amounts = perPackage.flatMap((p) => p.byDepartment.filter((b) => b.departmentId === d.departmentId));
      const sum = (key: 'requestedFen' | 'fundedFen' | 'unfundedFen') => amounts.reduce((n, a) => n + a[key], 0);
      return { ...d, requestedFen: sum('requestedFen'), fundedFen: sum('fundedFen'), unfundedFen: sum('unfundedFen') };
    })
    .filter((d) => d.requestedFen > 0);
  const requestedFen = perPackage.reduce((n, p) => n + p.requestedFen, 0);
  const allocatedFen = perPackage.reduce((n, p) => n + p.fundedFen, 0);
  const tierCounts: Record<Tier, number> = { high: 0, medium: 0, low: 0 };
  for (const item of items) tierCounts[item.tier]++;
  return {
    ...ranking,
    items,
    cutoff: cutoffOf(items, ranking.cutoff),
    totals: { ...ranking.totals, requestedFen, allocatedFen, remainderFen: ranking.totals.availableFen - allocatedFen },
    perPackage: perPackageView,
    perDepartment,
    tierCounts,
    excludedForConflict,
  };
}

function explanationFor(explanation: ItemExplanation, visibility: RankingVisibility): ItemExplanation {
  const out: ItemExplanation = { ...explanation };
  if (!visibility.reviewerIdentities) out.conflictedReviewers = [];
  if (!visibility.breakdown) {
    out.parts = [];
    out.missingCriteria = [];
    out.conflictedReviewers = [];
    delete out.borda;
    delete out.schulze;
    // weight sensitivity is read off per-criterion scores: withheld with the breakdown
    if (out.belowLine) out.belowLine = { ...out.belowLine, sensitivity: undefined };
  }
  // what would move an item names other items and amounts computed over all of them: only for those who see every package
  if (visibility.packages !== 'all') delete out.belowLine;
  return out;
}

/** unit id → its visible packages in the unit's order */
function visibleUnitPlaces(items: readonly RankedItem[]): Map<string, string[]> {
  const rank = new Map<string, { unitId: string; unitRank: number }>();
  for (const item of items) {
    const c = item.explanation.consolidation;
    if (c !== undefined && !rank.has(item.packageId)) rank.set(item.packageId, { unitId: c.unitId, unitRank: c.unitRank });
  }
  const out = new Map<string, string[]>();
  for (const [packageId, { unitId }] of [...rank].sort((a, b) => a[1].unitRank - b[1].unitRank)) {
    const list = out.get(unitId);
    if (list === undefined) out.set(unitId, [packageId]);
    else list.push(packageId);
  }
  return out;
}

/** The cutoff over the visible items alone. */
function cutoffOf(items: readonly RankedItem[], original: Cutoff): Cutoff {
  const firstUnfunded = items.find((i) => !i.funded && !i.pinned) ?? null;
  let last: RankedItem | null = null;
  let amountFen = 0;
  for (const item of items) {
    if (firstUnfunded && item.rank >= firstUnfunded.rank) break;
    if (item.funded) {
      last = item;
      amountFen += item.fundedFen;
    }
  }
  return {
    rank: last?.rank ?? null,
    itemId: last?.id ?? null,
    amountFen,
    firstUnfundedRank: firstUnfunded?.rank ?? null,
    firstUnfundedItemId: firstUnfunded?.id ?? null,
    shortfallFen: firstUnfunded && firstUnfunded.id === original.firstUnfundedItemId ? original.shortfallFen : 0,
  };
}

/**
 * The end-of-cycle evaluation: coordinators read every package, every sheet, scores and grades;
 * a scorer (internal reviewer or third-party evaluator) only the packages assigned to it and its
 * own sheet; everyone else nothing.
 */
export function performanceAccess(memberships: readonly Membership[], cycleId: string): 'all' | 'assigned' {
  return isCoordinator(memberships, cycleId) ? 'all' : 'assigned';
}

/**
 * Who changed, uploaded or versioned something in a package: coordinators, members (liaisons,
 * reviewers) and third-party evaluators read the person (name and user id); observers read only
 * the department, since the public reads what the cycle publishes, not which civil servant
 * wrote it. One rule for every channel: REST (edit log, last changes, versions, attachments),
 * Socket.IO pushes and presence on `/collab`.
 */
export function seesStaffNames(memberships: readonly Membership[], cycleId: string): boolean {
  return audienceSeesStaffNames(audienceOf(memberships, cycleId));
}

/** The same rule by audience (pushes to audience rooms); null (not a member: evaluators) reads by assignment and sees names. */
export function audienceSeesStaffNames(audience: Audience | null): boolean {
  return audience !== 'observer';
}

/** A person reference as a reader sees it: name and user id null for those who do not see staff names; the department stays. */
export function staffRefFor<T extends { userId: string | null; userName: string | null }>(ref: T, seesNames: boolean): T {
  return seesNames ? ref : { ...ref, userId: null, userName: null };
}
