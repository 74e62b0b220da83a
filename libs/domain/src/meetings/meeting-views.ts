import type { FollowUpState, MeetingStatus, MinutesAccess, Override, RecordedOutcome } from './meetings';
import type { RankingView, WhatIfOverrides } from '../evaluation-views';

/**
 * A meeting as the API answers it and the web client reads it (GET /api/meetings/:id and its
 * Socket.IO push). One definition for both sides.
 */
export interface AgendaItemView {
  id: string;
  position: number;
  packageId: string | null;
  packageCode: string | null;
  title: string;
}

export interface AttendeeView {
  userId: string;
  name: string;
  role: string;
  department: string | null;
  joinedAt: string;
}

export interface DecisionView {
  id: string;
  agendaItemId: string | null;
  outcome: RecordedOutcome;
  comment: string;
  override: Override | null;
  jointPackageId: string | null;
  jointPackageCode: string | null;
  mergedPackageIds: string[];
  whatIf: WhatIfOverrides | null;
  proposedBy: { userId: string; name: string };
  agreeing: string[];
  objecting: string[];
  supersedes: string | null;
  supersededBy: string | null;
  createdAt: string;
}

export interface FollowUpView {
  id: string;
  cycleId: string;
  meetingId: string;
  meetingTitle: string;
  decisionId: string;
  department: string;
  description: string;
  dueDate: string;
  doneAt: string | null;
  state: FollowUpState;
}

export interface PreviewView {
  overrides: WhatIfOverrides;
  ranking: RankingView;
  at: string;
}

export interface MeetingView {
  id: string;
  cycleId: string;
  title: string;
  place: string;
  scheduledAt: string;
  chair: { userId: string; name: string };
  invitedDepartments: string[];
  status: MeetingStatus;
  agendaPosition: number;
  onScreenPackageId: string | null;
  preview: PreviewView | null;
  agenda: AgendaItemView[];
  attendance: AttendeeView[];
  decisions: DecisionView[];
  followUps: FollowUpView[];
  /** the co-edited minutes: their `/collab` document name, when they were closed, and what this user may do with them */
  minutes: { document: string; closedAt: string | null; access: MinutesAccess };
  startedAt: string | null;
  endedAt: string | null;
}

/** A meeting in a list. */
export type MeetingSummary = Pick<MeetingView, 'id' | 'cycleId' | 'title' | 'place' | 'scheduledAt' | 'status' | 'invitedDepartments'> & { items: number; decisions: number };
