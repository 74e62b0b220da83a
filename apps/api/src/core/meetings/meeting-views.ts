/** The meeting's views are defined once, in libs/domain (meeting-views), for the API and the web client. */
export type { AgendaItemView, AttendeeView, DecisionView, FollowUpView, MeetingSummary, MeetingView, PreviewView } from '@zerobase/domain';
