import { registerMessages } from '../core/i18n';
import { COST_CATEGORIES, CYCLE_STAGES, fenToWan, TIERS, type MetricsSeriesView, type MetricsView, type PackageView } from '@zerobase/domain';
import { METRICS_MESSAGES } from './metrics.messages';

registerMessages(METRICS_MESSAGES);

/** What one chart card shows: its numbers as a table, a sentence describing them, and the ECharts option. */
export interface ChartSpec {
  id: string;
  title: string;
  summary: string;
  columns: string[];
  rows: (string | number | null)[][];
  option: Record<string, unknown>;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface DashboardData {
  metrics: MetricsView;
  series: MetricsSeriesView;
  packages: PackageView[];
  ranking: { perDepartment: { department: string; requestedFen: number; fundedFen: number }[]; perPackage: { packageId: string; fundedFen: number; requestedFen: number }[] } | null;
}

const COLORS = { requested: '#8a8f98', allocated: '#1e7b34', high: '#1e7b34', medium: '#a86b00', low: '#8a8f98', none: '#cfd4da', opened: '#b3261e', resolved: '#1e7b34' };
const wan = (fen: number) => Math.round(fenToWan(fen) * 100) / 100;
const grid = { left: 56, right: 16, top: 36, bottom: 48, containLabel: true };

function bars(categories: string[], series: { name: string; data: number[]; color: string; stack?: string }[], rotate = 0): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: categories, axisLabel: { rotate, interval: 0, fontSize: 11 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, stack: s.stack, itemStyle: { color: s.color } })),
  };
}

export function stageTierChart(d: DashboardData, t: Translate): ChartSpec {
  const stages = CYCLE_STAGES.filter((s) => d.packages.some((p) => p.stage === s));
  const tiers = [...TIERS, null] as const;
  const count = (stage: string, tier: string | null) => d.packages.filter((p) => p.stage === stage && p.tier === tier).length;
  const tierName = (tier: string | null) => (tier ? t(`tier.${tier}`) : t('metrics.na'));
  const rows = stages.map((s) => [t(`stage.${s}`), ...tiers.map((tier) => count(s, tier))]);
  const parts = stages.map((s) => `${t(`stage.${s}`)} ${d.packages.filter((p) => p.stage === s).length}（${TIERS.map((tier) => `${tierName(tier)} ${count(s, tier)}`).join('、')}）`).join('；');
  return {
    id: 'stage-tier',
    title: t('metrics.chart.stageTier'),
    summary: t('metrics.chart.stageTier.alt', { n: d.packages.length, parts }),
    columns: [t('metrics.col.stage'), ...tiers.map(tierName)],
    rows,
    option: bars(stages.map((s) => t(`stage.${s}`)), tiers.map((tier) => ({ name: tierName(tier), data: stages.map((s) => count(s, tier)), color: COLORS[(tier ?? 'none') as keyof typeof COLORS], stack: 'n' }))),
  };
}

export function departmentChart(d: DashboardData, t: Translate, departmentName: (code: string) => string): ChartSpec {
  const rows = [...(d.ranking?.perDepartment ?? [])].sort((a, b) => b.requestedFen - a.requestedFen);
  const requested = rows.reduce((s, r) => s + r.requestedFen, 0);
  const allocated = rows.reduce((s, r) => s + r.fundedFen, 0);
  const top = rows[0];
  return {
    id: 'department',
    title: t('metrics.chart.department'),
    summary: t('metrics.chart.department.alt', { n: rows.length, requested: wan(requested), allocated: wan(allocated), top: top ? departmentName(top.department) : '—', topAmount: top ? wan(top.requestedFen) : 0 }),
    columns: [t('metrics.col.department'), t('metrics.col.requested'), t('metrics.col.allocated')],
    rows: rows.map((r) => [departmentName(r.department), wan(r.requestedFen), wan(r.fundedFen)]),
    option: bars(rows.map((r) => departmentName(r.department)), [
      { name: t('metrics.col.requested'), data: rows.map((r) => wan(r.requestedFen)), color: COLORS.requested },
      { name: t('metrics.col.allocated'), data: rows.map((r) => wan(r.fundedFen)), color: COLORS.allocated },
    ], 40),
  };
}

/** requested by cost category from the packages; allocated spread over a package's categories in proportion to its funded share */
export function categoryChart(d: DashboardData, t: Translate): ChartSpec {
  const funded = new Map((d.ranking?.perPackage ?? []).map((p) => [p.packageId, p.requestedFen > 0 ? p.fundedFen / p.requestedFen : 0]));
  const requested = new Map<string, number>();
  const allocated = new Map<string, number>();
  for (const p of d.packages) {
    const base = p.totals.baseFen || 1;
    for (const [category, fen] of Object.entries(p.totals.byCategory)) {
      const withContingency = (fen ?? 0) * (p.totals.totalFen / base);
      requested.set(category, (requested.get(category) ?? 0) + withContingency);
      allocated.set(category, (allocated.get(category) ?? 0) + withContingency * (funded.get(p.id) ?? 0));
    }
  }
  const categories = COST_CATEGORIES.filter((c) => requested.has(c));
  const rows = categories.map((c) => [t(`category.${c}`), wan(requested.get(c) ?? 0), wan(allocated.get(c) ?? 0)]);
  return {
    id: 'category',
    title: t('metrics.chart.category'),
    summary: t('metrics.chart.category.alt', { parts: rows.map((r) => `${r[0]} ${r[1]} / ${r[2]}`).join('；') }),
    columns: [t('metrics.col.category'), t('metrics.col.requested'), t('metrics.col.allocated')],
    rows,
    option: bars(categories.map((c) => t(`category.${c}`)), [
      { name: t('metrics.col.requested'), data: rows.map((r) => r[1] as number), color: COLORS.requested },
      { name: t('metrics.col.allocated'), data: rows.map((r) => r[2] as number), color: COLORS.allocated },
    ]),
  };
}

export function conflictsChart(d: DashboardData, t: Translate): ChartSpec {
  const points = d.series.points;
  const weeks = points.map((p) => p.from.slice(0, 10));
  const opened = points.reduce((s, p) => s + p.conflictsOpened, 0);
  const resolved = points.reduce((s, p) => s + p.conflictsResolved, 0);
  return {
    id: 'conflicts',
    title: t('metrics.chart.conflicts'),
    summary: t('metrics.chart.conflicts.alt', { weeks: points.length, opened, resolved }),
    columns: [t('metrics.col.week'), t('metrics.col.opened'), t('metrics.col.resolved')],
    rows: points.map((p) => [p.from.slice(0, 10), p.conflictsOpened, p.conflictsResolved]),
    option: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'line', name: t('metrics.col.opened'), data: points.map((p) => p.conflictsOpened), itemStyle: { color: COLORS.opened } },
        { type: 'line', name: t('metrics.col.resolved'), data: points.map((p) => p.conflictsResolved), itemStyle: { color: COLORS.resolved } },
      ],
    },
  };
}

export function networkChart(d: DashboardData, t: Translate, departmentName: (code: string) => string): ChartSpec {
  const pairs = [...d.metrics.pairs].filter((p) => p.packages > 0).sort((a, b) => b.packages + b.coEditedPackages - (a.packages + a.coEditedPackages));
  const nodes = [...new Set(pairs.flatMap((p) => p.departments))];
  const degree = (code: string) => pairs.filter((p) => p.departments.includes(code)).reduce((s, p) => s + p.packages, 0);
  const top = pairs[0];
  return {
    id: 'network',
    title: t('metrics.chart.network'),
    summary: t('metrics.chart.network.alt', {
      pairs: pairs.length,
      top: top ? top.departments.map(departmentName).join(' — ') : '—',
      packages: top?.packages ?? 0,
      coEdited: top?.coEditedPackages ?? 0,
    }),
    columns: [t('metrics.col.pair'), t('metrics.col.shared'), t('metrics.col.coEdited'), t('metrics.score')],
    rows: pairs.map((p) => [p.departments.map(departmentName).join(' — '), p.packages, p.coEditedPackages, p.score]),
    option: {
      tooltip: {},
      series: [
        {
          type: 'graph',
          layout: 'circular',
          roam: false,
          label: { show: true, position: 'right', fontSize: 11, color: '#1d2733', textBorderWidth: 0 },
          data: nodes.map((code) => ({ name: departmentName(code), symbolSize: 14 + 4 * degree(code) })),
          links: pairs.map((p) => ({ source: departmentName(p.departments[0]), target: departmentName(p.departments[1]), value: p.packages + p.coEditedPackages, lineStyle: { width: 1 + 2 * (p.packages + p.coEditedPackages) } })),
          lineStyle: { color: '#5b6775', opacity: 0.6 },
          itemStyle: { color: '#b3261e' },
        },
      ],
    },
  };
}

export function latencyChart(d: DashboardData, t: Translate): ChartSpec {
  const decided = d.metrics.packages.filter((p) => p.decided > 0);
  const c = d.metrics.cycle;
  return {
    id: 'latency',
    title: t('metrics.chart.latency'),
    summary: decided.length === 0 ? t('metrics.chart.latency.none') : t('metrics.chart.latency.alt', { n: c.decided, days: c.meanDecisionDays ?? 0, rounds: c.meanDecisionRounds ?? 0 }),
    columns: [t('metrics.col.package'), t('metrics.col.days'), t('metrics.col.rounds')],
    rows: decided.map((p) => [p.code, p.meanDecisionDays, p.meanDecisionRounds]),
    option: bars(decided.map((p) => p.code), [{ name: t('metrics.col.days'), data: decided.map((p) => p.meanDecisionDays ?? 0), color: COLORS.medium }]),
  };
}

export function savingsChart(d: DashboardData, t: Translate): ChartSpec {
  const joint = d.metrics.packages.filter((p) => p.separateRequestsFen > 0);
  const c = d.metrics.cycle;
  return {
    id: 'savings',
    title: t('metrics.chart.savings'),
    summary: t('metrics.chart.savings.alt', { n: joint.length, separate: wan(c.separateRequestsFen), joint: wan(c.jointBudgetFen), saved: wan(c.savedFen) }),
    columns: [t('metrics.col.package'), t('metrics.col.separate'), t('metrics.col.joint'), t('metrics.col.saved')],
    rows: joint.map((p) => [p.code, wan(p.separateRequestsFen), wan(p.jointBudgetFen), wan(p.savedFen)]),
    option: bars(joint.map((p) => p.code), [
      { name: t('metrics.col.separate'), data: joint.map((p) => wan(p.separateRequestsFen)), color: COLORS.requested },
      { name: t('metrics.col.joint'), data: joint.map((p) => wan(p.jointBudgetFen)), color: COLORS.allocated },
      { name: t('metrics.col.saved'), data: joint.map((p) => wan(p.savedFen)), color: COLORS.opened },
    ]),
  };
}
