import { computed, Injectable, signal } from '@angular/core';

export type Language = 'zh-CN' | 'en';

const MESSAGES = {
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
  'packages.count': ['共 {n} 个决策包，合计 {total} 万元', '{n} packages, {total} (10k yuan) in all'],
  'packages.allDepartments': ['全部部门', 'All departments'],
  'packages.allTiers': ['全部优先级', 'All priorities'],
  'packages.joint': ['联合', 'joint'],
  'packages.back': ['返回决策包列表', 'Back to the packages'],
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
  'common.loading': ['加载中…', 'Loading…'],
  'common.language': ['English', '中文'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof MESSAGES;

/** Chinese first, English on request; the choice is remembered in the browser. */
@Injectable({ providedIn: 'root' })
export class I18n {
  readonly language = signal<Language>(localStorage.getItem('zerobase.lang') === 'en' ? 'en' : 'zh-CN');
  private readonly index = computed(() => (this.language() === 'en' ? 1 : 0));

  t(key: MessageKey | string, params: Record<string, string | number> = {}): string {
    const entry = (MESSAGES as Record<string, readonly [string, string]>)[key];
    let text = entry ? entry[this.index()] : key;
    for (const [name, value] of Object.entries(params)) text = text.replace(`{${name}}`, String(value));
    return text;
  }

  toggle(): void {
    const next: Language = this.language() === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem('zerobase.lang', next);
    document.documentElement.lang = next;
    this.language.set(next);
  }
}
