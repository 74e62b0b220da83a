import { describe, expect, it } from 'vitest';
import { wanYuanToFen } from '../money';
import { collaborationMetrics, collaborationScore, correlationsAcrossCycles, metricsSeries, packageDecision, packageSaving, type MetricsInput, type MetricsPackage } from './collaboration';
import { nonPublicKeys } from './public-disclosure';
import { pearson } from './statistics';

const M = (millions: number) => wanYuanToFen(millions * 100);

/** The source material's joint packages: two 15 M line requests → one 20 M line; 30 + 20 + 10 M separately → 50 M renovation. */
const line: MetricsPackage = {
  id: 'line', code: 'DP-01', departmentIds: ['power', 'telecom'], shares: [{ departmentId: 'power', basisPoints: 5_000 }, { departmentId: 'telecom', basisPoints: 5_000 }],
  budgetFen: M(20), separateRequests: [{ departmentId: 'power', amountFen: M(15) }, { departmentId: 'telecom', amountFen: M(15) }], sharedCostLines: 1,
  createdAt: '2026-09-01T00:00:00Z',
  stageMoves: [
    { from: 'drafting', to: 'review', at: '2026-09-05T00:00:00Z' },
    { from: 'review', to: 'drafting', at: '2026-09-06T00:00:00Z' },
    { from: 'drafting', to: 'review', at: '2026-09-10T00:00:00Z' },
    { from: 'review', to: 'scoring', at: '2026-09-15T00:00:00Z' },
  ],
  satisfactionChange: null,
};
const renovation: MetricsPackage = {
  id: 'renovation', code: 'DP-02', departmentIds: ['housing', 'planning', 'city', 'power', 'telecom'],
  shares: [{ departmentId: 'housing', basisPoints: 4_400 }, { departmentId: 'planning', basisPoints: 1_000 }, { departmentId: 'city', basisPoints: 600 }, { departmentId: 'power', basisPoints: 2_000 }, { departmentId: 'telecom', basisPoints: 2_000 }],
  budgetFen: M(50), separateRequests: [{ departmentId: 'housing', amountFen: M(30) }, { departmentId: 'planning', amountFen: M(20) }, { departmentId: 'city', amountFen: M(10) }], sharedCostLines: 0,
  createdAt: '2026-09-02T00:00:00Z', stageMoves: [], satisfactionChange: 18,
};
const expressway: MetricsPackage = {
  id: 'expressway', code: 'DP-03', departmentIds: ['transport'], shares: [{ departmentId: 'transport', basisPoints: 10_000 }], budgetFen: M(187), separateRequests: [], sharedCostLines: 0,
  createdAt: '2026-09-03T00:00:00Z', stageMoves: [], satisfactionChange: null,
};

const input: MetricsInput = {
  packages: [line, renovation, expressway],
  edits: [
    { packageId: 'line', departmentId: 'power', sections: ['shared'], at: '2026-09-02T10:00:00Z' },
    { packageId: 'line', departmentId: 'power', sections: ['dept:power'], at: '2026-09-02T11:00:00Z' },
    { packageId: 'line', departmentId: 'telecom', sections: ['shared', 'dept:telecom'], at: '2026-09-03T10:00:00Z' },
    { packageId: 'line', departmentId: 'telecom', sections: ['dept:telecom'], at: '2026-10-03T10:00:00Z' },
    { packageId: 'renovation', departmentId: 'housing', sections: ['shared'], at: '2026-10-04T10:00:00Z' },
    { packageId: 'expressway', departmentId: 'transport', sections: ['dept:transport'], at: '2026-10-05T10:00:00Z' },
  ],
  conflicts: [
    { packageId: 'line', departmentIds: ['power', 'telecom'], createdAt: '2026-09-03T00:00:00Z', resolvedAt: '2026-09-05T00:00:00Z' },
    { packageId: 'renovation', departmentIds: ['housing', 'planning'], createdAt: '2026-09-04T00:00:00Z', resolvedAt: null },
  ],
  meetings: null,
};

describe('collaboration metrics', () => {
  it('reproduces the source figures: 60 M separately → 50 M jointly, two 15 M lines → one 20 M line, 10 M saved each', () => {
    expect(packageSaving(renovation)).toEqual({ separateFen: M(60), jointFen: M(50), savedFen: M(10) });
    expect(packageSaving(line)).toEqual({ separateFen: M(30), jointFen: M(20), savedFen: M(10) });
    expect(packageSaving(expressway)).toBeNull();
    const metrics = collaborationMetrics(input);
    const byCode = Object.fromEntries(metrics.packages.map((p) => [p.code, p]));
    expect(byCode['DP-02']).toMatchObject({ separateRequestsFen: M(60), jointBudgetFen: M(50), savedFen: M(10) });
    expect(byCode['DP-01']).toMatchObject({ separateRequestsFen: M(30), jointBudgetFen: M(20), savedFen: M(10) });
    expect(metrics.cycle).toMatchObject({ separateRequestsFen: M(90), jointBudgetFen: M(70), savedFen: M(20) });
  });

  it('counts information sharing: cross-department edits, shared cost lines, joint packages', () => {
    const { cycle } = collaborationMetrics(input);
    expect(cycle).toMatchObject({ packages: 3, jointPackages: 2, edits: 6, crossDepartmentEdits: 3, sharedCostLines: 1, informationSharing: 6 });
  });

  it('measures decisions in days and rounds from first draft, and conflicts with their time to resolve', () => {
    expect(packageDecision(line)).toEqual({ at: '2026-09-15T00:00:00Z', days: 14, rounds: 2 });
    expect(packageDecision(renovation)).toBeNull();
    const { cycle } = collaborationMetrics(input);
    expect(cycle).toMatchObject({ decided: 1, meanDecisionDays: 14, meanDecisionRounds: 2, conflicts: 2, conflictsResolved: 1, conflictsOpen: 1, meanResolutionDays: 2 });
  });

  it('reports meeting frequency as not recorded while there is no meeting source, and counts meetings when there is one', () => {
    const without = collaborationMetrics(input);
    expect(without.meetingsRecorded).toBe(false);
    expect(without.cycle.meetings).toBeNull();
    expect(without.cycle.scoreParts.find((p) => p.key === 'meetings')).toMatchObject({ value: null, points: 0 });
    const withMeetings = collaborationMetrics({
      ...input,
      period: { from: '2026-09-01T00:00:00Z', to: '2026-10-31T00:00:00Z' },
      meetings: [
        { at: '2026-09-10T00:00:00Z', departmentIds: ['power', 'telecom'], packageIds: ['line'] },
        { at: '2026-10-10T00:00:00Z', departmentIds: ['housing', 'planning', 'power'], packageIds: ['renovation'] },
      ],
    });
    expect(withMeetings.cycle.meetings).toBe(2);
    expect(withMeetings.cycle.meetingsPerMonth).toBe(1);
    expect(withMeetings.departments.find((d) => d.departmentId === 'power')?.meetings).toBe(2);
    expect(withMeetings.departments.find((d) => d.departmentId === 'telecom')?.meetings).toBe(1);
  });

  it('scores 0–100 from the published weights, sharing the weight of parts with nothing to measure', () => {
    const { cycle } = collaborationMetrics(input);
    // sharing 3/6, jointness 2/3, savings 20/90 ≥ 20 % → 1, conflicts 1/2 in time, decision 1 ÷ 2 rounds; meetings unmeasured → weights over 90
    expect(cycle.scoreParts.map((p) => [p.key, p.value])).toEqual([['sharing', 0.5], ['jointness', 0.6667], ['savings', 1], ['conflicts', 0.5], ['decisions', 0.5], ['meetings', null]]);
    expect(cycle.score).toBe(66.7);
    expect(collaborationScore({ sharing: 1, jointness: 1, savings: 1, conflicts: 1, decisions: 1, meetings: 1 }).score).toBe(100);
    expect(collaborationScore({ sharing: null, jointness: null, savings: null, conflicts: null, decisions: null, meetings: null }).score).toBeNull();
    const solo = collaborationMetrics(input).packages.find((p) => p.code === 'DP-03');
    expect(solo?.score).toBe(0);
  });

  it('splits per department by cost share and per pair over the packages both own', () => {
    const metrics = collaborationMetrics(input);
    const power = metrics.departments.find((d) => d.departmentId === 'power');
    expect(power).toMatchObject({ packages: 2, edits: 2, crossDepartmentEdits: 1, savedFen: M(5) + M(2), conflicts: 1 });
    const pair = metrics.pairs.find((p) => p.departmentIds.join() === 'power,telecom');
    expect(pair).toMatchObject({ packages: 2, coEditedPackages: 1, savedFen: M(20), conflicts: 1, edits: 4 });
    expect(metrics.pairs.find((p) => p.departmentIds.join() === 'housing,planning')).toMatchObject({ packages: 1, conflicts: 1, conflictsOpen: 1 });
    expect(metrics.pairs.some((p) => p.departmentIds.includes('transport'))).toBe(false);
  });

  it('filters by period', () => {
    const { cycle } = collaborationMetrics({ ...input, period: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } });
    expect(cycle).toMatchObject({ edits: 3, crossDepartmentEdits: 1, conflicts: 0, decided: 0 });
  });

  it('correlates the score with money saved and with the satisfaction change, reporting n', () => {
    const { correlations } = collaborationMetrics(input);
    expect(correlations.scoreVsSaved.n).toBe(3);
    expect(correlations.scoreVsSaved.r).toBeGreaterThan(0.9);
    expect(correlations.scoreVsSatisfaction).toEqual({ r: null, n: 1 });
    expect(correlations.samples.scoreVsSaved).toHaveLength(3);
    expect(pearson(correlations.samples.scoreVsSaved.map((x) => [x.score, x.value] as const))).toEqual(correlations.scoreVsSaved);
  });

  it('pools the packages of several cycles: n adds up, r is taken over all pairs, each cycle keeps its own', () => {
    const sample = (packageId: string, score: number, value: number) => ({ packageId, score, value });
    const cycle = (cycleId: string, saved: [number, number][], satisfaction: [number, number][]) => ({
      cycleId,
      name: cycleId,
      correlations: {
        scoreVsSaved: pearson(saved),
        scoreVsSatisfaction: pearson(satisfaction),
        samples: { scoreVsSaved: saved.map(([x, y], i) => sample(`${cycleId}-${i}`, x, y)), scoreVsSatisfaction: satisfaction.map(([x, y], i) => sample(`${cycleId}-s${i}`, x, y)) },
      },
    });
    // two years of two packages each: neither year alone has 3 pairs, together they have 4
    const y2026 = cycle('2026', [[20, 0], [80, 10]], [[30, 2]]);
    const y2027 = cycle('2027', [[50, 4], [90, 12]], [[70, 8], [60, 5]]);
    const pooled = correlationsAcrossCycles([y2026, y2027]);
    expect(pooled.cycles.map((c) => [c.cycleId, c.scoreVsSaved])).toEqual([['2026', { r: null, n: 2 }], ['2027', { r: null, n: 2 }]]);
    expect(pooled.scoreVsSaved).toEqual(pearson([[20, 0], [80, 10], [50, 4], [90, 12]]));
    expect(pooled.scoreVsSaved.n).toBe(4);
    expect(pooled.scoreVsSaved.r).toBeGreaterThan(0.95);
    expect(pooled.scoreVsSatisfaction).toEqual(pearson([[30, 2], [70, 8], [60, 5]]));
    expect(correlationsAcrossCycles([])).toMatchObject({ cycles: [], scoreVsSaved: { r: null, n: 0 } });
  });

  it('series counts per month with the cumulative score', () => {
    const points = metricsSeries(input, 'month');
    expect(points.map((p) => [p.from.slice(0, 7), p.edits, p.crossDepartmentEdits, p.conflictsOpened, p.conflictsResolved, p.decisions])).toEqual([
      ['2026-09', 3, 2, 2, 1, 1],
      ['2026-10', 3, 1, 0, 0, 0],
    ]);
    expect(points[1].cumulativeScore).toBe(collaborationMetrics(input).cycle.score);
  });
});

describe('pearson', () => {
  it('computes r with n, and gives no r below 3 pairs or without variance', () => {
    expect(pearson([[1, 2], [2, 4], [3, 5], [4, 4], [5, 5]])).toEqual({ r: 0.7746, n: 5 });
    expect(pearson([[1, 2], [2, 4]])).toEqual({ r: null, n: 2 });
    expect(pearson([[1, 2], [1, 4], [1, 5]])).toEqual({ r: null, n: 3 });
    expect(pearson([[1, 3], [2, 2], [3, 1]]).r).toBe(-1);
  });
});

describe('public disclosure keys', () => {
  it('names every key that is not public, at any depth', () => {
    expect(nonPublicKeys({ cycle: { id: 'x', name: 'n' }, packages: [{ code: 'a', targets: [{ name: 'k', comment: 'internal' }] }] })).toEqual(['$.packages[0].targets[0].comment']);
    expect(nonPublicKeys({ packages: [{ code: 'a', email: 'x@y' }] })).toEqual(['$.packages[0].email']);
  });
});

describe('csv', () => {
  it('quotes, prefixes formulas and starts with a byte-order mark', async () => {
    const { toCsv, fenToWan } = await import('./csv');
    expect(toCsv([['编号', '名称'], ['a,b', '=1+1'], [-5, null]])).toBe('\uFEFF编号,名称\r\n"a,b",\'=1+1\r\n-5,\r\n');
    expect(fenToWan(2_000_000_000)).toBe(2000);
    expect(fenToWan(1)).toBe(0.000001);
  });
});
