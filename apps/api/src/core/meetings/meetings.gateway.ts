import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AppError } from '../../base/errors';
import type { Principal } from '../auth';
import { rooms } from '../realtime';
import { MeetingsService } from './meetings.service';

type Ack<T> = { ok: true; meeting: T } | { ok: false; error: string; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The meeting room over Socket.IO (same server as the realtime gateway). A participant emits
 * `meeting:join` with `{ meetingId }` and gets the meeting in the acknowledgement; from then on
 * the room receives position, preview, decision and attendance events.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class MeetingsGateway {
  private readonly logger = new Logger('meetings');

  constructor(private readonly meetings: MeetingsService) {}

  @SubscribeMessage('meeting:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack<unknown>> {
    return this.guard(socket, body, async (principal, meetingId) => {
      const meeting = await this.meetings.join(principal, meetingId);
      await socket.join(rooms.meeting(meetingId));
      return meeting;
    });
  }

  @SubscribeMessage('meeting:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack<null>> {
    return this.guard(socket, body, async (_principal, meetingId) => {
      await socket.leave(rooms.meeting(meetingId));
      return null;
    });
  }

  private async guard<T>(socket: Socket, body: unknown, work: (principal: Principal, meetingId: string) => Promise<T>): Promise<Ack<T>> {
    const principal = socket.data.principal as Principal | undefined;
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
