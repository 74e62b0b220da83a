import { Logger, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayConnection, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { audienceOf } from '@zerobase/domain';
import type { Server, Socket } from 'socket.io';
import { CycleEvents } from '../../base/events/cycle-events';
import { PrincipalService, TokenService, type Principal } from '../auth';
import { rooms } from './rooms';

/**
 * Socket.IO for app events (notifications, live ranking, meetings). A client authenticates
 * with `io(url, { auth: { token } })` and is put into the rooms its memberships give it; when a
 * membership changes, its sockets (on every instance, through the adapter) follow at once.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway implements OnGatewayConnection, OnModuleInit {
  private readonly logger = new Logger('realtime');
  @WebSocketServer() server!: Server;

  constructor(
    private readonly tokens: TokenService,
    private readonly principals: PrincipalService,
    private readonly events: CycleEvents,
  ) {}

  onModuleInit(): void {
    this.events.on((change) => {
      if (change.cause === 'access' && change.userId) void this.refreshRooms(change.userId).catch((e: unknown) => this.logger.warn(`room refresh failed: ${String(e)}`));
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: string })?.token ?? (socket.handshake.query['token'] as string | undefined);
    const claims = await this.tokens.verify(token);
    const principal = claims ? await this.principals.load(claims.sub) : null;
    if (!principal) {
      socket.emit('error', { error: 'unauthenticated', message: 'a valid token is required (auth: { token })' });
      socket.disconnect(true);
      return;
    }
    socket.data.userId = principal.userId;
    await socket.join(roomsFor(principal));
    socket.emit('ready', { userId: principal.userId, rooms: roomsFor(principal) });
  }

  /** Puts a user's open sockets into exactly the rooms their memberships give them now. */
  async refreshRooms(userId: string): Promise<void> {
    if (!this.server) return;
    const principal = await this.principals.load(userId);
    const sockets = await this.server.in(rooms.user(userId)).fetchSockets();
    const wanted = new Set(principal ? roomsFor(principal) : []);
    for (const socket of sockets) {
      if (!principal) {
        socket.emit('revoked', { reason: 'the account no longer exists' });
        socket.disconnect(true);
        continue;
      }
      // meeting rooms are joined on request; the meetings gateway re-checks them on the same change
      for (const room of socket.rooms) if (room !== socket.id && !wanted.has(room) && !rooms.parseMeeting(room)) socket.leave(room);
      socket.join([...wanted]);
      socket.emit('rooms', { rooms: [...wanted] });
    }
  }
}

export function roomsFor(principal: Principal): string[] {
  const out = new Set<string>([rooms.user(principal.userId)]);
  for (const m of principal.memberships) {
    out.add(rooms.cycle(m.cycleId));
    const audience = audienceOf(principal.memberships, m.cycleId);
    if (audience) out.add(rooms.audience(m.cycleId, audience));
    if (m.role === 'coordinator') out.add(rooms.coordinators(m.cycleId));
    if (m.role === 'liaison' && m.departmentId) out.add(rooms.department(m.cycleId, m.departmentId));
  }
  return [...out];
}
