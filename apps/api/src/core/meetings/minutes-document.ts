import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { appendMinutesLine, MINUTES_SCHEMA, readMinutes, writeMinutes, type Refusal } from '@zerobase/collab';
import {
  attendeeLine,
  decisionLine,
  followUpLine,
  isCoordinator,
  liaisonDepartments,
  minutesAccess,
  minutesChangeRefusal,
  minutesPrefill,
  type MeetingStatus,
  type MinutesAccess,
  type MinutesInput,
  type MinutesPart,
  type MinutesTexts,
} from '@zerobase/domain';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { CycleEvents } from '../../base/events/cycle-events';
import type { Principal } from '../auth';
import { DocumentKinds, DocumentRegistry, minutesDocumentName, READ_ONLY, WRITE_ALL, type ChangeAuthor, type DocumentAccess, type DocumentAuthorizer, type DocumentKindHandler, type InspectPayload } from '../collab';
import { DepartmentsService } from '../departments';
import { MeetingStore, type MeetingRow } from './meeting-store';
import type { MeetingView } from './meeting-views';

/** The server's own additions (attendance, decisions): written like any change, refused once the minutes are closed. */
const SERVER: ChangeAuthor = { userId: null, departmentId: null, rights: WRITE_ALL, origin: 'meeting' };

/**
 * A meeting's minutes as a co-edited Yjs document (`/collab/minutes:<meetingId>`): durable,
 * authorized and relayed like a package document, with its own schema (libs/collab minutes-doc)
 * and access rule (libs/domain `minutesAccess`). Prefilled with the agenda, attendance, decisions
 * and actions when first opened; later attendance and decisions are added as they happen.
 * Its merge-pipeline authorizer refuses every change once the minutes are closed, and liaisons'
 * changes while the meeting is not open, whatever a connection's rights still say.
 */
@Injectable()
export class MinutesDocument implements DocumentKindHandler, DocumentAuthorizer, OnModuleInit {
  readonly kind = 'minutes' as const;
  readonly name = 'minutes-state';
  readonly schema = MINUTES_SCHEMA;
  private readonly logger = new Logger('minutes');

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MeetingStore,
    private readonly kinds: DocumentKinds,
    private readonly registry: DocumentRegistry,
    private readonly departments: DepartmentsService,
    private readonly events: CycleEvents,
  ) {}

  onModuleInit(): void {
    this.kinds.register(this);
  }

  // ---- the document kind ----

  async cycleOf(id: string): Promise<string | null> {
    const [row]: { cycle_id: string }[] = await this.dataSource.query(`SELECT cycle_id FROM meeting WHERE id = $1`, [id]);
    return row?.cycle_id ?? null;
  }

  async initialContent(id: string, doc: Y.Doc): Promise<void> {
    const row = await this.store.row(id);
    if (!row) return;
    const input = await this.input(await this.store.view(row, await this.departments.directory()));
    // notes kept before the minutes were a document become its notes
    writeMinutes(doc, minutesPrefill({ ...input, notes: row.minutes_notes }));
  }

  async access(principal: Principal, id: string): Promise<DocumentAccess> {
    const row = await this.store.row(id);
    if (!row) return { read: false, reason: 'not found' };
    const access = this.accessOf(principal, row);
    if (access === 'none') return { read: false, reason: 'you are not invited to this meeting' };
    if (access === 'read') return { read: true, rights: READ_ONLY, departmentId: null };
    return { read: true, rights: { writeShared: true, writeDepartments: new Set() }, departmentId: this.liaisonDepartment(principal, row) };
  }

  accessOf(principal: Principal, row: MeetingRow): MinutesAccess {
    return minutesAccess(principal.memberships, { cycleId: row.cycle_id, invitedDepartmentIds: row.invited_department_ids, status: row.status, closed: !!row.minutes_closed_at });
  }

  /** The invited department a liaison writes for (null for coordinators, who write for the meeting). */
  private liaisonDepartment(principal: Principal, row: MeetingRow): string | null {
    if (isCoordinator(principal.memberships, row.cycle_id)) return null;
    const mine = liaisonDepartments(principal.memberships, row.cycle_id);
    return row.invited_department_ids.find((d) => mine.has(d)) ?? null;
  }

  // ---- the merge-pipeline authorizer ----

  async authorize({ live, change }: InspectPayload): Promise<Refusal | null> {
    const [row]: { status: MeetingStatus; closed: boolean }[] = await this.dataSource.query(`SELECT status, minutes_closed_at IS NOT NULL AS closed FROM meeting WHERE id = $1`, [live.packageId]);
    // a liaison writes for their department (coordinators and the server for the meeting)
    const reason = minutesChangeRefusal(row ?? null, change.author.departmentId !== null);
    return reason ? { code: 'minutes', reason } : null;
  }

  // ---- reading and server-side additions ----

  /** The minutes text now (loads the document if needed). */
  async texts(meetingId: string): Promise<MinutesTexts> {
    const live = await this.registry.get(minutesDocumentName(meetingId));
    return readMinutes(live.doc);
  }

  /** Replaces one part of the text as `author` (REST), through the merge path. */
  async write(meetingId: string, part: MinutesPart, text: string, author: ChangeAuthor) {
    return this.registry.change(minutesDocumentName(meetingId), author, (doc) => writeMinutes(doc, { [part]: text }));
  }

  /** Records the committed state under a name (doc_version, like a package's versions): at the meeting's end, the minutes as closed, on demand. */
  async recordVersion(meetingId: string, name: string, userId: string | null, kind: 'stage-gate' | 'manual' | 'restore' = 'stage-gate'): Promise<string> {
    const live = await this.registry.get(minutesDocumentName(meetingId));
    await live.flushed();
    const [row]: { id: string }[] = await this.dataSource.query(`INSERT INTO doc_version (doc_id, name, kind, state, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      meetingId,
      name,
      kind,
      Buffer.from(Y.encodeStateAsUpdate(live.doc)),
      userId,
    ]);
    return row!.id;
  }

  /** Re-checks open `/collab` connections to these minutes (on every instance): after a close or a start/end. */
  recheck(cycleId: string, meetingId: string): void {
    this.events.changed({ cycleId, cause: 'access', document: minutesDocumentName(meetingId) });
  }

  /** A participant joined: their attendance line. */
  async attendeeJoined(meetingId: string, userId: string): Promise<void> {
    await this.append(meetingId, (input) => {
      const view = input.view.attendance.find((a) => a.userId === userId);
      const attendee = view && input.minutes.attendees[input.view.attendance.indexOf(view)];
      return attendee ? [['attendance', attendeeLine(attendee)]] : [];
    });
  }

  /** A decision was recorded: its line, and its follow-up actions. */
  async decisionRecorded(meetingId: string, decisionId: string): Promise<void> {
    await this.append(meetingId, (input) => {
      const at = input.view.decisions.findIndex((d) => d.id === decisionId);
      if (at < 0) return [];
      const lines: [MinutesPart, string][] = [['decisions', decisionLine(input.minutes.decisions[at]!, at + 1)]];
      input.view.followUps.forEach((f, i) => {
        if (f.decisionId === decisionId) lines.push(['followUps', followUpLine(input.minutes.followUps[i]!, i + 1)]);
      });
      return lines;
    });
  }

  private async append(meetingId: string, linesOf: (input: { view: MeetingView; minutes: MinutesInput }) => [MinutesPart, string][]): Promise<void> {
    try {
      const row = await this.store.row(meetingId);
      if (!row || row.minutes_closed_at) return;
      const view = await this.store.view(row, await this.departments.directory());
      const lines = linesOf({ view, minutes: await this.input(view) });
      if (lines.length === 0) return;
      await this.registry.change(minutesDocumentName(meetingId), SERVER, (doc) => {
        for (const [part, line] of lines) appendMinutesLine(doc, part, line);
      });
    } catch (error) {
      this.logger.warn(`adding to the minutes of ${meetingId} failed: ${String(error)}`);
    }
  }

  /** The meeting's records with names resolved for display (the prefill, and the export's header). */
  async input(m: MeetingView): Promise<MinutesInput> {
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
      notes: '',
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
