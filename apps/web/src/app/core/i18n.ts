import { computed, Injectable, isDevMode, signal } from '@angular/core';
import { MessageFormat } from './message-format';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/**
 * Messages as [zh-CN, en] ICU MessageFormat text ("{n}", "{n, plural, one {…} other {…}}").
 * MESSAGES holds what every page may show (the shell, errors, shared enumerations); a feature keeps
 * its own in <feature>/<feature>.messages.ts and each file that names one of its keys registers
 * that table (`registerMessages(FEATURE_MESSAGES)` at the top of the file), so a page's JavaScript
 * carries only the tables of the features it shows. i18n.spec.ts fails when a file uses a key
 * that is neither here nor in a table it registers, when two tables define the same key, when a key
 * lacks a language or the two disagree on placeholders.
 */
export const MESSAGES = {
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
  'role.evaluator': ['第三方评价机构', 'Third-party evaluator'],
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
  'common.dismiss': ['关闭', 'Dismiss'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.language': ['English', '中文'],
  'nav.main': ['主导航', 'Main navigation'],
  'nav.packages': ['决策包', 'Packages'],
  'nav.ranking': ['排序看板', 'Ranking'],
  'nav.queue': ['我的评分', 'My queue'],
  'nav.inbox': ['冲突收件箱', 'Conflict inbox'],
  'nav.setup': ['周期设置', 'Set-up'],
  'nav.evaluation': ['绩效评价', 'Evaluation'],
  'nav.search': ['搜索决策包', 'Search packages'],
  'cycles.name': ['周期名称', 'Cycle'],
  'common.listSeparator': ['、', ', '],
  'state.retry': ['重试', 'Try again'],
  'state.autoRetry': ['服务器恢复后将自动重新加载。', 'This page reloads by itself once the server is back.'],
  'state.empty': ['暂无内容', 'Nothing here yet'],
  'state.back': ['返回首页', 'Back to the start page'],
  'error.network': ['无法连接服务器，请检查网络或稍后再试。', 'The server cannot be reached. Check the connection or try again shortly.'],
  'error.server': ['服务器出错了，请稍后再试。', 'The server ran into an error. Try again shortly.'],
  'error.unknown': ['请求未能完成。', 'The request did not go through.'],
  'error.validation': ['填写的内容有误：{fields}', 'Some fields are not valid: {fields}'],
  'error.badRequest': ['请求无法处理。', 'The request cannot be processed.'],
  'error.unauthenticated': ['登录已过期，请重新登录。', 'Your session has ended; sign in again.'],
  'error.forbidden': ['您没有权限查看或执行此操作。', 'You may not see this or do this.'],
  'error.notFound': ['找不到该内容，它可能已被删除或地址有误。', 'This does not exist; it may have been removed or the address is wrong.'],
  'error.staleVersion': ['他人刚刚修改了此内容，请刷新后重试。', 'Someone changed this since you opened it; reload and try again.'],
  'error.conflict': ['与当前状态冲突，操作未执行。', 'This conflicts with the current state; nothing was changed.'],
  'error.payloadTooLarge': ['提交的内容过大。', 'What you sent is too large.'],
  'error.tooManyRequests': ['请求过于频繁，请一分钟后再试。', 'Too many requests; wait a minute and try again.'],
  'prices.nav': ['价格核查', 'Price checks'],
  'history.open': ['历史版本', 'History'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageTable = Record<string, readonly [string, string]>;
/** a key of MESSAGES or of a registered feature table (checked by i18n.spec.ts) */
export type MessageKey = string;
export type MessageParams = Record<string, string | number>;

const STORAGE_KEY = 'zerobase.lang';

/** the messages known so far: MESSAGES and the tables of the features loaded */
const known: MessageTable = { ...MESSAGES };
const registered = new Set<MessageTable>();

/** Make a feature's messages known; called at the top of each file that uses them (idempotent). */
export function registerMessages(table: MessageTable): void {
  if (registered.has(table)) return;
  registered.add(table);
  Object.assign(known, table);
}

/**
 * Chinese first, English on request; the choice is remembered in the browser and switches at run
 * time. Messages are compiled once per language and key (message-format.ts: the ICU subset they use).
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  readonly language = signal<Language>(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN');
  private readonly index = computed(() => LANGUAGES.indexOf(this.language()));
  private readonly compiled = new Map<string, MessageFormat>();

  constructor() {
    document.documentElement.lang = this.language();
  }

  /** The message for a key in the active language; the key itself (and a console warning) when unknown. */
  t(key: MessageKey, params: MessageParams = {}): string {
    const entry = known[key];
    if (!entry) {
      if (isDevMode()) console.warn(`i18n: no message for "${key}"`);
      return key;
    }
    const language = this.language();
    const id = `${language}|${key}`;
    let format = this.compiled.get(id);
    if (!format) {
      format = new MessageFormat(entry[this.index()], language);
      this.compiled.set(id, format);
    }
    return format.format(params);
  }

  /** Whether a key exists (for keys built from data, such as 'error.' + type). */
  has(key: string): boolean {
    return key in known;
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
