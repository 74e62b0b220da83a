import { computed, Injectable, isDevMode, signal } from '@angular/core';
import { IntlMessageFormat } from 'intl-messageformat';
import { WORKSPACE_MESSAGES } from '../workspace/workspace.messages';
import { VISIBILITY_MESSAGES } from '../ranking/visibility.messages';
import { MEETINGS_MESSAGES } from '../meetings/meetings.messages';
import { ALLOCATOR_MESSAGES } from '../ranking/allocator.messages';
import { CONSOLIDATION_MESSAGES } from '../ranking/consolidation.messages';
import { METRICS_MESSAGES } from '../metrics/metrics.messages';
import { COLLAB_MESSAGES } from '../collab/collab.messages';
import { CONFLICTS_MESSAGES } from '../conflicts/conflicts.messages';
import { ATTACHMENTS_MESSAGES } from '../attachments/attachments.messages';
import { HISTORY_MESSAGES } from '../history/history.messages';
import { EVALUATION_MESSAGES } from '../evaluation/evaluation.messages';
import { CHANGE_MARKS_MESSAGES } from '../change-marks/change-marks.messages';
import { PRICE_CHECKS_MESSAGES } from '../price-checks/price-checks.messages';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/**
 * Every message as [zh-CN, en] ICU MessageFormat text ("{n}", "{n, plural, one {…} other {…}}").
 * Features keep theirs in <feature>/<feature>.messages.ts and spread them in here;
 * i18n.spec.ts fails when a key lacks a language or the two disagree on placeholders.
 */
export const MESSAGES = {
  ...WORKSPACE_MESSAGES,
  ...ALLOCATOR_MESSAGES,
  ...CONSOLIDATION_MESSAGES,
  ...METRICS_MESSAGES,
  ...ATTACHMENTS_MESSAGES,
  'app.name': ['零基预算协同平台', 'Zerobase'],
  'nav.cycles': ['预算周期', 'Budget cycles'],
  'nav.logout': ['退出', 'Sign out'],
  'login.title': ['登录', 'Sign in'],
  'login.email': ['邮箱', 'Email'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Sign in'],
  'login.failed': ['邮箱或密码错误', 'Wrong email or password'],
  'login.throttled': ['尝试次数过多，请一分钟后再试', 'Too many attempts; try again in a minute'],
  'login.demo': ['演示账号密码均为 zerobase-demo', 'Every demo account uses the password zerobase-demo'],
  'cycles.title': ['预算周期', 'Budget cycles'],
  'cycles.quota': ['资金总额（万元）', 'Total quota (10k yuan)'],
  'cycles.reserve': ['风险准备金', 'Risk reserve'],
  'cycles.stage': ['阶段', 'Stage'],
  'cycles.roles': ['我的角色', 'My roles'],
  'cycles.none': ['您尚未加入任何预算周期', 'You are not a member of any cycle'],
  'packages.title': ['决策包', 'Decision packages'],
  'packages.code': ['编号', 'Code'],
  'packages.name': ['名称', 'Title'],
  'packages.departments': ['决策单元', 'Decision units'],
  'packages.total': ['申请金额（万元）', 'Request (10k yuan)'],
  'packages.score': ['综合评分', 'Score'],
  'packages.tier': ['优先级', 'Priority'],
  'packages.count': ['共 {n} 个决策包，合计 {total} 万元', '{n, plural, one {# package} other {# packages}}, {total} (10k yuan) in all'],
  'packages.allDepartments': ['全部部门', 'All departments'],
  'packages.allTiers': ['全部优先级', 'All priorities'],
  'packages.joint': ['联合', 'joint'],
  'packages.back': ['返回决策包列表', 'Back to the packages'],
  'packages.backEvaluation': ['返回绩效评价', 'Back to the evaluation'],
  'detail.purpose': ['目的', 'Purpose'],
  'detail.objectives': ['目标', 'Objectives'],
  'detail.costLines': ['成本明细', 'Cost lines'],
  'detail.category': ['类别', 'Category'],
  'detail.description': ['内容', 'Description'],
  'detail.quantity': ['数量', 'Quantity'],
  'detail.unitCost': ['单价（万元）', 'Unit cost (10k yuan)'],
  'detail.amount': ['金额（万元）', 'Amount (10k yuan)'],
  'detail.year': ['年度', 'Year'],
  'detail.base': ['小计', 'Subtotal'],
  'detail.contingency': ['预备费', 'Contingency'],
  'detail.total': ['合计', 'Total'],
  'detail.kpis': ['绩效目标', 'Performance targets'],
  'detail.baseline': ['基线', 'Baseline'],
  'detail.target': ['目标值', 'Target'],
  'detail.levels': ['工作量层级', 'Levels of effort'],
  'detail.split': ['成本分摊', 'Cost split'],
  'detail.consequences': ['不予资助的后果', 'Consequences of not funding'],
  'tier.high': ['高', 'High'],
  'tier.medium': ['中', 'Medium'],
  'tier.low': ['低', 'Low'],
  'stage.drafting': ['编制', 'Drafting'],
  'stage.review': ['审核', 'Review'],
  'stage.scoring': ['评分', 'Scoring'],
  'stage.ranking': ['排序', 'Ranking'],
  'stage.allocation': ['分配', 'Allocation'],
  'stage.execution': ['执行', 'Execution'],
  'stage.evaluation': ['评价', 'Evaluation'],
  'role.coordinator': ['统筹协调人', 'Coordinator'],
  'role.liaison': ['部门联络人', 'Liaison'],
  'role.reviewer': ['评审专家', 'Reviewer'],
  'role.observer': ['公众/观察员', 'Observer'],
  'category.land': ['土地与拆迁', 'Land and demolition'],
  'category.materials': ['材料', 'Materials'],
  'category.machinery': ['机械', 'Machinery'],
  'category.labour': ['人工', 'Labour'],
  'category.equipment': ['设备', 'Equipment'],
  'category.services': ['服务', 'Services'],
  'category.other': ['其他', 'Other'],
  'level.minimum': ['最低', 'Minimum'],
  'level.current': ['现行', 'Current'],
  'level.enhanced': ['增强', 'Enhanced'],
  'packages.ranking': ['排序看板', 'Ranking board'],
  'collab.title': ['协同编辑', 'Co-editing'],
  'collab.status.connecting': ['连接中…', 'Connecting…'],
  'collab.status.connected': ['已连接', 'Connected'],
  'collab.status.disconnected': ['连接已断开，正在重连…', 'Disconnected, reconnecting…'],
  'collab.status.closed': ['已停止同步', 'Sync stopped'],
  'collab.syncing': ['正在同步文档…', 'Syncing the document…'],
  'collab.here': ['正在协作：', 'Also here:'],
  'collab.alone': ['暂无其他人在线', 'Nobody else is here'],
  'collab.you': ['（我）', ' (you)'],
  'collab.someone': ['其他人', 'Someone'],
  'collab.rights.all': ['您可以编辑全部内容', 'You may edit everything'],
  'collab.rights.liaison': ['您可以编辑共享部分及：{departments}', 'You may edit the shared part and: {departments}'],
  'collab.rights.readOnly': ['只读：您没有此决策包的编辑权限', 'Read only: you may not edit this package'],
  'collab.titleField': ['名称', 'Title'],
  'collab.purpose': ['目的', 'Purpose'],
  'collab.narrative': ['项目说明', 'Narrative'],
  'collab.sharedLines': ['共享部分（联合实施）', 'Shared part (joint implementation)'],
  'collab.noLines': ['暂无成本明细', 'No cost lines'],
  'collab.readOnlySection': ['只读', 'read only'],
  'collab.totals': ['实时合计（万元）', 'Live totals (10k yuan)'],
  'collab.byDepartment': ['各部门申请（万元）', 'Request by department (10k yuan)'],
  'collab.refused': ['服务器拒绝了您的修改，已重新加载服务器上的文档。原因：{reason}', 'The server refused your change; the document was reloaded from the server. Reason: {reason}'],
  'collab.refusedForbidden': ['服务器拒绝了您的修改：您无权修改“{sections}”。已重新加载服务器上的文档。', 'The server refused your change: you may not change {sections}. The document was reloaded from the server.'],
  'collab.sharedPart': ['共享部分', 'the shared part'],
  'collab.fatal': ['无法继续同步：{reason}', 'Cannot keep syncing: {reason}'],
  'collab.notSignedIn': ['尚未登录', 'not signed in'],
  'collab.reconnect': ['重新连接', 'Reconnect'],
  'collab.invalidAmount': ['请输入不小于 0 的金额（万元，最多 6 位小数）', 'Enter an amount of at least 0 (10k yuan, up to 6 decimals)'],
  'collab.unitCostOf': ['{line} 的单价（万元）', 'Unit cost of {line} (10k yuan)'],
  'common.dismiss': ['关闭', 'Dismiss'],
  'ranking.title': ['排序看板', 'Ranking board'],
  'ranking.back': ['返回决策包列表', 'Back to the packages'],
  'ranking.live': ['实时更新', 'Live'],
  'ranking.offline': ['实时连接已断开', 'Live updates paused'],
  'ranking.updatedAt': ['更新于 {time}', 'Updated {time}'],
  'ranking.rank': ['排名', 'Rank'],
  'ranking.cost': ['申请金额（万元）', 'Request (10k yuan)'],
  'ranking.funded': ['安排金额（万元）', 'Funded (10k yuan)'],
  'ranking.cumulative': ['累计申请（万元）', 'Cumulative (10k yuan)'],
  'ranking.status': ['资金安排', 'Funding'],
  'ranking.cutoff': ['资金分配线', 'Cutoff line'],
  'ranking.cutoffDetail': ['线上已安排 {amount} 万元；第 {rank} 名尚缺 {shortfall} 万元', '{amount} allocated above the line; rank {rank} is short by {shortfall}'],
  'ranking.cutoffAllFunded': ['全部决策包均在额度内', 'Every package fits in the quota'],
  'ranking.cutoffNoneFunded': ['可分配资金不足以安排第一名', 'The available funds do not cover the first package'],
  'ranking.quota': ['资金总额', 'Total quota'],
  'ranking.reserve': ['风险准备金', 'Risk reserve'],
  'ranking.available': ['可分配资金', 'Available'],
  'ranking.allocated': ['已安排', 'Allocated'],
  'ranking.remainder': ['结余', 'Remainder'],
  'ranking.unit': ['万元', '10k yuan'],
  'ranking.tiers': ['优先级分布', 'Priority tiers'],
  'ranking.perDepartment': ['各部门资金安排', 'Funding by department'],
  'ranking.department': ['部门', 'Department'],
  'ranking.requested': ['申请（万元）', 'Requested (10k yuan)'],
  'ranking.unfunded': ['未安排（万元）', 'Unfunded (10k yuan)'],
  'ranking.explanation': ['评分构成', 'Score breakdown'],
  'ranking.criterion': ['评价指标', 'Criterion'],
  'ranking.weight': ['权重', 'Weight'],
  'ranking.value': ['得分', 'Score'],
  'ranking.contribution': ['贡献', 'Contribution'],
  'ranking.reviewers': ['评分人数', 'Reviewers'],
  'ranking.unscored': ['尚无评分', 'Not scored yet'],
  'ranking.change': ['变化', 'Change'],
  'ranking.change.gained': ['新获安排', 'Now funded'],
  'ranking.change.lost': ['不再安排', 'No longer funded'],
  'ranking.notPublished': ['排序结果将在资金分配阶段公布', 'The ranking is published at the allocation stage'],
  'ranking.forbidden': ['无法查看排序：{reason}', 'Cannot show the ranking: {reason}'],
  'funding.pinned': ['优先保障', 'Pinned'],
  'funding.withinQuota': ['已安排', 'Funded'],
  'funding.doesNotFit': ['额度不足', 'Does not fit'],
  'funding.belowCutoff': ['分配线以下', 'Below the line'],
  'funding.lowerLevelUnfunded': ['低层级未安排', 'Lower level unfunded'],
  'funding.pinnedDoesNotFit': ['优先保障但额度不足', 'Pinned, does not fit'],
  'criterion.strategic': ['战略契合度', 'Strategic fit'],
  'criterion.feasibility': ['可行性', 'Feasibility'],
  'criterion.goal': ['目标实现潜力', 'Goal attainment'],
  'criterion.costEffectiveness': ['成本效益', 'Cost-effectiveness'],
  'criterion.publicBenefit': ['公众受益', 'Public benefit'],
  'whatIf.title': ['模拟测算（What-if）', 'What if'],
  'whatIf.hint': ['调整额度、准备金或分配方式，预览排序结果；不会保存。', 'Try another quota, reserve or allocation mode; nothing is saved.'],
  'whatIf.quota': ['资金总额（万元）', 'Total quota (10k yuan)'],
  'whatIf.reserve': ['风险准备金（%）', 'Risk reserve (%)'],
  'whatIf.mode': ['分配方式', 'Allocation mode'],
  'whatIf.mode.strict': ['严格按序（放不下即止）', 'Strict: stop at the first that does not fit'],
  'whatIf.mode.skipAndContinue': ['跳过放不下的继续安排', 'Skip what does not fit and go on'],
  'whatIf.run': ['预览', 'Preview'],
  'whatIf.reset': ['恢复当前排序', 'Back to the current ranking'],
  'whatIf.preview': ['模拟预览 · 未保存', 'Preview · not saved'],
  'whatIf.previewDetail': ['以下为模拟结果：资金总额 {quota} 万元，风险准备金 {reserve} %，{mode}。当前排序未改变。', 'A preview with a quota of {quota}, a reserve of {reserve} % and {mode}. The current ranking is unchanged.'],
  'whatIf.invalidQuota': ['请输入有效的资金总额（万元）', 'Enter a valid quota (10k yuan)'],
  'whatIf.invalidReserve': ['风险准备金应在 0 到 100 之间', 'The reserve must be between 0 and 100'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.language': ['English', '中文'],
  ...VISIBILITY_MESSAGES,
  ...MEETINGS_MESSAGES,
  ...COLLAB_MESSAGES,
  ...CONFLICTS_MESSAGES,
  ...HISTORY_MESSAGES,
  ...EVALUATION_MESSAGES,
  ...CHANGE_MARKS_MESSAGES,
  ...PRICE_CHECKS_MESSAGES,
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

const STORAGE_KEY = 'zerobase.lang';

/**
 * Chinese first, English on request; the choice is remembered in the browser and switches at run
 * time. Messages are ICU MessageFormat compiled by intl-messageformat (cached per language and key).
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  readonly language = signal<Language>(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN');
  private readonly index = computed(() => LANGUAGES.indexOf(this.language()));
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor() {
    document.documentElement.lang = this.language();
  }

  /** The message for a key in the active language; the key itself (and a console warning) when unknown. */
  t(key: MessageKey | string, params: MessageParams = {}): string {
    const entry = (MESSAGES as Record<string, readonly [string, string]>)[key];
    if (!entry) {
      if (isDevMode()) console.warn(`i18n: no message for "${key}"`);
      return key;
    }
    const language = this.language();
    const id = `${language}|${key}`;
    let format = this.compiled.get(id);
    if (!format) {
      format = new IntlMessageFormat(entry[this.index()], language);
      this.compiled.set(id, format);
    }
    return String(format.format(params));
  }

  /** Whether a key exists (for keys built from data, such as 'error.' + type). */
  has(key: string): boolean {
    return key in MESSAGES;
  }

  /** Picks the name in the active language from data that carries both ({ nameZh, nameEn }). */
  name(data: { nameZh?: string | null; nameEn?: string | null; name?: string | null }): string {
    const zh = data.nameZh ?? data.name ?? '';
    return this.language() === 'en' ? data.nameEn || zh : zh || data.nameEn || '';
  }

  set(language: Language): void {
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language;
    this.language.set(language);
  }

  toggle(): void {
    this.set(this.language() === 'en' ? 'zh-CN' : 'en');
  }
}
