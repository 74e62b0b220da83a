// Builders shared by the evaluation specs (not exported from the library).
import type { CriterionWeight, RankingPackage, RawScore } from './model';

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
