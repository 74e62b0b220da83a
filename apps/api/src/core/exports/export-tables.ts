import { fenToWan, toCsv, type CsvCell, type MetricsView, type PackageView } from '@zerobase/domain';
import type { RankingView } from '../evaluation';

/** One exported table, rendered both as CSV and as an XLSX sheet, so the two cannot disagree. */
export interface ExportTable {
  /** sheet name */
  name: string;
  columns: { header: string; kind: 'text' | 'wan' | 'number' }[];
  /** money cells hold fen; the renderers turn them into 万元 */
  rows: CsvCell[][];
}

export const EXPORT_KINDS = ['packages', 'ranking', 'metrics'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const text = (header: string) => ({ header, kind: 'text' as const });
const wan = (header: string) => ({ header, kind: 'wan' as const });
const num = (header: string) => ({ header, kind: 'number' as const });

export function packagesTable(packages: readonly PackageView[], departmentName: (code: string) => string): ExportTable {
  return {
    name: '决策包与成本明细',
    columns: [
      text('编号'), text('名称'), text('牵头部门'), text('参与部门'), text('阶段'), wan('申请总额（万元）'),
      text('明细编号'), text('明细部门'), text('类别'), text('内容'), num('数量'), text('单位'), wan('单价（万元）'), wan('金额（万元）'), num('年度'),
    ],
    rows: packages.flatMap((p) => {
      const head = [p.code, p.title, departmentName(p.leadDepartment), p.departments.map(departmentName).join('、'), p.stage, p.totals.totalFen];
      if (p.costLines.length === 0) return [[...head, null, null, null, null, null, null, null, null, null]];
      return p.costLines.map((l) => [...head, l.id, l.department === 'shared' ? '共用' : departmentName(l.department), l.category, l.description, l.quantity, l.unit, l.unitCostFen, l.amountFen, l.year]);
    }),
  };
}

export function rankingTable(ranking: RankingView): ExportTable {
  return {
    name: '排序与资金分配',
    columns: [num('排名'), text('编号'), text('名称'), text('层级'), num('综合得分'), text('优先级'), wan('申请金额（万元）'), wan('分配金额（万元）'), wan('累计金额（万元）'), text('是否获资助')],
    rows: ranking.items.map((i) => [i.rank, i.code, i.title, i.level ?? null, i.score, i.tier, i.costFen, i.fundedFen, i.cumulativeFen, i.funded ? '是' : '否']),
  };
}

export function metricsTable(metrics: MetricsView, departmentName: (code: string) => string): ExportTable {
  const figures = (f: MetricsView['cycle']): CsvCell[] => [
    f.informationSharing, f.crossDepartmentEdits, f.sharedCostLines, f.jointPackages, f.meetings, f.meanDecisionDays, f.meanDecisionRounds,
    f.conflicts, f.conflictsResolved, f.meanResolutionDays, f.separateRequestsFen, f.jointBudgetFen, f.savedFen, f.score,
  ];
  return {
    name: '协同指标',
    columns: [
      text('范围'), text('对象'), num('信息共享次数'), num('跨部门编辑'), num('共用成本明细'), num('联合决策包'), num('会议次数'), num('平均决策天数'), num('平均决策轮次'),
      num('冲突数'), num('已解决冲突'), num('平均解决天数'), wan('分别申请（万元）'), wan('联合预算（万元）'), wan('节约资金（万元）'), num('协同得分'),
    ],
    rows: [
      ['周期', '全部', ...figures(metrics.cycle)],
      ...metrics.departments.map((d) => ['部门', departmentName(d.department), ...figures(d)]),
      ...metrics.pairs.map((p) => ['部门对', p.departments.map(departmentName).join(' — '), ...figures(p)]),
      ...metrics.packages.map((p) => ['决策包', p.code, ...figures(p)]),
    ],
  };
}

export function tableToCsv(table: ExportTable): string {
  return toCsv([table.columns.map((c) => c.header), ...table.rows.map((r) => r.map((v, i) => (table.columns[i].kind === 'wan' && typeof v === 'number' ? fenToWan(v) : v)))]);
}
