import { describe, expect, it } from 'vitest';
import { collaborationMetrics, toMetricsView, wanYuanToFen, type PackageView } from '@zerobase/domain';
import { savingsChart, stageTierChart, type DashboardData } from './dashboard-charts';

const t = (key: string, params: Record<string, string | number> = {}) => `${key}${Object.keys(params).length ? JSON.stringify(params) : ''}`;
const M = (millions: number) => wanYuanToFen(millions * 100);

function data(): DashboardData {
  const metrics = collaborationMetrics({
    packages: [
      { id: 'a', code: 'DP-01', departmentIds: ['p', 't'], shares: [{ departmentId: 'p', basisPoints: 5_000 }, { departmentId: 't', basisPoints: 5_000 }], budgetFen: M(20), separateRequests: [{ departmentId: 'p', amountFen: M(15) }, { departmentId: 't', amountFen: M(15) }], sharedCostLines: 0, createdAt: '2026-09-01T00:00:00Z', stageMoves: [], satisfactionChange: null },
      { id: 'b', code: 'DP-02', departmentIds: ['x'], shares: [{ departmentId: 'x', basisPoints: 10_000 }], budgetFen: M(5), separateRequests: [], sharedCostLines: 0, createdAt: '2026-09-01T00:00:00Z', stageMoves: [], satisfactionChange: null },
    ],
    edits: [],
    conflicts: [],
    meetings: null,
  });
  const pkg = (stage: string, tier: string | null) => ({ stage, tier }) as unknown as PackageView;
  return {
    metrics: toMetricsView('c', metrics, (id) => id, null, new Map()),
    series: { cycleId: 'c', bucket: 'week', department: null, points: [] },
    packages: [pkg('scoring', 'high'), pkg('scoring', 'high'), pkg('scoring', 'low'), pkg('drafting', null)],
    ranking: null,
  };
}

describe('dashboard charts', () => {
  it('gives the savings chart its numbers in 万元 and a sentence with the totals', () => {
    const chart = savingsChart(data(), t);
    expect(chart.rows).toEqual([['DP-01', 3000, 2000, 1000]]);
    expect(chart.summary).toContain('"saved":1000');
    expect((chart.option['series'] as unknown[]).length).toBe(3);
  });

  it('counts packages by stage and tier, unscored packages apart', () => {
    const chart = stageTierChart(data(), t);
    expect(chart.rows).toEqual([
      ['stage.drafting', 0, 0, 0, 1],
      ['stage.scoring', 2, 0, 1, 0],
    ]);
    expect(chart.summary).toContain('"n":4');
  });
});
