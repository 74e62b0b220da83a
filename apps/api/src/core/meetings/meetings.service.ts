import { Injectable } from '@nestjs/common';
import {
  audienceOf,
  canJoinMeeting,
  canRunMeeting,
  decisionProblems,
  decisionRefusal,
  followUpRecipients,
  isAllocationLocked,
  meetingRecipients,
  MINUTES_VERSION_NAMES,
  type Audience,
  type MeetingStatus,
} from '@zerobase/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import { CycleEvents } from '../../base/events/cycle-events';
import type { Principal } from '../auth';
import { CyclesService } from '../cycles';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { RankingService, type WhatIfDto } from '../evaluation';
import { NotificationsService } from '../notifications';
import { PackagesService } from '../packages';
import { RealtimeService, rooms } from '../realtime';
import { MeetingStore, type MeetingRow } from './meeting-store';
import { MinutesDocument } from './minutes-document';
import type { DecisionView, MeetingSummary, MeetingView, PreviewView } from './meeting-views';
import type { CreateMeetingDto, DecisionDto, MeetingPositionDto } from './meetings.dto';

/**
 * Socket.IO events to a meeting room (one room per audience, libs/domain visibility). The preview
 * is built per audience; the other events carry only what every participant reads (agenda
 * positions, decisions, attendance, minutes: members read every package, observers are not invited).
 */
export const MEETING_EVENTS = {
  state: 'meeting:state',
  position: 'meeting:position',
  preview: 'meeting:preview',
  decision: 'meeting:decision',
  attendance: 'meeting:attendance',
  minutes: 'meeting:minutes',
  /** to a socket taken out of the room because its user may no longer take part */
  left: 'meeting:left',
} as const;

/**
 * Coordination meetings: scheduling, the live position and what-if preview shared with the
 * room, decisions (final; changes supersede), follow-up actions, attendance from joins.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MeetingStore,
    private readonly cycles: CyclesService,
    private readonly departments: DepartmentsService,
    private readonly ranking: RankingService,
    private readonly packages: PackagesService,
    private readonly realtime: RealtimeService,
    private readonly notifications: NotificationsService,
    private readonly events: CycleEvents,
    private readonly minutes: MinutesDocument,
  ) {}

  // ---- reading ----

  /** The meeting when the user takes part in it: 404 when it does not exist, 403 when not invited. */
  async joinable(user: Principal, id: string, em?: EntityManager, lock = false): Promise<MeetingRow> {
    const row = await this.store.row(id, em, lock);
    if (!row) throw new NotFound('meeting', id);
    if (!canJoinMeeting(user.memberships, { cycleId: row.cycle_id, invitedDepartmentIds: row.invited_department_ids })) {
      throw new Forbidden('You are not invited to this meeting');
    }
    return row;
  }

  /** The meeting when the user may drive it (a coordinator of its cycle). */
  async runnable(user: Principal, id: string, em?: EntityManager): Promise<MeetingRow> {
    const row = await this.joinable(user, id, em, !!em);
    if (!canRunMeeting(user.memberships, row.cycle_id)) throw new Forbidden('Only the cycle’s coordinators drive a meeting');
    return row;
  }

  /** The meeting as this user may read it: the what-if preview as their audience reads the ranking. */
  async get(user: Principal, id: string): Promise<MeetingView> {
    const row = await this.joinable(user, id);
    const stored = await this.store.view(row, await this.departments.directory());
    const view = { ...stored, minutes: { ...stored.minutes, access: this.minutes.accessOf(user, row) } };
    if (!view.preview) return view;
    const audience = audienceOf(user.memberships, row.cycle_id);
    const previews = await this.previewsFor(row.cycle_id, view.preview);
    return { ...view, preview: (audience && previews.get(audience)) ?? null };
  }

  async list(user: Principal, cycleId: string): Promise<MeetingSummary[]> {
    await this.cycles.readable(user, cycleId);
    const all = await this.store.summaries(cycleId, await this.departments.directory());
    return all
      .filter((m) => canJoinMeeting(user.memberships, { cycleId, invitedDepartmentIds: m.invitedDepartmentIds }))
      .map(({ invitedDepartmentIds: _ids, ...summary }) => summary);
  }

  // ---- scheduling ----

  async create(user: Principal, cycleId: string, dto: CreateMeetingDto): Promise<MeetingView> {
    await this.cycles.readable(user, cycleId);
    if (!canRunMeeting(user.memberships, cycleId)) throw new Forbidden('Only the cycle’s coordinators schedule meetings');
    const directory = await this.departments.directory();
    const invited = [...new Set(dto.invitedDepartments.map((code, i) => directory.idOf(code, `invitedDepartments.${i}`)))];
    const packageIds = dto.agenda.map((a) => a.packageId).filter((p): p is string => !!p);
    const known = new Map<string, string>(
      (await this.dataSource.query(`SELECT id, title FROM decision_package WHERE cycle_id = $1 AND id = ANY($2::uuid[])`, [cycleId, packageIds])).map((r: { id: string; title: string }) => [r.id, r.title]),
    );
    const bad = dto.agenda.findIndex((a) => a.packageId && !known.has(a.packageId));
    if (bad >= 0) throw new ValidationFailed([{ field: `agenda.${bad}.packageId`, reason: 'is not a package of this cycle' }]);
    const id = await this.dataSource.transaction(async (em) => {
      const [{ id }] = await em.query(
        `INSERT INTO meeting (cycle_id, title, place, scheduled_at, chair_id, invited_department_ids, created_by, on_screen_package_id) VALUES ($1, $2, $3, $4, $5, $6::uuid[], $5, $7) RETURNING id`,
        [cycleId, dto.title, dto.place ?? '', dto.scheduledAt, user.userId, invited, dto.agenda[0]?.packageId ?? null],
      );
      for (const [position, item] of dto.agenda.entries()) {
        await em.query(`INSERT INTO meeting_agenda_item (meeting_id, position, package_id, title) VALUES ($1, $2, $3, $4)`, [
          id,
          position,
          item.packageId ?? null,
          item.title ?? known.get(item.packageId!) ?? '',
        ]);
      }
      return id as string;
    });
    return this.get(user, id);
  }

  async setStatus(user: Principal, id: string, to: Extract<MeetingStatus, 'open' | 'ended'>): Promise<MeetingView> {
    const row = await this.dataSource.transaction(async (em) => {
      const row = await this.runnable(user, id, em);
      const from: MeetingStatus = to === 'open' ? 'scheduled' : 'open';
      if (row.status !== from) throw new StateConflict(to === 'open' ? `The meeting is ${row.status}, it cannot start` : `The meeting is ${row.status}, it cannot end`);
      await em.query(`UPDATE meeting SET status = $2, ${to === 'open' ? 'started_at' : 'ended_at'} = now(), preview = CASE WHEN $2 = 'ended' THEN NULL ELSE preview END WHERE id = $1`, [id, to]);
      return row;
    });
    // liaisons write the minutes while the meeting is open: open connections are re-checked
    this.minutes.recheck(row.cycle_id, id);
    // the minutes as they stood when the meeting ended: a version the chair can compare and go back to
    if (to === 'ended') await this.minutes.recordVersion(id, MINUTES_VERSION_NAMES.ended, user.userId);
    const view = await this.get(user, id);
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.state, { meetingId: id, status: view.status, startedAt: view.startedAt, endedAt: view.endedAt });
    if (to === 'open') {
      const recipients = meetingRecipients(await this.notifications.members(row.cycle_id), row.invited_department_ids, user.userId);
      await this.notifications.notify(recipients, {
        kind: 'meetingStarted',
        cycleId: row.cycle_id,
        subjectKey: id,
        params: { meetingId: id, title: row.title, place: row.place },
        link: `/meetings/${id}`,
      });
    }
    return view;
  }

  // ---- live room ----

  /** Joining the room records attendance (once per person) while the meeting has not ended. */
  async join(user: Principal, id: string): Promise<MeetingView> {
    const row = await this.joinable(user, id);
    if (row.status !== 'ended') {
      const membership = user.memberships.filter((m) => m.cycleId === row.cycle_id).sort((a, b) => roleOrder(a.role) - roleOrder(b.role))[0]!;
      const inserted = await this.dataSource.query(
        `INSERT INTO meeting_attendance (meeting_id, user_id, department_id, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING user_id`,
        [id, user.userId, membership.departmentId ?? user.departmentId, membership.role],
      );
      if (inserted.length) {
        await this.minutes.attendeeJoined(id, user.userId);
        const view = await this.get(user, id);
        this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.attendance, { meetingId: id, attendance: view.attendance });
        return view;
      }
    }
    return this.get(user, id);
  }

  async setPosition(user: Principal, id: string, dto: MeetingPositionDto) {
    const event = await this.dataSource.transaction(async (em) => {
      const row = await this.runnable(user, id, em);
      requireOpen(row);
      const agenda = await this.store.agenda(id, em);
      const item = agenda[dto.agendaPosition];
      if (!item) throw new ValidationFailed([{ field: 'agendaPosition', reason: `the agenda has ${agenda.length} items (0–${agenda.length - 1})` }]);
      const onScreen = dto.onScreenPackageId ?? item.packageId;
      if (dto.onScreenPackageId) {
        const [ok] = await em.query(`SELECT 1 FROM decision_package WHERE id = $1 AND cycle_id = $2`, [dto.onScreenPackageId, row.cycle_id]);
        if (!ok) throw new ValidationFailed([{ field: 'onScreenPackageId', reason: 'is not a package of this cycle' }]);
      }
      await em.query(`UPDATE meeting SET agenda_position = $2, on_screen_package_id = $3 WHERE id = $1`, [id, dto.agendaPosition, onScreen]);
      return { meetingId: id, agendaPosition: dto.agendaPosition, agendaItemId: item.id, onScreenPackageId: onScreen };
    });
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.position, event);
    return event;
  }

  /** The coordinator's what-if, computed with the shared evaluation and shown to the whole room. */
  async preview(user: Principal, id: string, overrides: WhatIfDto) {
    const row = await this.runnable(user, id);
    requireOpen(row);
    const ranking = await this.ranking.compute(row.cycle_id, overrides);
    const preview = { overrides, ranking, at: new Date().toISOString() };
    await this.dataSource.query(`UPDATE meeting SET preview = $2::jsonb WHERE id = $1`, [id, JSON.stringify(preview)]);
    for (const [audience, built] of await this.previewsFor(row.cycle_id, preview)) {
      this.realtime.emit(rooms.meeting(id, audience), MEETING_EVENTS.preview, { meetingId: id, preview: built });
    }
    return preview;
  }

  /** The preview as each audience may read the ranking now (libs/domain visibility); absent audiences read none. */
  private async previewsFor(cycleId: string, preview: PreviewView): Promise<Map<Audience, PreviewView>> {
    const rankings = await this.ranking.forAudiences(cycleId, preview.ranking);
    return new Map([...rankings].map(([audience, ranking]) => [audience, { ...preview, ranking }] as const));
  }

  async discardPreview(user: Principal, id: string) {
    const row = await this.runnable(user, id);
    if (!row.preview) throw new StateConflict('No what-if is being previewed');
    await this.dataSource.query(`UPDATE meeting SET preview = NULL WHERE id = $1`, [id]);
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.preview, { meetingId: id, preview: null });
    return { meetingId: id, preview: null };
  }

  /** Applies the previewed settings to the cycle and records the adoption as a decision. */
  async adoptPreview(user: Principal, id: string): Promise<DecisionView> {
    const directory = await this.departments.directory();
    const { row, decisionId } = await this.dataSource.transaction(async (em) => {
      const row = await this.runnable(user, id, em);
      requireOpen(row);
      if (!row.preview) throw new StateConflict('No what-if is being previewed');
      const [cycle] = await em.query(`SELECT stage FROM budget_cycle WHERE id = $1 FOR UPDATE`, [row.cycle_id]);
      if (isAllocationLocked(cycle.stage)) throw new StateConflict(`The cycle’s allocation is locked (stage ${cycle.stage}); a what-if can no longer be adopted`, { stage: cycle.stage });
      await applyOverrides(em, row.cycle_id, row.preview.overrides);
      const [{ id: decisionId }] = await em.query(
        `INSERT INTO meeting_decision (meeting_id, agenda_item_id, outcome, what_if, proposed_by) VALUES ($1, NULL, 'whatIfAdopted', $2::jsonb, $3) RETURNING id`,
        [id, JSON.stringify(row.preview.overrides), user.userId],
      );
      await em.query(`UPDATE meeting SET preview = NULL WHERE id = $1`, [id]);
      return { row, decisionId: decisionId as string };
    });
    this.events.changed({ cycleId: row.cycle_id, cause: 'settings' });
    await this.minutes.decisionRecorded(id, decisionId);
    const decision = (await this.store.decisions(id, directory)).find((d) => d.id === decisionId)!;
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.preview, { meetingId: id, preview: null });
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.decision, { meetingId: id, decision });
    return decision;
  }

  // ---- decisions ----

  async decide(user: Principal, id: string, dto: DecisionDto): Promise<DecisionView> {
    const directory = await this.departments.directory();
    const row = await this.runnable(user, id);
    const agenda = await this.store.agenda(id);
    const item = agenda.find((a) => a.id === dto.agendaItemId);
    await this.check(id, item, dto, row.status);
    const problems = decisionProblems(dto, item!.packageId);
    if (problems.length) throw new ValidationFailed(problems);
    const agreeing = codesToIds(directory, dto.agreeing, 'agreeing');
    const objecting = codesToIds(directory, dto.objecting, 'objecting');
    const both = agreeing.find((d) => objecting.includes(d));
    if (both) throw new ValidationFailed([{ field: 'objecting', reason: `department ${directory.codeOf(both)} cannot both agree and object` }]);
    const followUps = (dto.followUps ?? []).map((f, i) => ({ ...f, departmentId: directory.idOf(f.department, `followUps.${i}.department`) }));
    const merge = dto.outcome === 'merged' ? await this.mergePlan(row.cycle_id, item!.packageId!, dto, directory) : null;
    if (dto.outcome === 'override') await this.requireUnlocked(row.cycle_id);
    // checks done; only now anything is written (the joint package first, since the decision names it)
    const jointPackageId = merge ? (merge.linkTo ?? (await this.createJoint(user, row.cycle_id, merge, dto))) : null;
    const decisionId = await this.dataSource.transaction(async (em) => {
      const locked = await this.runnable(user, id, em);
      await this.check(id, item, dto, locked.status, em);
      const [{ id: decisionId }] = await em.query(
        `INSERT INTO meeting_decision (meeting_id, agenda_item_id, outcome, comment, override, joint_package_id, merged_package_ids, proposed_by, agreeing_department_ids, objecting_department_ids, supersedes_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9::uuid[], $10::uuid[], $11) RETURNING id`,
        [id, item!.id, dto.outcome, dto.comment?.trim() ?? '', dto.override ?? null, jointPackageId, merge?.packageIds ?? [], user.userId, agreeing, objecting, dto.supersedes ?? null],
      );
      for (const f of followUps) {
        await em.query(`INSERT INTO follow_up_action (cycle_id, meeting_id, decision_id, department_id, description, due_date) VALUES ($1, $2, $3, $4, $5, $6)`, [
          row.cycle_id,
          id,
          decisionId,
          f.departmentId,
          f.description,
          f.dueDate,
        ]);
      }
      // an override the new decision replaces no longer holds; an override decision holds from now on
      if (dto.supersedes) await em.query(`DELETE FROM allocation_override WHERE decision_id = $1`, [dto.supersedes]);
      if (dto.outcome === 'override') await applyOverride(em, row.cycle_id, item!.packageId!, dto.override!, decisionId, dto.comment?.trim() ?? '');
      return decisionId as string;
    });
    if (dto.outcome === 'override' || dto.supersedes) this.events.changed({ cycleId: row.cycle_id, cause: 'settings' });
    await this.minutes.decisionRecorded(id, decisionId);
    const decision = (await this.store.decisions(id, directory)).find((d) => d.id === decisionId)!;
    this.realtime.emit(rooms.meetingAll(id), MEETING_EVENTS.decision, { meetingId: id, decision });
    await this.notifyFollowUps(row, user, followUps);
    return decision;
  }

  private async check(id: string, item: { id: string } | undefined, dto: DecisionDto, status: MeetingStatus, em: EntityManager = this.dataSource.manager): Promise<void> {
    const recorded: { id: string; agenda_item_id: string | null; superseded_by: string | null }[] = await em.query(
      `SELECT d.id, d.agenda_item_id, (SELECT n.id FROM meeting_decision n WHERE n.supersedes_id = d.id) AS superseded_by FROM meeting_decision d WHERE d.meeting_id = $1`,
      [id],
    );
    const refusal = decisionRefusal(
      item,
      recorded.map((r) => ({ id: r.id, agendaItemId: r.agenda_item_id, supersededBy: r.superseded_by })),
      dto.supersedes,
      status,
    );
    if (!refusal) return;
    if (refusal.status === 400) throw new ValidationFailed([{ field: refusal.field ?? 'agendaItemId', reason: refusal.reason }]);
    if (refusal.status === 409) throw new AppError('conflict', refusal.field ? `${refusal.field}: ${refusal.reason}` : refusal.reason, refusal.field ? [{ field: refusal.field, reason: refusal.reason }] : undefined);
    throw new NotFound('agenda item', dto.agendaItemId);
  }

  private async requireUnlocked(cycleId: string): Promise<void> {
    const [cycle] = await this.dataSource.query(`SELECT stage FROM budget_cycle WHERE id = $1`, [cycleId]);
    if (isAllocationLocked(cycle.stage)) throw new StateConflict(`The cycle’s allocation is locked (stage ${cycle.stage})`, { stage: cycle.stage });
  }

  /** Which packages merge and into what; a linked joint package must already hold all their departments. */
  private async mergePlan(cycleId: string, itemPackageId: string, dto: DecisionDto, directory: DepartmentDirectory) {
    const packageIds = [...new Set([itemPackageId, ...(dto.mergePackageIds ?? [])])].filter((p) => p !== dto.jointPackageId);
    const rows: { id: string; lead: string; departments: string[] }[] = await this.dataSource.query(
      `SELECT p.id, p.lead_department_id AS lead, coalesce(array_agg(d.department_id) FILTER (WHERE d.department_id IS NOT NULL), '{}') AS departments
         FROM decision_package p LEFT JOIN package_department d ON d.package_id = p.id WHERE p.cycle_id = $1 AND p.id = ANY($2::uuid[]) GROUP BY p.id`,
      [cycleId, [...packageIds, ...(dto.jointPackageId ? [dto.jointPackageId] : [])]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = (dto.mergePackageIds ?? []).findIndex((p) => !byId.has(p));
    if (missing >= 0) throw new ValidationFailed([{ field: `mergePackageIds.${missing}`, reason: 'is not a package of this cycle' }]);
    const departments = [...new Set(packageIds.flatMap((p) => byId.get(p)!.departments))];
    if (dto.jointPackageId) {
      const joint = byId.get(dto.jointPackageId);
      if (!joint) throw new ValidationFailed([{ field: 'jointPackageId', reason: 'is not a package of this cycle' }]);
      const lacking = departments.filter((d) => !joint.departments.includes(d));
      if (lacking.length) {
        throw new ValidationFailed([{ field: 'jointPackageId', reason: `the joint package lacks department(s) ${lacking.map((d) => directory.codeOf(d)).join(', ')}; create a new joint package instead` }]);
      }
    } else {
      const [taken] = await this.dataSource.query(`SELECT 1 FROM decision_package WHERE cycle_id = $1 AND code = $2`, [cycleId, dto.newJointPackage!.code]);
      if (taken) throw new StateConflict(`Package code ${dto.newJointPackage!.code} is taken in this cycle`);
    }
    return { packageIds, departments, lead: byId.get(itemPackageId)!.lead, linkTo: dto.jointPackageId ?? null };
  }

  private async createJoint(user: Principal, cycleId: string, merge: { departments: string[]; lead: string }, dto: DecisionDto): Promise<string> {
    const directory = await this.departments.directory();
    const created = await this.packages.create(user, {
      cycleId,
      code: dto.newJointPackage!.code,
      title: dto.newJointPackage!.title,
      leadDepartment: directory.codeOf(merge.lead),
      departments: [merge.lead, ...merge.departments.filter((d) => d !== merge.lead)].map((d) => directory.codeOf(d)),
    });
    return created.id;
  }

  private async notifyFollowUps(row: MeetingRow, user: Principal, followUps: { departmentId: string; description: string; dueDate: string }[]): Promise<void> {
    if (!followUps.length) return;
    const members = await this.notifications.members(row.cycle_id);
    for (const f of followUps) {
      await this.notifications.notify(followUpRecipients(members, f.departmentId, user.userId), {
        kind: 'followUpAssigned',
        cycleId: row.cycle_id,
        subjectKey: `${row.id}:${f.departmentId}:${f.description}`,
        params: { meetingId: row.id, meetingTitle: row.title, description: f.description, dueDate: f.dueDate },
        link: `/cycles/${row.cycle_id}/follow-ups`,
      });
    }
  }
}

function roleOrder(role: string): number {
  return ['coordinator', 'liaison', 'reviewer', 'observer'].indexOf(role);
}

function requireOpen(row: MeetingRow): void {
  if (row.status !== 'open') throw new StateConflict(row.status === 'scheduled' ? 'The meeting has not started' : 'The meeting has ended');
}

function codesToIds(directory: DepartmentDirectory, codes: string[] | undefined, field: string): string[] {
  return [...new Set((codes ?? []).map((c, i) => directory.idOf(c, `${field}.${i}`)))];
}

/** The what-if's settings become the cycle's: quota and reserve, criterion weights, evaluation settings. */
async function applyOverrides(em: EntityManager, cycleId: string, o: WhatIfDto): Promise<void> {
  if (o.quotaFen !== undefined || o.reserveBasisPoints !== undefined) {
    await em.query(`UPDATE budget_cycle SET total_quota_fen = coalesce($2, total_quota_fen), reserve_bp = coalesce($3, reserve_bp), version = version + 1 WHERE id = $1`, [
      cycleId,
      o.quotaFen ?? null,
      o.reserveBasisPoints ?? null,
    ]);
  }
  for (const w of o.weights ?? []) await em.query(`UPDATE evaluation_criterion SET weight = $3 WHERE cycle_id = $1 AND key = $2`, [cycleId, w.key, w.weight]);
  if (o.method || o.normalization || o.allocationMode || o.pinnedPackageIds || o.useIncrements !== undefined || o.consolidation !== undefined) {
    await em.query(`INSERT INTO evaluation_settings (cycle_id) VALUES ($1) ON CONFLICT DO NOTHING`, [cycleId]);
    await em.query(
      `UPDATE evaluation_settings SET method = coalesce($2, method), normalization = coalesce($3, normalization), allocation_mode = coalesce($4, allocation_mode),
              pinned_package_ids = coalesce($5::uuid[], pinned_package_ids), use_increments = coalesce($6, use_increments), consolidation = coalesce($7, consolidation) WHERE cycle_id = $1`,
      [cycleId, o.method ?? null, o.normalization ?? null, o.allocationMode ?? null, o.pinnedPackageIds ?? null, o.useIncrements ?? null, o.consolidation ?? null],
    );
  }
}

/** The allocation honours the override (ranking-inputs → settings.overrides): `fund` pins the package, `cut` leaves it unfunded. */
async function applyOverride(em: EntityManager, cycleId: string, packageId: string, override: 'fund' | 'cut', decisionId: string, reason: string): Promise<void> {
  await em.query(
    `INSERT INTO allocation_override (package_id, cycle_id, override, reason, decision_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (package_id) DO UPDATE SET override = EXCLUDED.override, reason = EXCLUDED.reason, decision_id = EXCLUDED.decision_id, created_at = now()`,
    [packageId, cycleId, override, reason, decisionId],
  );
}
