import { describe, expect, it } from 'vitest';
import { chineseDate, chineseDateTime, layoutMinutes, minutesPrefill, type MinutesInput } from './minutes';

const input: MinutesInput = {
  title: '2027年度预算第一次联席会议',
  place: '财政局三楼会议室',
  scheduledAt: '2026-12-03T01:00:00Z',
  startedAt: '2026-12-03T01:05:00Z',
  endedAt: '2026-12-03T02:30:00Z',
  chair: '王协调',
  attendees: [
    { name: '王协调', department: null, role: 'coordinator' },
    { name: '李电力', department: '电力局', role: 'liaison' },
  ],
  items: [
    { position: 0, title: '电力线路改造', packageCode: 'DP-04' },
    { position: 1, title: '其他事项', packageCode: null },
  ],
  decisions: [
    { item: '电力线路改造', outcome: 'merged', override: null, comment: '', jointPackage: 'DP-J1', agreeing: ['电力局', '通信管理局'], objecting: [], proposer: '王协调', at: '2026-12-03T01:30:00Z', replaces: false, superseded: false, whatIf: null },
    { item: '其他事项', outcome: 'override', override: 'cut', comment: '重复建设', jointPackage: null, agreeing: [], objecting: ['住建局'], proposer: '王协调', at: '2026-12-03T02:00:00Z', replaces: true, superseded: false, whatIf: null },
  ],
  followUps: [{ department: '电力局', description: '提交联合方案', dueDate: '2026-12-20', done: false }],
  notes: '',
  closedAt: null,
};

describe('minutes layout', () => {
  it('should write dates in Beijing time', () => {
    expect(chineseDateTime('2026-12-03T01:05:00Z')).toBe('2026年12月3日 09:05');
    expect(chineseDateTime('2026-12-31T20:00:00Z')).toBe('2027年1月1日 04:00');
    expect(chineseDate('2026-12-20')).toBe('2026年12月20日');
  });
  it('should lay out meeting, time, place, chair, attendees, items, decisions and actions', () => {
    const doc = layoutMinutes(input, minutesPrefill(input));
    expect(doc.title).toBe('会议纪要');
    expect(Object.fromEntries(doc.meta)).toEqual({
      会议名称: '2027年度预算第一次联席会议',
      会议时间: '2026年12月3日 09:05 至 10:30',
      会议地点: '财政局三楼会议室',
      主持人: '王协调',
      出席人员: '王协调（统筹协调人）、李电力（电力局，部门联络人）',
    });
    expect(doc.sections.map((s) => s.heading)).toEqual(['一、会议议题', '二、议定事项', '三、后续工作安排']);
    expect(doc.sections[0]!.lines).toEqual(['1. [DP-04] 电力线路改造', '2. 其他事项']);
    expect(doc.sections[1]!.lines[0]).toContain('合并为联合决策包；联合决策包：DP-J1');
    expect(doc.sections[1]!.lines[0]).toContain('同意部门：电力局、通信管理局');
    expect(doc.sections[1]!.lines[1]).toContain('核减');
    expect(doc.sections[1]!.lines[1]).toContain('理由：重复建设');
    expect(doc.sections[1]!.lines[1]).toContain('反对部门：住建局');
    expect(doc.sections[1]!.lines[1]).toContain('（变更此前决定）');
    expect(doc.sections[2]!.lines).toEqual(['1. 提交联合方案——责任部门：电力局；完成时限：2026年12月20日']);
    expect(doc.footer).toBe('纪要草稿（未定稿）');
  });
  it('should add the meeting notes when there are any', () => {
    const closed = { ...input, notes: '第一行\n\n第二行', closedAt: '2026-12-03T03:00:00Z' };
    const doc = layoutMinutes(closed, minutesPrefill(closed));
    expect(doc.sections[3]).toEqual({ heading: '四、会议记录', lines: ['第一行', '第二行'] });
    expect(doc.footer).toBe('纪要定稿于 2026年12月3日 11:00');
  });
  it('should lay out the edited text, not the records it was prefilled from', () => {
    const texts = { ...minutesPrefill(input), attendance: '王协调（统筹协调人）\n赵列席（区政府办）', decisions: '' };
    const doc = layoutMinutes(input, texts);
    expect(Object.fromEntries(doc.meta)['出席人员']).toBe('王协调（统筹协调人）、赵列席（区政府办）');
    expect(doc.sections[1]).toEqual({ heading: '二、议定事项', lines: ['无'] });
  });
});
