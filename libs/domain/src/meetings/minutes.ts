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

/** The parts of the co-edited minutes (a Yjs document, libs/collab minutes-doc), each a text. */
export const MINUTES_PARTS = ['attendance', 'agenda', 'decisions', 'followUps', 'notes'] as const;
export type MinutesPart = (typeof MINUTES_PARTS)[number];
export type MinutesTexts = Record<MinutesPart, string>;

/**
 * Names the server gives the versions it records itself (shown translated by the web client);
 * a restore is named after the version it brought back.
 */
export const MINUTES_VERSION_NAMES = { ended: 'meeting ended', closed: 'minutes closed' } as const;
export const restoredVersionName = (name: string): string => `restored "${name}"`;
export const beforeRestoreVersionName = (name: string): string => `before restoring "${name}"`;

/** A stored version of a meeting's minutes: who recorded it, who edited since the one before, which parts. */
export interface MinutesVersionView {
  id: string;
  name: string;
  kind: 'manual' | 'stage-gate' | 'before-restore' | 'restore';
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  /** people who edited between the previous version and this one */
  editors: { userId: string; userName: string | null }[];
  /** parts changed between the previous version and this one */
  parts: MinutesPart[];
}

/** The facts of the meeting that head the minutes (not edited in the minutes text). */
export type MinutesHeader = Pick<MinutesInput, 'title' | 'place' | 'scheduledAt' | 'startedAt' | 'endedAt' | 'chair' | 'closedAt'>;

export function attendeeLine(a: MinutesInput['attendees'][number]): string {
  return `${a.name}（${a.department ? `${a.department}，` : ''}${ROLE_ZH[a.role] ?? a.role}）`;
}

export function agendaLine(i: MinutesInput['items'][number]): string {
  return `${i.position + 1}. ${i.packageCode ? `[${i.packageCode}] ` : ''}${i.title}`;
}

/** `n`: the decision's number in the meeting, from 1. */
export function decisionLine(d: MinutesInput['decisions'][number], n: number): string {
  const parts = [`${n}. ${d.item ? `${d.item}：` : ''}${outcomeLabel(d.outcome, d.override)}`];
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
}

/** `n`: the action's number in the meeting, from 1. */
export function followUpLine(f: MinutesInput['followUps'][number], n: number): string {
  return `${n}. ${f.description}——责任部门：${f.department}；完成时限：${chineseDate(f.dueDate)}${f.done ? '（已完成）' : ''}`;
}

/** What the minutes text starts with: the agenda, attendance, decisions and actions recorded so far, and the notes. */
export function minutesPrefill(input: MinutesInput): MinutesTexts {
  return {
    attendance: input.attendees.map(attendeeLine).join('\n'),
    agenda: input.items.map(agendaLine).join('\n'),
    decisions: input.decisions.map((d, n) => decisionLine(d, n + 1)).join('\n'),
    followUps: input.followUps.map((f, n) => followUpLine(f, n + 1)).join('\n'),
    notes: input.notes,
  };
}

const linesOf = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l);

/** Lays out the minutes of a coordination meeting the way an official record reads: the meeting's facts, then the co-edited text. */
export function layoutMinutes(header: MinutesHeader, texts: MinutesTexts): MinutesDocument {
  const time = header.startedAt ? `${chineseDateTime(header.startedAt)}${header.endedAt ? ` 至 ${chineseDateTime(header.endedAt).split(' ')[1]}` : ''}` : chineseDateTime(header.scheduledAt);
  const attendees = linesOf(texts.attendance);
  const orNone = (lines: string[]) => (lines.length ? lines : ['无']);
  const sections = [
    { heading: '一、会议议题', lines: orNone(linesOf(texts.agenda)) },
    { heading: '二、议定事项', lines: orNone(linesOf(texts.decisions)) },
    { heading: '三、后续工作安排', lines: orNone(linesOf(texts.followUps)) },
  ];
  const notes = linesOf(texts.notes);
  if (notes.length) sections.push({ heading: '四、会议记录', lines: notes });
  return {
    title: '会议纪要',
    meta: [
      ['会议名称', header.title],
      ['会议时间', time],
      ['会议地点', header.place || '—'],
      ['主持人', header.chair],
      ['出席人员', attendees.length ? attendees.join('、') : '—'],
    ],
    sections,
    footer: header.closedAt ? `纪要定稿于 ${chineseDateTime(header.closedAt)}` : '纪要草稿（未定稿）',
  };
}
