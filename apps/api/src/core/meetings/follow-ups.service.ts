import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { followUpRecipients, isCoordinator, liaisonDepartments } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { Forbidden, NotFound, StateConflict } from '../../base/errors';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService } from '../departments';
import { NotificationsService } from '../notifications';
import { FOLLOW_UP_SELECT, followUpView, today, type FollowUpRow } from './meeting-store';
import type { FollowUpView } from './meeting-views';

/** Follow-up actions decided in meetings: listed per department, marked done, overdue ones flagged and notified once. */
@Injectable()
export class FollowUpsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('follow-ups');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweepOverdue().catch((e: unknown) => this.logger.warn(`overdue sweep failed: ${String(e)}`)), this.config.notifications.overdueSweepMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async list(user: Principal, cycleId: string, department?: string): Promise<FollowUpView[]> {
    await this.cycles.readable(user, cycleId);
    const directory = await this.departments.directory();
    const departmentId = department ? directory.idOf(department, 'department') : null;
    const rows: FollowUpRow[] = await this.dataSource.query(`${FOLLOW_UP_SELECT} WHERE f.cycle_id = $1 AND ($2::uuid IS NULL OR f.department_id = $2) ORDER BY f.due_date, f.created_at`, [cycleId, departmentId]);
    return rows.map((r) => followUpView(r, directory));
  }

  /** The owner department's liaisons, or a coordinator, mark an action done. */
  async markDone(user: Principal, id: string): Promise<FollowUpView> {
    const [row]: (FollowUpRow | undefined)[] = await this.dataSource.query(`${FOLLOW_UP_SELECT} WHERE f.id = $1`, [id]);
    if (!row) throw new NotFound('follow-up action', id);
    await this.cycles.readable(user, row.cycle_id);
    if (!isCoordinator(user.memberships, row.cycle_id) && !liaisonDepartments(user.memberships, row.cycle_id).has(row.department_id)) {
      throw new Forbidden('Only the owner department or a coordinator marks this action done');
    }
    if (row.done_at) throw new StateConflict('This action is already done');
    await this.dataSource.query(`UPDATE follow_up_action SET done_at = now(), done_by = $2 WHERE id = $1`, [id, user.userId]);
    const [updated]: FollowUpRow[] = await this.dataSource.query(`${FOLLOW_UP_SELECT} WHERE f.id = $1`, [id]);
    return followUpView(updated!, await this.departments.directory());
  }

  /** Each overdue action is notified once to its department. */
  async sweepOverdue(): Promise<number> {
    const rows: { id: string; cycle_id: string; meeting_id: string; meeting_title: string; department_id: string; description: string; due_date: Date }[] = await this.dataSource.query(
      `UPDATE follow_up_action f SET overdue_notified_at = now() FROM meeting m
        WHERE m.id = f.meeting_id AND f.done_at IS NULL AND f.overdue_notified_at IS NULL AND f.due_date < $1::date
        RETURNING f.id, f.cycle_id, f.meeting_id, m.title AS meeting_title, f.department_id, f.description, f.due_date`,
      [today()],
    ).then((r: unknown) => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as never);
    for (const r of rows) {
      await this.notifications.notify(followUpRecipients(await this.notifications.members(r.cycle_id), r.department_id), {
        kind: 'followUpOverdue',
        cycleId: r.cycle_id,
        subjectKey: r.id,
        params: { meetingId: r.meeting_id, meetingTitle: r.meeting_title, description: r.description, followUpId: r.id },
        link: `/cycles/${r.cycle_id}/follow-ups`,
      });
    }
    return rows.length;
  }
}
