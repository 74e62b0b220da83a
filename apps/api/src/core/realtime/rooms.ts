import { AUDIENCES, type Audience } from '@zerobase/domain';

const MEETING_ROOM = /^meeting:([0-9a-f-]{36}):audience:([a-z]+)$/;

/** Socket.IO room names, from one place. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  cycle: (cycleId: string) => `cycle:${cycleId}`,
  /** everyone of one audience (libs/domain visibility): per-audience pushes such as the ranking */
  audience: (cycleId: string, audience: Audience) => `cycle:${cycleId}:audience:${audience}`,
  coordinators: (cycleId: string) => `cycle:${cycleId}:coordinators`,
  department: (cycleId: string, departmentId: string) => `cycle:${cycleId}:dept:${departmentId}`,
  /** a meeting room, one per audience, so every push to it is built for the audience that reads it */
  meeting: (meetingId: string, audience: Audience) => `meeting:${meetingId}:audience:${audience}`,
  /** all audience rooms of a meeting, for events that read the same to every audience */
  meetingAll: (meetingId: string) => AUDIENCES.map((audience) => rooms.meeting(meetingId, audience)),
  /** the meeting and audience of a meeting room name; null for other rooms */
  parseMeeting: (room: string): { meetingId: string; audience: Audience } | null => {
    const match = MEETING_ROOM.exec(room);
    return match && (AUDIENCES as readonly string[]).includes(match[2]!) ? { meetingId: match[1]!, audience: match[2] as Audience } : null;
  },
};
