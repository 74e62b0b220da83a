import { Injectable } from '@nestjs/common';
import { followUpState, type MeetingStatus } from '@zerobase/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { DepartmentDirectory } from '../departments';
import type { AgendaItemView, DecisionView, FollowUpView, MeetingSummary, MeetingView } from './meeting-views';

export interface MeetingRow {
  id: string;
  cycle_id: string;
  title: string;
  place: string;
  scheduled_at: Date;
  chair_id: string;
  chair_name: string;
  invited_department_ids: string[];
  status: MeetingStatus;
  agenda_position: number;
  on_screen_package_id: string | null;
  preview: MeetingView['preview'];
  minutes_notes: string;
  minutes_closed_at: Date | null;
  started_at: Date | null;
  ended_at: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const today = () => new Date().toISOString().slice(0, 10);
const dateOnly = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`);

/** Rows as PostgreSQL returns them (snake_case). */
export interface FollowUpRow {
  id: string;
  cycle_id: string;
  meeting_id: string;
  meeting_title: string;
  decision_id: string;
  department_id: string;
  description: string;
  due_date: Date | string;
  done_at: Date | null;
}

interface AgendaRow {
  id: string;
  position: number;
  package_id: string | null;
  title: string;
  code: string | null;
}

interface DecisionRow {
  id: string;
  agenda_item_id: string | null;
  outcome: DecisionView['outcome'];
  comment: string;
  override: DecisionView['override'];
  joint_package_id: string | null;
  joint_code: string | null;
  merged_package_ids: string[];
  what_if: DecisionView['whatIf'];
  proposed_by: string;
  proposer: string;
  agreeing_department_ids: string[];
  objecting_department_ids: string[];
  supersedes_id: string | null;
  superseded_by: string | null;
  created_at: Date;
}

interface AttendanceRow {
  user_id: string;
  display_name: string;
  role: string;
  department_id: string | null;
  joined_at: Date;
}

interface SummaryRow {
  id: string;
  cycle_id: string;
  title: string;
  place: string;
  scheduled_at: Date;
  status: MeetingStatus;
  invited_department_ids: string[];
  items: number;
  decisions: number;
}

export const FOLLOW_UP_SELECT = `SELECT f.*, m.title AS meeting_title FROM follow_up_action f JOIN meeting m ON m.id = f.meeting_id`;

export function followUpView(r: FollowUpRow, directory: DepartmentDirectory): FollowUpView {
  const due = dateOnly(r.due_date);
  return {
    id: r.id,
    cycleId: r.cycle_id,
    meetingId: r.meeting_id,
    meetingTitle: r.meeting_title,
    decisionId: r.decision_id,
    department: directory.codeOf(r.department_id),
    description: r.description,
    dueDate: due,
    doneAt: iso(r.done_at),
    state: followUpState(due, iso(r.done_at), today()),
  };
}

/** Reads meetings and their parts from PostgreSQL into the views clients receive. */
@Injectable()
export class MeetingStore {
  constructor(private readonly dataSource: DataSource) {}

  async row(id: string, em: EntityManager = this.dataSource.manager, lock = false): Promise<MeetingRow | null> {
    if (lock) await em.query(`SELECT 1 FROM meeting WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await em.query(`SELECT m.*, u.display_name AS chair_name FROM meeting m JOIN app_user u ON u.id = m.chair_id WHERE m.id = $1`, [id]);
    return row ?? null;
  }

  async agenda(meetingId: string, em: EntityManager = this.dataSource.manager): Promise<AgendaItemView[]> {
    const rows: AgendaRow[] = await em.query(
      `SELECT a.id, a.position, a.package_id, a.title, p.code FROM meeting_agenda_item a LEFT JOIN decision_package p ON p.id = a.package_id WHERE a.meeting_id = $1 ORDER BY a.position`,
      [meetingId],
    );
    return rows.map((r) => ({ id: r.id, position: r.position, packageId: r.package_id, packageCode: r.code, title: r.title }));
  }

  async decisions(meetingId: string, directory: DepartmentDirectory, em: EntityManager = this.dataSource.manager): Promise<DecisionView[]> {
    const rows: DecisionRow[] = await em.query(
      `SELECT d.*, u.display_name AS proposer, p.code AS joint_code, (SELECT n.id FROM meeting_decision n WHERE n.supersedes_id = d.id) AS superseded_by
         FROM meeting_decision d JOIN app_user u ON u.id = d.proposed_by LEFT JOIN decision_package p ON p.id = d.joint_package_id
        WHERE d.meeting_id = $1 ORDER BY d.created_at, d.id`,
      [meetingId],
    );
    return rows.map((r) => ({
      id: r.id,
      agendaItemId: r.agenda_item_id,
      outcome: r.outcome,
      comment: r.comment,
      override: r.override,
      jointPackageId: r.joint_package_id,
      jointPackageCode: r.joint_code,
      mergedPackageIds: r.merged_package_ids,
      whatIf: r.what_if,
      proposedBy: { userId: r.proposed_by, name: r.proposer },
      agreeing: r.agreeing_department_ids.map((id) => directory.codeOf(id)),
      objecting: r.objecting_department_ids.map((id) => directory.codeOf(id)),
      supersedes: r.supersedes_id,
      supersededBy: r.superseded_by,
      createdAt: r.created_at.toISOString(),
    }));
  }

  async view(row: MeetingRow, directory: DepartmentDirectory): Promise<MeetingView> {
    const [agenda, decisions, attendance, followUps]: [AgendaItemView[], DecisionView[], AttendanceRow[], FollowUpRow[]] = await Promise.all([
      this.agenda(row.id),
      this.decisions(row.id, directory),
      this.dataSource.query(
        `SELECT a.user_id, u.display_name, a.role, a.department_id, a.joined_at FROM meeting_attendance a JOIN app_user u ON u.id = a.user_id WHERE a.meeting_id = $1 ORDER BY a.joined_at, u.display_name`,
        [row.id],
      ),
      this.dataSource.query(`${FOLLOW_UP_SELECT} WHERE f.meeting_id = $1 ORDER BY f.due_date, f.created_at`, [row.id]),
    ]);
    return {
      id: row.id,
      cycleId: row.cycle_id,
      title: row.title,
      place: row.place,
      scheduledAt: row.scheduled_at.toISOString(),
      chair: { userId: row.chair_id, name: row.chair_name },
      invitedDepartments: row.invited_department_ids.map((id) => directory.codeOf(id)),
      status: row.status,
      agendaPosition: row.agenda_position,
      onScreenPackageId: row.on_screen_package_id,
      preview: row.preview,
      agenda,
      attendance: attendance.map((a) => ({
        userId: a.user_id,
        name: a.display_name,
        role: a.role,
        department: a.department_id ? directory.codeOf(a.department_id) : null,
        joinedAt: a.joined_at.toISOString(),
      })),
      decisions,
      followUps: followUps.map((f) => followUpView(f, directory)),
      minutes: { document: `minutes:${row.id}`, closedAt: iso(row.minutes_closed_at), access: 'none' },
      startedAt: iso(row.started_at),
      endedAt: iso(row.ended_at),
    };
  }

  async summaries(cycleId: string, directory: DepartmentDirectory): Promise<(MeetingSummary & { invitedDepartmentIds: string[] })[]> {
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT m.id, m.cycle_id, m.title, m.place, m.scheduled_at, m.status, m.invited_department_ids,
              (SELECT count(*)::int FROM meeting_agenda_item a WHERE a.meeting_id = m.id) AS items,
              (SELECT count(*)::int FROM meeting_decision d WHERE d.meeting_id = m.id) AS decisions
         FROM meeting m WHERE m.cycle_id = $1 ORDER BY m.scheduled_at DESC, m.id`,
      [cycleId],
    );
    return rows.map((r) => ({
      id: r.id,
      cycleId: r.cycle_id,
      title: r.title,
      place: r.place,
      scheduledAt: r.scheduled_at.toISOString(),
      status: r.status,
      invitedDepartments: r.invited_department_ids.map((id) => directory.codeOf(id)),
      invitedDepartmentIds: r.invited_department_ids,
      items: r.items,
      decisions: r.decisions,
    }));
  }
}
