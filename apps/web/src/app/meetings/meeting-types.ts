import type { FollowUpState, MeetingStatus, MinutesAccess, Override, RecordedOutcome } from '@zerobase/domain';
import type { RankingView } from '../core/api-types';

/** The meeting as GET /api/meetings/:id returns it. */
export interface Meeting {
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
  preview: MeetingPreview | null;
  agenda: { id: string; position: number; packageId: string | null; packageCode: string | null; title: string }[];
  attendance: { userId: string; name: string; role: string; department: string | null; joinedAt: string }[];
  decisions: MeetingDecision[];
  followUps: FollowUp[];
  /** the co-edited minutes: their `/collab` document, when closed, and what this user may do with them */
  minutes: { document: string; closedAt: string | null; access: MinutesAccess };
  startedAt: string | null;
  endedAt: string | null;
}

export interface MeetingPreview {
  overrides: { quotaFen?: number; reserveBasisPoints?: number };
  ranking: RankingView;
  at: string;
}

export interface MeetingDecision {
  id: string;
  agendaItemId: string | null;
  outcome: RecordedOutcome;
  comment: string;
  override: Override | null;
  jointPackageCode: string | null;
  proposedBy: { userId: string; name: string };
  agreeing: string[];
  objecting: string[];
  supersedes: string | null;
  supersededBy: string | null;
  createdAt: string;
}

export interface FollowUp {
  id: string;
  meetingId: string;
  meetingTitle: string;
  department: string;
  description: string;
  dueDate: string;
  doneAt: string | null;
  state: FollowUpState;
}

export interface MeetingSummary {
  id: string;
  title: string;
  place: string;
  scheduledAt: string;
  status: MeetingStatus;
  invitedDepartments: string[];
  items: number;
  decisions: number;
}
