import { Injectable } from '@nestjs/common';
import { layoutMinutes, type MinutesDocument } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { StateConflict } from '../../base/errors';
import type { Principal } from '../auth';
import { DepartmentsService } from '../departments';
import { RealtimeService, rooms } from '../realtime';
import { MeetingStore } from './meeting-store';
import type { MeetingView } from './meeting-views';
import { renderMinutesDocx } from './minutes-docx';
import { renderMinutesPdf } from './minutes-pdf';
import { MEETING_EVENTS, MeetingsService } from './meetings.service';

/** The minutes (会议纪要): notes taken during the meeting, closed by the coordinator, exported. */
@Injectable()
export class MinutesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly store: MeetingStore,
    private readonly departments: DepartmentsService,
    private readonly realtime: RealtimeService,
  ) {}

  async setNotes(user: Principal, id: string, notes: string) {
    const row = await this.meetings.joinable(user, id);
    if (row.minutes_closed_at) throw new StateConflict('The minutes are closed and read-only');
    const [updated] = await this.dataSource.query(`UPDATE meeting SET minutes_notes = $2 WHERE id = $1 AND minutes_closed_at IS NULL RETURNING id`, [id, notes]).then((r: unknown) => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as unknown[]);
    if (!updated) throw new StateConflict('The minutes are closed and read-only');
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.minutes, { meetingId: id, notes, closedAt: null });
    return { notes, closedAt: null };
  }

  async close(user: Principal, id: string) {
    const row = await this.meetings.runnable(user, id);
    if (row.status !== 'ended') throw new StateConflict('End the meeting before closing its minutes');
    if (row.minutes_closed_at) throw new StateConflict('The minutes are already closed');
    const [[closed]] = await this.dataSource.query(`UPDATE meeting SET minutes_closed_at = now() WHERE id = $1 AND minutes_closed_at IS NULL RETURNING minutes_closed_at`, [id]);
    const event = { meetingId: id, notes: row.minutes_notes, closedAt: (closed.minutes_closed_at as Date).toISOString() };
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.minutes, event);
    return { notes: row.minutes_notes, closedAt: event.closedAt };
  }

  async layout(user: Principal, id: string): Promise<MinutesDocument> {
    const meeting = await this.meetings.get(user, id);
    return layoutMinutes(await this.minutesInput(meeting));
  }

  async exportDocx(user: Principal, id: string): Promise<Buffer> {
    return renderMinutesDocx(await this.layout(user, id));
  }

  async exportPdf(user: Principal, id: string): Promise<Buffer> {
    return renderMinutesPdf(await this.layout(user, id));
  }

  private async minutesInput(m: MeetingView) {
    const directory = await this.departments.directory();
    const deptName = (code: string) => directory.byCode(code)?.nameZh ?? code;
    const itemTitle = new Map(m.agenda.map((a) => [a.id, a.title]));
    return {
      title: m.title,
      place: m.place,
      scheduledAt: m.scheduledAt,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      chair: m.chair.name,
      attendees: m.attendance.map((a) => ({ name: a.name, department: a.department ? deptName(a.department) : null, role: a.role })),
      items: m.agenda.map((a) => ({ position: a.position, title: a.title, packageCode: a.packageCode })),
      decisions: m.decisions.map((d) => ({
        item: d.agendaItemId ? (itemTitle.get(d.agendaItemId) ?? null) : null,
        outcome: d.outcome,
        override: d.override,
        comment: d.comment,
        jointPackage: d.jointPackageCode,
        agreeing: d.agreeing.map(deptName),
        objecting: d.objecting.map(deptName),
        proposer: d.proposedBy.name,
        at: d.createdAt,
        replaces: d.supersedes !== null,
        superseded: d.supersededBy !== null,
        whatIf: d.whatIf ? describeWhatIf(d.whatIf) : null,
      })),
      followUps: m.followUps.map((f) => ({ department: deptName(f.department), description: f.description, dueDate: f.dueDate, done: f.state === 'done' })),
      notes: m.minutes.notes,
      closedAt: m.minutes.closedAt,
    };
  }
}

function describeWhatIf(o: NonNullable<MeetingView['decisions'][number]['whatIf']>): string {
  const parts: string[] = [];
  if (o.quotaFen !== undefined) parts.push(`资金总额 ${(o.quotaFen / 1_000_000).toLocaleString('zh-CN')} 万元`);
  if (o.reserveBasisPoints !== undefined) parts.push(`风险准备金 ${o.reserveBasisPoints / 100}%`);
  for (const w of o.weights ?? []) parts.push(`指标 ${w.key} 权重 ${w.weight}`);
  if (o.method) parts.push(`排序方法 ${o.method}`);
  if (o.allocationMode) parts.push(`分配方式 ${o.allocationMode}`);
  if (o.pinnedPackageIds?.length) parts.push(`优先保障 ${o.pinnedPackageIds.length} 个决策包`);
  return parts.join('，') || '无';
}
