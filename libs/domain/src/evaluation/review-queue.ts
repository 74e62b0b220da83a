import { hasConflictOfInterest } from './conflict-of-interest';

/**
 * A reviewer's queue: the packages up for scoring, each scored, partly scored, still open, or
 * recused (the reviewer's own department owns it). Progress counts the packages the reviewer may
 * score; recused ones are listed with their reason but never counted as left to do.
 */
export type ReviewQueueStatus = 'scored' | 'partial' | 'open' | 'recused';

export interface ReviewQueuePackage {
  packageId: string;
  /** department ids owning the package */
  ownerIds: readonly string[];
}

export interface ReviewQueueEntry {
  packageId: string;
  status: ReviewQueueStatus;
  /** criteria this reviewer has scored on the package */
  scoredCriteria: number;
  /** the owning departments shared with the reviewer, when recused */
  recusedFor: string[];
}

export interface ReviewQueueProgress {
  scored: number;
  total: number;
  recused: number;
  /** the first package still to score, in queue order */
  nextPackageId: string | null;
}

export function reviewQueue(
  packages: readonly ReviewQueuePackage[],
  reviewerDepartmentIds: readonly string[],
  scoredCriteriaByPackage: ReadonlyMap<string, ReadonlySet<string>>,
  criterionKeys: readonly string[],
): { entries: ReviewQueueEntry[]; progress: ReviewQueueProgress } {
  const entries = packages.map((p): ReviewQueueEntry => {
    if (hasConflictOfInterest(reviewerDepartmentIds, p.ownerIds)) {
      return { packageId: p.packageId, status: 'recused', scoredCriteria: 0, recusedFor: p.ownerIds.filter((d) => reviewerDepartmentIds.includes(d)) };
    }
    const scored = scoredCriteriaByPackage.get(p.packageId) ?? new Set<string>();
    const count = criterionKeys.filter((k) => scored.has(k)).length;
    const status: ReviewQueueStatus = criterionKeys.length > 0 && count === criterionKeys.length ? 'scored' : count > 0 ? 'partial' : 'open';
    return { packageId: p.packageId, status, scoredCriteria: count, recusedFor: [] };
  });
  const mine = entries.filter((e) => e.status !== 'recused');
  return {
    entries,
    progress: {
      scored: mine.filter((e) => e.status === 'scored').length,
      total: mine.length,
      recused: entries.length - mine.length,
      nextPackageId: mine.find((e) => e.status !== 'scored')?.packageId ?? null,
    },
  };
}
