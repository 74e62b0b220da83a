import type { CostCategory, Role } from '@zerobase/domain';

/**
 * The demo cycle, after the source material: amounts in 万元 (10 000 yuan), converted to fen
 * when seeded. Target scores put 5 packages in the high tier, 10 in medium and 5 in low.
 */
export const DEMO_PASSWORD = 'zerobase-demo';
export const DEMO_CYCLE = { name: '2027 年度联合基础设施', nameEn: 'FY2027 joint infrastructure', fiscalYear: 2027, totalQuotaWan: 60_000, reserveBasisPoints: 1_000, stage: 'scoring' as const };

export const DEMO_DEPARTMENTS: { code: string; nameZh: string; nameEn: string; parent?: string; envelopeWan?: number }[] = [
  { code: 'housing', nameZh: '住房和城乡建设局', nameEn: 'Housing and Urban-Rural Development', envelopeWan: 2_500 },
  { code: 'planning', nameZh: '自然资源和规划局', nameEn: 'Natural Resources and Planning', envelopeWan: 800 },
  { code: 'city', nameZh: '城市管理局', nameEn: 'City Management', envelopeWan: 1_000 },
  { code: 'city-enforcement', nameZh: '城市管理综合执法支队', nameEn: 'City Management Enforcement Division', parent: 'city' },
  { code: 'power', nameZh: '供电公司', nameEn: 'Power Supply', envelopeWan: 2_500 },
  { code: 'telecom', nameZh: '通信管理办公室', nameEn: 'Telecommunications', envelopeWan: 2_500 },
  { code: 'education', nameZh: '教育局', nameEn: 'Education', envelopeWan: 1_200 },
  { code: 'transport', nameZh: '交通运输局', nameEn: 'Transport', envelopeWan: 30_000 },
  { code: 'transport-roads', nameZh: '公路建设养护中心', nameEn: 'Road Construction and Maintenance Division', parent: 'transport' },
  { code: 'data', nameZh: '政务服务数据管理局', nameEn: 'Government Services and Data' },
  { code: 'civil', nameZh: '民政局', nameEn: 'Civil Affairs' },
  { code: 'health', nameZh: '卫生健康委员会', nameEn: 'Health Commission' },
  { code: 'water', nameZh: '水务局', nameEn: 'Water Authority' },
  { code: 'environment', nameZh: '生态环境局', nameEn: 'Ecology and Environment' },
  { code: 'industry', nameZh: '工业和信息化局', nameEn: 'Industry and Information Technology' },
  { code: 'culture', nameZh: '文化广电旅游体育局', nameEn: 'Culture and Tourism' },
  { code: 'hr', nameZh: '人力资源和社会保障局', nameEn: 'Human Resources and Social Security' },
  { code: 'commerce', nameZh: '商务局', nameEn: 'Commerce' },
];

export const DEMO_USERS: { email: string; displayName: string; department?: string; role: Role; liaisonOf?: string }[] = [
  { email: 'coordinator@demo.zerobase', displayName: '财政局 统筹协调人', role: 'coordinator' },
  { email: 'power@demo.zerobase', displayName: '供电公司 联络人', department: 'power', role: 'liaison', liaisonOf: 'power' },
  { email: 'telecom@demo.zerobase', displayName: '通信办 联络人', department: 'telecom', role: 'liaison', liaisonOf: 'telecom' },
  { email: 'housing@demo.zerobase', displayName: '住建局 联络人', department: 'housing', role: 'liaison', liaisonOf: 'housing' },
  { email: 'reviewer1@demo.zerobase', displayName: '评审专家 一', role: 'reviewer' },
  { email: 'reviewer2@demo.zerobase', displayName: '评审专家 二', role: 'reviewer' },
  { email: 'reviewer3@demo.zerobase', displayName: '评审专家 三', role: 'reviewer' },
  { email: 'observer@demo.zerobase', displayName: '社会公众', role: 'observer' },
  { email: 'evaluator@demo.zerobase', displayName: '第三方评价机构', role: 'evaluator' },
];

/** The packages the demo's third-party evaluator is assigned to evaluate (it reads only these). */
export const DEMO_EVALUATED_PACKAGES = ['DP-01', 'DP-02'];

export const DEMO_CRITERIA = [
  { key: 'strategic', nameZh: '战略重要性', nameEn: 'Strategic importance', weight: 25, descriptionZh: '与本市发展规划和年度重点任务的契合程度', descriptionEn: 'How well the package serves the city plan and this year’s priorities' },
  { key: 'feasibility', nameZh: '可行性', nameEn: 'Feasibility', weight: 20, descriptionZh: '方案、进度、用地和实施能力是否可靠', descriptionEn: 'Whether the plan, schedule, land and capacity to deliver are sound' },
  { key: 'goal', nameZh: '目标实现潜力', nameEn: 'Goal-attainment potential', weight: 20, descriptionZh: '绩效目标是否明确、可衡量、可实现', descriptionEn: 'Whether the performance targets are clear, measurable and reachable' },
  { key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 20, descriptionZh: '单位投入取得的产出与效果', descriptionEn: 'Outputs and outcomes for each yuan spent' },
  { key: 'publicBenefit', nameZh: '公众受益', nameEn: 'Public benefit', weight: 15, descriptionZh: '受益人群的范围和程度', descriptionEn: 'How many people benefit, and how much' },
];

export interface DemoLine {
  department: string;
  category: CostCategory;
  description: string;
  wan: number;
  year?: number;
  quantity?: number;
  unit?: string;
  location?: string;
}

export interface DemoPackage {
  code: string;
  title: string;
  purpose: string;
  lead: string;
  departments: string[];
  split?: number[];
  contingencyBasisPoints: number;
  targetScore: number;
  published?: boolean;
  lines: DemoLine[];
  kpis?: { name: string; unit: string; baseline: number; target: number; direction: 'increase' | 'decrease' }[];
  objectives?: string[];
  levels?: { level: 'minimum' | 'current' | 'enhanced'; description: string; wan: number; outcome: string }[];
  consequences?: string;
  /** what the departments asked for separately before the joint package, 万元 (the baseline of joint savings) */
  separateWan?: Record<string, number>;
}

const line = (department: string, category: CostCategory, description: string, wan: number, extra: Partial<DemoLine> = {}): DemoLine => ({ department, category, description, wan, ...extra });

export const DEMO_PACKAGES: DemoPackage[] = [
  {
    code: 'DP-01', title: '电力与通信线路联合升级改造', purpose: '供电与通信共用一条管沟、共杆架设，一次开挖完成两类线路升级。', lead: 'power', departments: ['power', 'telecom'], split: [5_000, 5_000],
    contingencyBasisPoints: 0, targetScore: 91, published: true,
    lines: [line('power', 'machinery', '管沟开挖（解放路段）', 600, { location: '解放路' }), line('power', 'materials', '电力电缆及共用杆塔', 400), line('telecom', 'materials', '光缆及配线设备', 700), line('telecom', 'labour', '敷设与接续施工', 300)],
    kpis: [{ name: '线路故障率', unit: '次/百公里·年', baseline: 12, target: 6, direction: 'decrease' }],
    objectives: ['一次开挖完成电力、通信线路升级', '减少重复开挖和交通影响'],
    consequences: '两部门分别施工将各需 1500 万元，并重复开挖同一路段。',
    separateWan: { power: 1_500, telecom: 1_500 },
  },
  {
    code: 'DP-02', title: '老旧小区综合改造（联合）', purpose: '住建、规划、城管、供电、通信五部门联合改造老旧小区，统一设计、统一施工。', lead: 'housing', departments: ['housing', 'planning', 'city', 'power', 'telecom'],
    split: [4_400, 1_000, 600, 2_000, 2_000], contingencyBasisPoints: 0, targetScore: 88, published: true,
    lines: [
      line('housing', 'materials', '房屋结构加固与修缮', 1_400), line('housing', 'labour', '修缮施工人工', 800, { quantity: 20_000, unit: '工日' }), line('planning', 'services', '小区布局优化设计', 500),
      line('city', 'services', '违章建筑拆除与清运', 300), line('power', 'machinery', '小区线路管沟开挖（共用）', 500, { location: '幸福里小区' }), line('power', 'materials', '电力线路入地', 500, { quantity: 2_500, unit: '米' }),
      line('telecom', 'machinery', '通信线路管沟开挖', 400, { location: '幸福里小区' }), line('telecom', 'materials', '通信线路入地', 600, { quantity: 5_000, unit: '米' }),
    ],
    kpis: [{ name: '居民满意度', unit: '%', baseline: 62, target: 80, direction: 'increase' }, { name: '改造周期', unit: '月', baseline: 15, target: 12, direction: 'decrease' }],
    objectives: ['结构安全隐患全部消除', '线路统一入地', '居民满意度不低于 80%'],
    consequences: '各部门分别申请共需 6000 万元，且重复施工扰民。',
    separateWan: { housing: 3_000, planning: 2_000, city: 1_000 },
  },
  {
    code: 'DP-03', title: '城市快速路建设', purpose: '建设城市快速路，两年内通车，缓解主城区交通拥堵。', lead: 'transport', departments: ['transport'], contingencyBasisPoints: 1_000, targetScore: 78,
    lines: [line('transport', 'land', '土地征收与拆迁', 5_000, { quantity: 250, unit: '亩' }), line('transport', 'materials', '建筑材料', 8_000), line('transport', 'machinery', '机械设备租赁与维护', 1_000), line('transport', 'labour', '施工人工', 3_000, { quantity: 100_000, unit: '工日' })],
    kpis: [{ name: '高峰拥堵指数', unit: '%', baseline: 100, target: 70, direction: 'decrease' }, { name: '平均通勤时间', unit: '分钟', baseline: 45, target: 36, direction: 'decrease' }],
    levels: [
      { level: 'minimum', description: '主线双向四车道', wan: 12_000, outcome: '两年内主线通车' },
      { level: 'current', description: '增加两处互通立交', wan: 3_000, outcome: '拥堵下降 20%' },
      { level: 'enhanced', description: '增加智能交通诱导', wan: 2_000, outcome: '拥堵下降 30%' },
    ],
  },
  {
    code: 'DP-04', title: '教育质量提升', purpose: '改善学校设施、开展教师培训、建设教育信息化平台。', lead: 'education', departments: ['education'], contingencyBasisPoints: 0, targetScore: 87, published: true,
    lines: [line('education', 'equipment', '学校设施（教室、照明、智慧黑板）', 500), line('education', 'services', '教师培训', 300), line('education', 'equipment', '教育信息化平台', 200)],
    kpis: [{ name: '智慧教室覆盖率', unit: '%', baseline: 35, target: 90, direction: 'increase' }],
  },
  {
    code: 'DP-05', title: '智慧政务服务平台', purpose: '建设模块化政务服务平台，提升网上办理率。', lead: 'data', departments: ['data'], contingencyBasisPoints: 0, targetScore: 90, published: true,
    lines: [line('data', 'equipment', '模块化平台建设', 600)],
    kpis: [{ name: '网上办理率', unit: '%', baseline: 45, target: 80, direction: 'increase' }, { name: '群众办事时间', unit: '%', baseline: 100, target: 70, direction: 'decrease' }],
  },
  {
    code: 'DP-06', title: '智能交通监测系统', purpose: '布设交通传感器，监测路网运行。', lead: 'transport', departments: ['transport'], contingencyBasisPoints: 1_000, targetScore: 52,
    lines: [line('transport', 'equipment', '交通传感器', 800, { quantity: 400, unit: '套' })],
    kpis: [{ name: '设备利用率', unit: '%', baseline: 0, target: 80, direction: 'increase' }],
  },
  {
    code: 'DP-07', title: '跨海大桥（分期建设）', purpose: '跨海大桥工程，分期拨款，设 10% 风险准备金。', lead: 'transport', departments: ['transport', 'transport-roads'], split: [7_000, 3_000], contingencyBasisPoints: 1_000, targetScore: 66,
    lines: [2027, 2028, 2029, 2030, 2031].map((year) => line('transport', 'materials', `主体工程 ${year} 年度`, 100_000, { year })),
  },
  { code: 'DP-08', title: '社区养老服务提升', purpose: '建设社区养老服务站。', lead: 'civil', departments: ['civil'], contingencyBasisPoints: 1_000, targetScore: 82, lines: [line('civil', 'equipment', '养老服务站建设', 1_500)] },
  { code: 'DP-09', title: '社区卫生服务能力建设', purpose: '提升社区卫生服务中心诊疗能力。', lead: 'health', departments: ['health'], contingencyBasisPoints: 1_000, targetScore: 86, published: true, lines: [line('health', 'equipment', '诊疗设备', 1_200)] },
  { code: 'DP-10', title: '污水处理厂提标改造', purpose: '污水处理厂出水提标。', lead: 'water', departments: ['water'], contingencyBasisPoints: 1_000, targetScore: 80, lines: [line('water', 'equipment', '深度处理工艺设备', 3_500)] },
  { code: 'DP-11', title: '空气质量监测网络', purpose: '加密空气质量监测站点。', lead: 'environment', departments: ['environment'], contingencyBasisPoints: 1_000, targetScore: 72, lines: [line('environment', 'equipment', '微型监测站', 400, { quantity: 200, unit: '个' })] },
  { code: 'DP-12', title: '污染土壤修复', purpose: '修复工业遗留污染地块。', lead: 'environment', departments: ['environment'], contingencyBasisPoints: 1_000, targetScore: 58, lines: [line('environment', 'services', '土壤修复工程', 900)] },
  { code: 'DP-13', title: '智能制造升级扶持', purpose: '支持企业智能化改造。', lead: 'industry', departments: ['industry'], contingencyBasisPoints: 1_000, targetScore: 55, lines: [line('industry', 'other', '智能化改造补助', 2_500)] },
  { code: 'DP-14', title: '传统产业绿色化改造', purpose: '支持传统产业节能降耗。', lead: 'industry', departments: ['industry'], contingencyBasisPoints: 1_000, targetScore: 63, lines: [line('industry', 'other', '绿色化改造补助', 1_800)] },
  { code: 'DP-15', title: '公共文化中心建设', purpose: '建设区级公共文化中心。', lead: 'culture', departments: ['culture'], contingencyBasisPoints: 1_000, targetScore: 48, lines: [line('culture', 'materials', '文化中心主体建设', 2_200)] },
  { code: 'DP-16', title: '职业技能培训', purpose: '面向重点群体开展职业技能培训。', lead: 'hr', departments: ['hr'], contingencyBasisPoints: 1_000, targetScore: 70, lines: [line('hr', 'services', '培训课程采购', 600, { quantity: 12_000, unit: '人次' })] },
  { code: 'DP-17', title: '中小企业发展扶持', purpose: '为中小企业提供融资担保和服务。', lead: 'commerce', departments: ['commerce'], contingencyBasisPoints: 1_000, targetScore: 57, lines: [line('commerce', 'other', '担保与服务补助', 1_000)] },
  {
    code: 'DP-18', title: '城市防洪排涝提升', purpose: '改造易涝点排水管网。', lead: 'water', departments: ['water', 'city'], split: [8_000, 2_000], contingencyBasisPoints: 1_000, targetScore: 76,
    lines: [line('water', 'machinery', '排水管网改造', 2_300, { quantity: 11_500, unit: '米' }), line('city', 'services', '易涝点道路恢复', 500)],
  },
  { code: 'DP-19', title: '公交车辆电动化', purpose: '更新新能源公交车辆。', lead: 'transport', departments: ['transport'], contingencyBasisPoints: 1_000, targetScore: 68, lines: [line('transport', 'equipment', '新能源公交车', 4_000, { quantity: 20, unit: '辆' })] },
  {
    code: 'DP-20', title: '道路照明节能改造', purpose: '路灯更换为 LED 并接入智能控制。', lead: 'city', departments: ['city', 'power'], split: [7_000, 3_000], contingencyBasisPoints: 1_000, targetScore: 74,
    lines: [line('city', 'equipment', 'LED 路灯', 500, { quantity: 2_500, unit: '盏' }), line('power', 'services', '供电线路改接', 200)],
  },
];

/** Allocation rules of the demo cycle: a mandated package and one alternatives group (by package code). */
/**
 * Decision units' own orders of their packages (used when the coordinator turns consolidation on):
 * transport puts the electric buses first (this year's assessed task), ahead of the better-scoring
 * expressway; environment puts the soil remediation (a legal deadline) ahead of the air monitoring.
 */
export const DEMO_UNIT_ORDERS = [
  { department: 'transport', codes: ['DP-19', 'DP-03', 'DP-07', 'DP-06'] },
  { department: 'environment', codes: ['DP-12', 'DP-11'] },
];

export const DEMO_ALLOCATION_RULES = {
  mandated: [{ code: 'DP-10', basis: '《水污染防治法》：城镇污水处理设施出水须达到国家标准' }],
  alternativeGroups: [{ name: '产业扶持二选一', codes: ['DP-13', 'DP-14'] }],
};

/**
 * The demo's reference-price catalogue (参考价目录), in 元 per unit: one entry for each category and
 * unit its cost lines use (lump sums, 项, are not priced per unit). Against it the power
 * department's cable burial in DP-02 (2 000 元/米) and the traffic sensors of DP-06 (20 000 元/套)
 * are flagged as too dear, the training of DP-16 (500 元/人次) as suspiciously cheap.
 */
export const DEMO_PRICE_CATALOGUE: { category: CostCategory; unit: string; item: string; yuan: number }[] = [
  { category: 'land', unit: '亩', item: '征地拆迁补偿（城区）', yuan: 180_000 },
  { category: 'materials', unit: '米', item: '地下电力及通信线路（含管材）', yuan: 900 },
  { category: 'machinery', unit: '米', item: '管网及管沟开挖（含机械台班）', yuan: 1_800 },
  { category: 'labour', unit: '工日', item: '建筑施工人工', yuan: 350 },
  { category: 'equipment', unit: '套', item: '交通流量传感器（含安装）', yuan: 8_000 },
  { category: 'equipment', unit: '辆', item: '12 米纯电动公交车', yuan: 1_500_000 },
  { category: 'equipment', unit: '盏', item: 'LED 路灯（含灯杆）', yuan: 2_500 },
  { category: 'equipment', unit: '个', item: '微型空气质量监测站', yuan: 15_000 },
  { category: 'services', unit: '人次', item: '职业技能培训', yuan: 1_200 },
];
export const DEMO_CATALOGUE_EDITION = '2026 目录';
