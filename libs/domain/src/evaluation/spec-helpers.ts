// Builders shared by the evaluation specs (not exported from the library).
import type { CriterionWeight, RankedItem, RankingPackage, RankingResult, RankingSettings, RawScore } from './model';

export const ONE_CRITERION: readonly CriterionWeight[] = [{ key: 'q', weight: 100 }];

export function pkg(id: string, costFen: number, extra: Partial<RankingPackage> = {}): RankingPackage {
  return { id, costFen, submittedAt: null, departmentShares: [{ departmentId: 'd1', basisPoints: 10_000 }], ...extra };
}

/** scores of one criterion: table[packageId][reviewerId] = score */
export function scoresOf(table: Record<string, Record<string, number>>, criterionKey = 'q'): RawScore[] {
  const out: RawScore[] = [];
  for (const [packageId, row] of Object.entries(table)) {
    for (const [reviewerId, score] of Object.entries(row)) out.push({ packageId, reviewerId, criterionKey, score });
  }
  return out;
}

/**
 * Consolidation: the funded items (ids in `funded`) that break their decision unit's order — an item above
 * one of them in its unit (same level) that is neither funded, nor decided outside the ranking (mandated,
 * pinned, fund/cut override), nor excluded by a funded package of its alternatives group. Read from the
 * result's explanations (unit, unit rank, level), independently of the allocator's own bookkeeping.
 */
export function unitOrderViolations(result: RankingResult, settings: RankingSettings, funded: ReadonlySet<string>): string[] {
  const outside = new Set([...(settings.mandatedPackageIds ?? []), ...(settings.pinnedPackageIds ?? []), ...(settings.overrides ?? []).map((o) => o.packageId)]);
  const groupOf = new Map<string, number>();
  (settings.alternativeGroups ?? []).forEach((g, k) => g.packageIds.forEach((id) => groupOf.set(id, k)));
  const fundedPackages = new Set(result.items.filter((i) => funded.has(i.id)).map((i) => i.packageId));
  const excluded = (packageId: string): boolean => {
    const g = groupOf.get(packageId);
    return g !== undefined && [...fundedPackages].some((p) => p !== packageId && groupOf.get(p) === g);
  };
  const level = (i: RankedItem) => i.explanation.increment?.ordinal ?? 0;
  const out: string[] = [];
  for (const item of result.items) {
    const c = item.explanation.consolidation;
    if (!funded.has(item.id) || outside.has(item.packageId) || c === undefined) continue;
    for (const above of result.items) {
      const a = above.explanation.consolidation;
      if (a === undefined || a.unitId !== c.unitId || a.unitRank >= c.unitRank || level(above) !== level(item)) continue;
      if (!funded.has(above.id) && !outside.has(above.packageId) && !excluded(above.packageId)) out.push(`${item.id} funded, ${above.id} above it in unit ${c.unitId} not`);
    }
  }
  return out;
}
