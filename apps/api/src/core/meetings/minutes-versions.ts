import { Injectable } from '@nestjs/common';
import { minutesPartsOfPaths, readMinutes, writeMinutes } from '@zerobase/collab';
import { beforeRestoreVersionName, restoredVersionName, type MinutesTexts, type MinutesVersionView } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { Forbidden, NotFound, StateConflict } from '../../base/errors';
import type { Principal } from '../auth';
import { DocumentRegistry, editedSinceLastVersion, minutesDocumentName, versionHistory, type ChangeAuthor } from '../collab';
import { MeetingsService } from './meetings.service';
import { MinutesDocument } from './minutes-document';

type MinutesVersionKind = MinutesVersionView['kind'];

/**
 * Versions of a meeting's minutes, like a package's history: recorded when the meeting ends, when
 * the minutes are closed and on demand; listed with who edited which parts since the version
 * before; read; restored by those who may write the minutes now (the restore is itself a version).
 * Stored in `doc_version` under the meeting's id, the document's id in the store.
 */
@Injectable()
export class MinutesVersions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly document: MinutesDocument,
    private readonly registry: DocumentRegistry,
  ) {}

  /** Oldest first, for everyone who takes part in the meeting. */
  async list(user: Principal, meetingId: string): Promise<MinutesVersionView[]> {
    await this.meetings.joinable(user, meetingId);
    const rows = await versionHistory(this.dataSource, meetingId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind as MinutesVersionKind,
      createdBy: r.created_by,
      createdByName: r.created_by_name,
      createdAt: r.created_at.toISOString(),
      editors: (r.editors ?? []).map((e) => ({ userId: e.user_id, userName: e.display_name })),
      parts: minutesPartsOfPaths(r.paths),
    }));
  }

  async read(user: Principal, meetingId: string, versionId: string): Promise<MinutesVersionView & { texts: MinutesTexts }> {
    const versions = await this.list(user, meetingId);
    const summary = versions.find((v) => v.id === versionId);
    if (!summary) throw new NotFound('version', versionId);
    return { ...summary, texts: await this.textsOf(meetingId, versionId) };
  }

  /** A named version on demand, by someone who may write the minutes now. */
  async create(user: Principal, meetingId: string, name: string): Promise<MinutesVersionView> {
    await this.writer(user, meetingId);
    const id = await this.document.recordVersion(meetingId, name, user.userId, 'manual');
    return this.summary(user, meetingId, id);
  }

  /** Makes the minutes equal to a version again, through the merge path; the result is a new version. */
  async restore(user: Principal, meetingId: string, versionId: string): Promise<{ restored: MinutesVersionView; version: MinutesVersionView }> {
    const author = await this.writer(user, meetingId, 'restore');
    const restored = await this.summary(user, meetingId, versionId);
    const texts = await this.textsOf(meetingId, versionId);
    const live = await this.registry.get(minutesDocumentName(meetingId));
    await live.flushed();
    const before = Y.encodeStateAsUpdate(live.doc);
    const [{ at: beforeAt }]: { at: Date }[] = await this.dataSource.query('SELECT clock_timestamp() AS at');
    const result = await this.registry.change(minutesDocumentName(meetingId), author, (doc) => writeMinutes(doc, texts));
    if (result.status === 'refused' || result.status === 'malformed') throw new StateConflict(`The restore was refused: ${result.reason}`);
    if (await editedSinceLastVersion(this.dataSource, meetingId, beforeAt)) {
      await this.insert(meetingId, beforeRestoreVersionName(restored.name), 'before-restore', before, null, beforeAt);
    }
    const id = await this.document.recordVersion(meetingId, restoredVersionName(restored.name), user.userId, 'restore');
    return { restored, version: await this.summary(user, meetingId, id) };
  }

  /** The author of a change to the minutes by this user now, or why not. */
  private async writer(user: Principal, meetingId: string, origin = 'rest'): Promise<ChangeAuthor> {
    const row = await this.meetings.joinable(user, meetingId);
    if (row.minutes_closed_at) throw new StateConflict('The minutes are closed and read-only');
    const access = await this.document.access(user, meetingId);
    if (!access.read || !access.rights.writeShared) throw new Forbidden(`You may not edit the minutes now (the meeting is ${row.status})`);
    return { userId: user.userId, departmentId: access.departmentId, rights: access.rights, origin };
  }

  private async summary(user: Principal, meetingId: string, versionId: string): Promise<MinutesVersionView> {
    const found = (await this.list(user, meetingId)).find((v) => v.id === versionId);
    if (!found) throw new NotFound('version', versionId);
    return found;
  }

  private async textsOf(meetingId: string, versionId: string): Promise<MinutesTexts> {
    const [row]: { state: Buffer }[] = await this.dataSource.query(`SELECT state FROM doc_version WHERE id = $1 AND doc_id = $2`, [versionId, meetingId]);
    if (!row) throw new NotFound('version', versionId);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(row.state));
    const texts = readMinutes(doc);
    doc.destroy();
    return texts;
  }

  private async insert(meetingId: string, name: string, kind: MinutesVersionKind, state: Uint8Array, userId: string | null, at: Date): Promise<void> {
    await this.dataSource.query(`INSERT INTO doc_version (doc_id, name, kind, state, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [meetingId, name, kind, Buffer.from(state), userId, at]);
  }
}
