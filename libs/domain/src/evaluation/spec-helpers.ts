// Builders shared by the evaluation specs (not exported from the library).
import fc from 'fast-check';
import type { CriterionWeight, DepartmentShare, RankedItem, RankingInput, RankingPackage, RankingResult, RankingSettings, RawScore } from './model';

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

// ---- small generated cycles for the property specs ---------------------------------------------

const LEVELS = ['minimum', 'current', 'enhanced'] as const;

/** One generated package: its cost, its one reviewer's score, its level costs, its decision unit, its place in the unit's order. */
export interface GeneratedPackage {
  cost: number;
  score: number;
  /** increments: the costs of up to three levels */
  levels?: number[] | undefined;
  /** consolidation: decision unit u0 or u1, or (2) a unit of its own */
  unit: number;
  /** listed in its unit's order by listKey, or after the listed ones in scoring order */
  listKey?: number | undefined;
}

/** The fast-check fields of a GeneratedPackage (a spec adds its own: roles, departments). */
export const generatedPackageFields = {
  cost: fc.integer({ min: 1, max: 120 }),
  score: fc.integer({ min: 0, max: 100 }),
  levels: fc.option(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  unit: fc.integer({ min: 0, max: 2 }),
  listKey: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
};

/**
 * A ranking input from generated packages: ids p0, p1, …, one reviewer on ONE_CRITERION, no reserve unless
 * `settings` says otherwise. `alternativeOf(i)`: the number n of package i's alternatives group g<n> (those
 * of two or more packages are kept), or null; `sharesOf(i)`: its departments (one department 'd' if not given).
 * With `consolidate`, each package's decision unit and the unit orders u0 and u1 from the list keys.
 */
export function generatedCycle<P extends GeneratedPackage>(
  packages: readonly P[],
  options: {
    quotaFen: number;
    useIncrements: boolean;
    consolidate: boolean;
    alternativeOf?: (p: P, i: number) => number | null;
    sharesOf?: (p: P, i: number) => DepartmentShare[];
    settings?: Partial<RankingSettings>;
  },
): RankingInput {
  const { quotaFen, useIncrements, consolidate, alternativeOf = () => null, sharesOf = () => [{ departmentId: 'd', basisPoints: 10_000 }] } = options;
  const unitOf = (i: number) => (packages[i]!.unit < 2 ? `u${packages[i]!.unit}` : `own${i}`);
  const pkgs: RankingPackage[] = packages.map((p, i) => {
    const out: RankingPackage = { id: `p${i}`, costFen: p.cost, submittedAt: null, departmentShares: sharesOf(p, i) };
    if (p.levels !== undefined) out.levels = p.levels.map((costFen, k) => ({ level: LEVELS[k]!, costFen }));
    if (consolidate) out.unitId = unitOf(i);
    return out;
  });
  const unitOrders = ['u0', 'u1']
    .map((unitId) => ({
      unitId,
      packageIds: packages
        .map((p, i) => ({ p, i }))
        .filter(({ p, i }) => p.listKey !== undefined && unitOf(i) === unitId)
        .sort((a, b) => a.p.listKey! - b.p.listKey! || a.i - b.i)
        .map(({ i }) => `p${i}`),
    }))
    .filter((o) => o.packageIds.length > 0);
  const scores: RawScore[] = packages.map((p, i) => ({ reviewerId: 'r', packageId: `p${i}`, criterionKey: 'q', score: p.score }));
  const groupNumbers = [...new Set(packages.map((p, i) => alternativeOf(p, i)).filter((g): g is number => g !== null))].sort((a, b) => a - b);
  const alternativeGroups = groupNumbers
    .map((g) => ({ id: `g${g}`, packageIds: packages.flatMap((p, i) => (alternativeOf(p, i) === g ? [`p${i}`] : [])) }))
    .filter((g) => g.packageIds.length >= 2);
  return {
    settings: {
      quotaFen,
      reserveBasisPoints: 0,
      useIncrements,
      criteria: ONE_CRITERION,
      alternativeGroups,
      ...(consolidate ? { consolidation: { unitOrders } } : {}),
      ...options.settings,
    },
    packages: pkgs,
    scores,
  };
}
