import { Injectable } from '@nestjs/common';
import { layoutMinutes, MINUTES_VERSION_NAMES, type MinutesDocument as LaidOutMinutes } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { Forbidden, StateConflict } from '../../base/errors';
import type { Principal } from '../auth';
import { RealtimeService, rooms } from '../realtime';
import { MinutesDocument } from './minutes-document';
import { renderMinutesDocx } from './minutes-docx';
import { renderMinutesPdf } from './minutes-pdf';
import { MEETING_EVENTS, MeetingsService } from './meetings.service';

/**
 * The minutes (会议纪要) over REST: the notes written through the minutes document's merge path
 * (the same rules as `/collab`), closing by the coordinator, and the export of the co-edited text.
 */
@Injectable()
export class MinutesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly document: MinutesDocument,
    private readonly realtime: RealtimeService,
  ) {}

  /** The minutes text of a meeting the user takes part in. */
  async texts(user: Principal, id: string) {
    const row = await this.meetings.joinable(user, id);
    return { ...(await this.document.texts(id)), closedAt: row.minutes_closed_at ? row.minutes_closed_at.toISOString() : null };
  }

  /** Replaces the notes part of the minutes (the other parts are edited live on `/collab`). */
  async setNotes(user: Principal, id: string, notes: string) {
    const row = await this.meetings.joinable(user, id);
    if (row.minutes_closed_at) throw new StateConflict('The minutes are closed and read-only');
    const access = await this.document.access(user, id);
    if (!access.read || !access.rights.writeShared) throw new Forbidden(`You may not edit the minutes now (the meeting is ${row.status})`);
    const result = await this.document.write(id, 'notes', notes, { userId: user.userId, departmentId: access.departmentId, rights: access.rights, origin: 'rest' });
    if (result.status === 'refused' || result.status === 'malformed') throw new StateConflict(`The change was refused: ${result.reason}`);
    return this.texts(user, id);
  }

  async close(user: Principal, id: string) {
    const row = await this.meetings.runnable(user, id);
    if (row.status !== 'ended') throw new StateConflict('End the meeting before closing its minutes');
    if (row.minutes_closed_at) throw new StateConflict('The minutes are already closed');
    const [[closed]] = await this.dataSource.query(`UPDATE meeting SET minutes_closed_at = now() WHERE id = $1 AND minutes_closed_at IS NULL RETURNING minutes_closed_at`, [id]);
    // open connections to the minutes become read-only (the document's authorizer already refuses every change)
    this.document.recheck(row.cycle_id, id);
    await this.document.recordVersion(id, MINUTES_VERSION_NAMES.closed, user.userId);
    const event = { meetingId: id, closedAt: (closed.minutes_closed_at as Date).toISOString() };
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.minutes, event);
    return this.texts(user, id);
  }

  async layout(user: Principal, id: string): Promise<LaidOutMinutes> {
    const meeting = await this.meetings.get(user, id);
    const header = await this.document.input(meeting);
    return layoutMinutes(header, await this.document.texts(id));
  }

  async exportDocx(user: Principal, id: string): Promise<Buffer> {
    return renderMinutesDocx(await this.layout(user, id));
  }

  async exportPdf(user: Principal, id: string): Promise<Buffer> {
    return renderMinutesPdf(await this.layout(user, id));
  }
}
