import { Logger, type OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { audienceOf, type Audience } from '@zerobase/domain';
import type { Server, Socket } from 'socket.io';
import { AppError, Forbidden, NotFound } from '../../base/errors';
import { CycleEvents } from '../../base/events/cycle-events';
import { PrincipalService, type Principal } from '../auth';
import { rooms } from '../realtime';
import { MEETING_EVENTS, MeetingsService } from './meetings.service';

type Ack<T> = { ok: true; meeting: T } | { ok: false; error: string; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The meeting room over Socket.IO (same server as the realtime gateway). A participant emits
 * `meeting:join` with `{ meetingId }` and gets the meeting in the acknowledgement; from then on
 * the room of their audience receives position, preview, decision and attendance events. When a
 * membership changes (`CycleChange` cause `access`), the user's sockets on every instance are
 * re-checked: moved to their new audience's room, or taken out with `meeting:left`.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class MeetingsGateway implements OnModuleInit {
  private readonly logger = new Logger('meetings');
  @WebSocketServer() server!: Server;

  constructor(
    private readonly meetings: MeetingsService,
    private readonly principals: PrincipalService,
    private readonly events: CycleEvents,
  ) {}

  onModuleInit(): void {
    this.events.on((change) => {
      if (change.cause === 'access' && change.userId) void this.recheck(change.userId).catch((e: unknown) => this.logger.warn(`meeting room re-check failed: ${String(e)}`));
    });
  }

  @SubscribeMessage('meeting:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack<unknown>> {
    return this.guard(socket, body, async (principal, meetingId) => {
      const meeting = await this.meetings.join(principal, meetingId);
      const audience = audienceOf(principal.memberships, meeting.cycleId)!;
      for (const room of rooms.meetingAll(meetingId)) if (room !== rooms.meeting(meetingId, audience)) await socket.leave(room);
      await socket.join(rooms.meeting(meetingId, audience));
      return meeting;
    });
  }

  @SubscribeMessage('meeting:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack<null>> {
    return this.guard(socket, body, async (_principal, meetingId) => {
      for (const room of rooms.meetingAll(meetingId)) await socket.leave(room);
      return null;
    });
  }

  /** Re-checks every meeting room a user's open sockets are in against their memberships now. */
  async recheck(userId: string): Promise<void> {
    if (!this.server) return;
    const sockets = await this.server.in(rooms.user(userId)).fetchSockets();
    const principal = await this.principals.load(userId);
    const audiences = new Map<string, Audience | null>();
    for (const socket of sockets) {
      for (const room of socket.rooms) {
        const joined = rooms.parseMeeting(room);
        if (!joined) continue;
        if (!audiences.has(joined.meetingId)) audiences.set(joined.meetingId, principal ? await this.audienceIn(principal, joined.meetingId) : null);
        const audience = audiences.get(joined.meetingId)!;
        if (audience === joined.audience) continue;
        socket.leave(room);
        if (audience) socket.join(rooms.meeting(joined.meetingId, audience));
        else socket.emit(MEETING_EVENTS.left, { meetingId: joined.meetingId, reason: 'access revoked: you are no longer invited to this meeting' });
      }
    }
  }

  /** The audience the user reads the meeting as; null when they may no longer take part. */
  private async audienceIn(principal: Principal, meetingId: string): Promise<Audience | null> {
    try {
      const row = await this.meetings.joinable(principal, meetingId);
      return audienceOf(principal.memberships, row.cycle_id);
    } catch (error) {
      if (error instanceof Forbidden || error instanceof NotFound) return null;
      throw error;
    }
  }

  /** Every event loads the user's memberships afresh (they may have changed since the socket connected). */
  private async guard<T>(socket: Socket, body: unknown, work: (principal: Principal, meetingId: string) => Promise<T>): Promise<Ack<T>> {
    const userId = socket.data.userId as string | undefined;
    const principal = userId ? await this.principals.load(userId) : null;
    if (!principal) return { ok: false, error: 'unauthenticated', message: 'wait for the ready event before joining' };
    const meetingId = (body as { meetingId?: unknown } | null)?.meetingId;
    if (typeof meetingId !== 'string' || !UUID.test(meetingId)) return { ok: false, error: 'validation', message: 'meetingId: must be a UUID' };
    try {
      return { ok: true, meeting: await work(principal, meetingId) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.type, message: error.message };
      this.logger.error(`meeting event failed: ${String(error)}`);
      return { ok: false, error: 'internal', message: 'the server could not do this' };
    }
  }
}
