import type { Override, RecordedOutcome } from './meetings';

/** What the minutes (会议纪要) are made from; names are already resolved for display. */
export interface MinutesInput {
  title: string;
  place: string;
  /** ISO instants */
  scheduledAt: string;
  startedAt: string | null;
  endedAt: string | null;
  chair: string;
  attendees: { name: string; department: string | null; role: string }[];
  items: { position: number; title: string; packageCode: string | null }[];
  decisions: {
    item: string | null;
    outcome: RecordedOutcome;
    override: Override | null;
    comment: string;
    jointPackage: string | null;
    agreeing: string[];
    objecting: string[];
    proposer: string;
    at: string;
    replaces: boolean;
    superseded: boolean;
    whatIf: string | null;
  }[];
  followUps: { department: string; description: string; dueDate: string; done: boolean }[];
  notes: string;
  closedAt: string | null;
}

/** The laid-out minutes, rendered as-is to Word and PDF. */
export interface MinutesDocument {
  title: string;
  /** 会议名称, 时间, 地点, 主持人, 出席: label and value */
  meta: [string, string][];
  sections: { heading: string; lines: string[] }[];
  footer: string;
}

const ROLE_ZH: Record<string, string> = { coordinator: '统筹协调人', liaison: '部门联络人', reviewer: '评审专家', observer: '观察员' };

export function outcomeLabel(outcome: RecordedOutcome, override: Override | null): string {
  switch (outcome) {
    case 'approved':
      return '同意';
    case 'returned':
      return '退回修改';
    case 'merged':
      return '合并为联合决策包';
    case 'deferred':
      return '暂缓审议';
    case 'override':
      return override === 'cut' ? '特别调整：核减（不予安排资金）' : '特别调整：予以安排资金';
    case 'whatIfAdopted':
      return '采纳模拟调整方案';
  }
}

/** "2026年12月3日 09:00" in Beijing time (UTC+8, no daylight saving). */
export function chineseDateTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Lays out the minutes of a coordination meeting the way an official record reads. */
export function layoutMinutes(input: MinutesInput): MinutesDocument {
  const time = input.startedAt ? `${chineseDateTime(input.startedAt)}${input.endedAt ? ` 至 ${chineseDateTime(input.endedAt).split(' ')[1]}` : ''}` : chineseDateTime(input.scheduledAt);
  const attendees = input.attendees.map((a) => `${a.name}（${a.department ? `${a.department}，` : ''}${ROLE_ZH[a.role] ?? a.role}）`);
  const items = input.items.map((i) => `${i.position + 1}. ${i.packageCode ? `[${i.packageCode}] ` : ''}${i.title}`);
  const decisions = input.decisions.map((d, n) => {
    const parts = [`${n + 1}. ${d.item ? `${d.item}：` : ''}${outcomeLabel(d.outcome, d.override)}`];
    if (d.jointPackage) parts.push(`联合决策包：${d.jointPackage}`);
    if (d.whatIf) parts.push(`调整内容：${d.whatIf}`);
    if (d.comment) parts.push(`${d.outcome === 'override' ? '理由' : '意见'}：${d.comment}`);
    parts.push(`提议人：${d.proposer}`);
    if (d.agreeing.length) parts.push(`同意部门：${d.agreeing.join('、')}`);
    if (d.objecting.length) parts.push(`反对部门：${d.objecting.join('、')}`);
    parts.push(`时间：${chineseDateTime(d.at)}`);
    if (d.replaces) parts.push('（变更此前决定）');
    if (d.superseded) parts.push('（已被后续决定变更）');
    return parts.join('；');
  });
  const followUps = input.followUps.map((f, n) => `${n + 1}. ${f.description}——责任部门：${f.department}；完成时限：${chineseDate(f.dueDate)}${f.done ? '（已完成）' : ''}`);
  const sections = [
    { heading: '一、会议议题', lines: items.length ? items : ['无'] },
    { heading: '二、议定事项', lines: decisions.length ? decisions : ['无'] },
    { heading: '三、后续工作安排', lines: followUps.length ? followUps : ['无'] },
  ];
  if (input.notes.trim()) sections.push({ heading: '四、会议记录', lines: input.notes.split(/\r?\n/).filter((l) => l.trim()) });
  return {
    title: '会议纪要',
    meta: [
      ['会议名称', input.title],
      ['会议时间', time],
      ['会议地点', input.place || '—'],
      ['主持人', input.chair],
      ['出席人员', attendees.length ? attendees.join('、') : '—'],
    ],
    sections,
    footer: input.closedAt ? `纪要定稿于 ${chineseDateTime(input.closedAt)}` : '纪要草稿（未定稿）',
  };
}
