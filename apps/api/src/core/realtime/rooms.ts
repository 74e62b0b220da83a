import type { Audience } from '@zerobase/domain';

/** Socket.IO room names, from one place. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  cycle: (cycleId: string) => `cycle:${cycleId}`,
  /** everyone of one audience (libs/domain visibility): per-audience pushes such as the ranking */
  audience: (cycleId: string, audience: Audience) => `cycle:${cycleId}:audience:${audience}`,
  coordinators: (cycleId: string) => `cycle:${cycleId}:coordinators`,
  department: (cycleId: string, departmentId: string) => `cycle:${cycleId}:dept:${departmentId}`,
  meeting: (meetingId: string) => `meeting:${meetingId}`,
};
