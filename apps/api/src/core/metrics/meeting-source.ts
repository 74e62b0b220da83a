import type { MetricsMeeting } from '@zerobase/domain';

/**
 * Where collaboration metrics read coordination meetings from. Meetings are a capability of their
 * own; until a module provides this token, meeting frequency is reported as "no meetings recorded".
 */
export const MEETING_SOURCE = Symbol('MEETING_SOURCE');

export interface MeetingSource {
  /** meetings of the cycle with the departments attending and the packages on the agenda (ids) */
  meetingsOf(cycleId: string): Promise<MetricsMeeting[]>;
}
