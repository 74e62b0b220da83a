import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { shouldCoalesce, type CycleMember, type NotificationKind, type Recipient } from '@zerobase/domain';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { NotFound } from '../../base/errors';
import type { Principal } from '../auth';
import { RealtimeService, rooms } from '../realtime';

/** One notification as its user reads it. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  cycleId: string | null;
  params: Record<string, unknown>;
  /** where the web client shows the thing concerned, e.g. `/packages/<id>` */
  link: string;
  /** how many events were folded into this one */
  count: number;
  read: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NotificationDraft {
  kind: NotificationKind;
  cycleId: string | null;
  /** what it is about (package, meeting, action…): bursts about the same subject fold together */
  subjectKey: string;
  params: Record<string, unknown>;
  link: string;
}

interface Row {
  id: string;
  kind: NotificationKind;
  cycle_id: string | null;
  params: Record<string, unknown>;
  link: string;
  count: number;
  read_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toView = (r: Row): NotificationView => ({
  id: r.id,
  kind: r.kind,
  cycleId: r.cycle_id,
  params: r.params,
  link: r.link,
  count: r.count,
  read: r.read_at !== null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const LOCK_NAMESPACE = 727_400;

/**
 * Notifications persisted per user and pushed to the user's own Socket.IO room. Who is told is
 * decided by the pure rules in libs/domain; this stores, folds bursts and pushes.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async members(cycleId: string): Promise<CycleMember[]> {
    const rows: { user_id: string; role: CycleMember['role']; department_id: string | null }[] = await this.dataSource.query(
      `SELECT user_id, role, department_id FROM membership WHERE cycle_id = $1`,
      [cycleId],
    );
    return rows.map((r) => ({ userId: r.user_id, role: r.role, departmentId: r.department_id }));
  }

  /**
   * Stores and pushes one notification per recipient, unless muted or folded into a recent one.
   * `events`: how many happenings this stands for (edits batched by the caller).
   */
  async notify(recipients: readonly Recipient[], draft: NotificationDraft, events = 1): Promise<void> {
    if (recipients.length === 0) return;
    const userIds = recipients.map((r) => r.userId);
    const muted = new Set<string>(
      (await this.dataSource.query(`SELECT user_id FROM notification_mute WHERE kind = $1 AND user_id = ANY($2::uuid[])`, [draft.kind, userIds])).map((r: { user_id: string }) => r.user_id),
    );
    for (const userId of userIds) {
      if (muted.has(userId)) continue;
      const created = await this.store(userId, draft, events);
      if (created) this.realtime.emit(rooms.user(userId), 'notification', created);
    }
  }

  /** The new notification, or null when it was folded into an earlier one. */
  private store(userId: string, draft: NotificationDraft, events: number): Promise<NotificationView | null> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [LOCK_NAMESPACE, `${userId}|${draft.kind}|${draft.subjectKey}`]);
      const [last]: { id: string; at: Date }[] = await em.query(
        `SELECT id, created_at AS at FROM notification WHERE user_id = $1 AND kind = $2 AND subject_key = $3 ORDER BY created_at DESC LIMIT 1`,
        [userId, draft.kind, draft.subjectKey],
      );
      if (last && shouldCoalesce(last.at.getTime(), Date.now(), this.config.notifications.coalesceMs)) {
        await em.query(`UPDATE notification SET count = count + $3, params = $2::jsonb, updated_at = now() WHERE id = $1`, [last.id, JSON.stringify(draft.params), events]);
        return null;
      }
      const [row]: Row[] = await em.query(
        `INSERT INTO notification (user_id, kind, cycle_id, subject_key, params, link, count) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING *`,
        [userId, draft.kind, draft.cycleId, draft.subjectKey, JSON.stringify(draft.params), draft.link, events],
      );
      return toView(row!);
    });
  }

  async list(user: Principal, limit = 100): Promise<{ unread: number; items: NotificationView[] }> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM notification WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [user.userId, limit]);
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [user.userId]);
    return { unread: n, items: rows.map(toView) };
  }

  async markRead(user: Principal, id: string): Promise<NotificationView> {
    const [rows] = await this.dataSource.query(`UPDATE notification SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *`, [id, user.userId]);
    if (!rows?.length) throw new NotFound('notification', id);
    this.pushUnread(user.userId);
    return toView(rows[0]);
  }

  async markAllRead(user: Principal): Promise<{ unread: number }> {
    await this.dataSource.query(`UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [user.userId]);
    this.pushUnread(user.userId);
    return { unread: 0 };
  }

  async mutes(user: Principal): Promise<{ muted: NotificationKind[] }> {
    const rows: { kind: NotificationKind }[] = await this.dataSource.query(`SELECT kind FROM notification_mute WHERE user_id = $1 ORDER BY kind`, [user.userId]);
    return { muted: rows.map((r) => r.kind) };
  }

  async setMuted(user: Principal, kind: NotificationKind, muted: boolean): Promise<{ muted: NotificationKind[] }> {
    if (muted) await this.dataSource.query(`INSERT INTO notification_mute (user_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [user.userId, kind]);
    else await this.dataSource.query(`DELETE FROM notification_mute WHERE user_id = $1 AND kind = $2`, [user.userId, kind]);
    return this.mutes(user);
  }

  /** Other tabs of the same user update their bell. */
  private pushUnread(userId: string): void {
    void this.dataSource
      .query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId])
      .then(([{ n }]: { n: number }[]) => this.realtime.emit(rooms.user(userId), 'notifications:unread', { unread: n }))
      .catch(() => undefined);
  }
}
