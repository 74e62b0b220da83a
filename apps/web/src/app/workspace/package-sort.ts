import type { PackageView } from '@zerobase/domain';

export type PackageSortKey = 'code' | 'title' | 'total' | 'score' | 'tier' | 'stage';

const TIER_ORDER = { high: 0, medium: 1, low: 2 } as const;
const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Ascending order of two packages by one column; packages without a score or tier come last. */
export function comparePackages(a: PackageView, b: PackageView, key: PackageSortKey): number {
  switch (key) {
    case 'title':
      return collator.compare(a.title, b.title) || collator.compare(a.code, b.code);
    case 'total':
      return a.totals.totalFen - b.totals.totalFen || collator.compare(a.code, b.code);
    case 'score':
      return (a.score ?? -Infinity) - (b.score ?? -Infinity) || collator.compare(a.code, b.code);
    case 'tier':
      return (a.tier ? TIER_ORDER[a.tier] : 3) - (b.tier ? TIER_ORDER[b.tier] : 3) || collator.compare(a.code, b.code);
    case 'stage':
      return collator.compare(a.stage, b.stage) || collator.compare(a.code, b.code);
    default:
      return collator.compare(a.code, b.code);
  }
}
