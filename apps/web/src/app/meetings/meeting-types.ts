/** A meeting as the API answers it (one definition: libs/domain meeting-views). */
import type { DecisionView, FollowUpView, MeetingSummary, MeetingView, PreviewView } from '@zerobase/domain';

export type { MeetingSummary };
export type Meeting = MeetingView;
export type MeetingPreview = PreviewView;
export type MeetingDecision = DecisionView;
export type FollowUp = FollowUpView;
