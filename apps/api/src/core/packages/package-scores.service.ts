import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tier } from '@zerobase/domain';

export interface PackageScore {
  score: number | null;
  tier: Tier | null;
}

/** Composite score and tier of each package of a cycle, as the package list shows them. */
@Injectable()
export class PackageScoresService {
  constructor(private readonly dataSource: DataSource) {}

  async forCycle(cycleId: string): Promise<Map<string, PackageScore>> {
    const rows: { package_id: string; score: string; tier_high: number; tier_medium: number }[] = await this.dataSource.query(
      `SELECT s.package_id, sum(s.avg_score * c.weight) / nullif(sum(c.weight), 0) AS score, bc.tier_high, bc.tier_medium
         FROM (SELECT package_id, criterion_key, avg(score) AS avg_score FROM reviewer_score WHERE cycle_id = $1 GROUP BY 1, 2) s
         JOIN evaluation_criterion c ON c.cycle_id = $1 AND c.key = s.criterion_key
         JOIN budget_cycle bc ON bc.id = $1
        GROUP BY s.package_id, bc.tier_high, bc.tier_medium`,
      [cycleId],
    );
    const out = new Map<string, PackageScore>();
    for (const r of rows) {
      const score = Math.round(Number(r.score) * 100) / 100;
      out.set(r.package_id, { score, tier: score >= r.tier_high ? 'high' : score >= r.tier_medium ? 'medium' : 'low' });
    }
    return out;
  }
}
