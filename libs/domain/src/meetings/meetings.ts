import { isCoordinator, liaisonDepartments } from '../access';
import type { CycleStage, Membership } from '../types';

/** What a coordination meeting (跨部门联席会议) may decide on an agenda item. */
export const DECISION_OUTCOMES = ['approved', 'returned', 'merged', 'deferred', 'override'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
/** An adopted what-if is recorded as a decision of the meeting, not of an agenda item. */
export type RecordedOutcome = DecisionOutcome | 'whatIfAdopted';
export const OVERRIDES = ['fund', 'cut'] as const;
export type Override = (typeof OVERRIDES)[number];

export type MeetingStatus = 'scheduled' | 'open' | 'ended';

export interface MeetingAccessFacts {
  cycleId: string;
  invitedDepartmentIds: readonly string[];
}

/** Coordinators and reviewers of the cycle, and liaisons of an invited department, take part. */
export function canJoinMeeting(memberships: readonly Membership[], meeting: MeetingAccessFacts): boolean {
  if (isCoordinator(memberships, meeting.cycleId)) return true;
  if (memberships.some((m) => m.cycleId === meeting.cycleId && m.role === 'reviewer')) return true;
  const mine = liaisonDepartments(memberships, meeting.cycleId);
  return meeting.invitedDepartmentIds.some((d) => mine.has(d));
}

export interface MinutesFacts extends MeetingAccessFacts {
  status: MeetingStatus;
  /** the coordinator closed the minutes: read-only for everyone from then on */
  closed: boolean;
}

export type MinutesAccess = 'write' | 'read' | 'none';

/**
 * The minutes (会议纪要) on every channel (REST, `/collab`): whoever takes part in the meeting
 * reads them; the cycle's coordinators write them until they close them; liaisons of invited
 * departments write them while the meeting is open. Closed minutes are read-only for everyone.
 */
export function minutesAccess(memberships: readonly Membership[], minutes: MinutesFacts): MinutesAccess {
  if (!canJoinMeeting(memberships, minutes)) return 'none';
  if (minutes.closed) return 'read';
  if (isCoordinator(memberships, minutes.cycleId)) return 'write';
  const mine = liaisonDepartments(memberships, minutes.cycleId);
  return minutes.status === 'open' && minutes.invitedDepartmentIds.some((d) => mine.has(d)) ? 'write' : 'read';
}

/**
 * Why a change to the minutes document is refused now, whatever rights a connection still holds
 * (null: let it through): closed minutes take none; a liaison's (written for a department) only
 * while the meeting is open.
 */
export function minutesChangeRefusal(meeting: { status: MeetingStatus; closed: boolean } | null, forDepartment: boolean): string | null {
  if (!meeting) return 'the meeting no longer exists';
  if (meeting.closed) return 'the minutes are closed and read-only';
  if (forDepartment && meeting.status !== 'open') return `the meeting is ${meeting.status}: only its coordinators edit the minutes now`;
  return null;
}

/** Only the cycle's coordinators schedule and drive meetings. */
export function canRunMeeting(memberships: readonly Membership[], cycleId: string): boolean {
  return isCoordinator(memberships, cycleId);
}

/** Once money is being spent, the allocation is locked: a meeting can no longer change it. */
export function isAllocationLocked(stage: CycleStage): boolean {
  return stage === 'execution' || stage === 'evaluation';
}

export interface DecisionDraft {
  outcome: DecisionOutcome;
  comment?: string;
  override?: Override;
  /** packages merged into the joint package (the item's package included or not) */
  mergePackageIds?: readonly string[];
  jointPackageId?: string;
  newJointPackage?: { code: string; title: string };
}

export interface FieldProblem {
  field: string;
  reason: string;
}

/** Rules between the fields of a decision, independent of storage. */
export function decisionProblems(draft: DecisionDraft, itemPackageId: string | null): FieldProblem[] {
  const out: FieldProblem[] = [];
  const comment = (draft.comment ?? '').trim();
  if (draft.outcome === 'returned' && !comment) out.push({ field: 'comment', reason: 'a returned package needs comments for its department' });
  if (draft.outcome === 'override') {
    if (!draft.override) out.push({ field: 'override', reason: 'say whether the override funds or cuts the package' });
    if (!comment) out.push({ field: 'comment', reason: 'an override needs a reason' });
  } else if (draft.override) out.push({ field: 'override', reason: 'only an override decision funds or cuts' });
  if ((draft.outcome === 'override' || draft.outcome === 'merged') && !itemPackageId) out.push({ field: 'agendaItemId', reason: `a free agenda item has no package to ${draft.outcome === 'merged' ? 'merge' : 'fund or cut'}` });
  if (draft.outcome === 'merged') {
    const merged = new Set([...(draft.mergePackageIds ?? []), ...(itemPackageId ? [itemPackageId] : [])]);
    if (!draft.jointPackageId && !draft.newJointPackage) out.push({ field: 'jointPackageId', reason: 'name the joint package to link, or newJointPackage to create one' });
    if (draft.jointPackageId && draft.newJointPackage) out.push({ field: 'newJointPackage', reason: 'either link jointPackageId or create newJointPackage, not both' });
    if (draft.jointPackageId) merged.delete(draft.jointPackageId);
    if (merged.size < (draft.jointPackageId ? 1 : 2)) out.push({ field: 'mergePackageIds', reason: 'a merge needs at least two packages' });
  } else if (draft.mergePackageIds?.length || draft.jointPackageId || draft.newJointPackage) {
    out.push({ field: 'outcome', reason: 'only a merge decision names packages to merge' });
  }
  return out;
}

export interface RecordedDecisionFacts {
  id: string;
  agendaItemId: string | null;
  supersededBy: string | null;
}

/**
 * Why a decision on this item may not be recorded now, or null. A decision is final: the next
 * one on the same item must name the current one in `supersedes`.
 */
export function decisionRefusal(
  item: { id: string } | undefined,
  recorded: readonly RecordedDecisionFacts[],
  supersedes: string | undefined,
  status: MeetingStatus,
): { status: 400 | 404 | 409; field?: string; reason: string } | null {
  if (status !== 'open') return { status: 409, reason: status === 'scheduled' ? 'the meeting has not started' : 'the meeting has ended' };
  if (!item) return { status: 400, field: 'agendaItemId', reason: 'is not on this meeting’s agenda' };
  const current = recorded.find((d) => d.agendaItemId === item.id && d.supersededBy === null);
  if (!supersedes) return current ? { status: 409, field: 'supersedes', reason: `the item is already decided (decision ${current.id}); a change must supersede it` } : null;
  const old = recorded.find((d) => d.id === supersedes);
  if (!old || old.agendaItemId !== item.id) return { status: 400, field: 'supersedes', reason: 'is not a decision on this agenda item' };
  if (old.supersededBy !== null) return { status: 409, field: 'supersedes', reason: `was already superseded by decision ${old.supersededBy}` };
  return null;
}

export type FollowUpState = 'done' | 'overdue' | 'open';

/** `today` and `due` are ISO dates (YYYY-MM-DD); an action is overdue the day after its due date. */
export function followUpState(due: string, doneAt: string | null, today: string): FollowUpState {
  if (doneAt) return 'done';
  return due < today ? 'overdue' : 'open';
}
