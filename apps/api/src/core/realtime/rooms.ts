/** Socket.IO room names, from one place. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  cycle: (cycleId: string) => `cycle:${cycleId}`,
  coordinators: (cycleId: string) => `cycle:${cycleId}:coordinators`,
  department: (cycleId: string, departmentId: string) => `cycle:${cycleId}:dept:${departmentId}`,
  meeting: (meetingId: string) => `meeting:${meetingId}`,
};
