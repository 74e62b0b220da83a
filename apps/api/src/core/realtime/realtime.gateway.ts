import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { PrincipalService, TokenService, type Principal } from '../auth';
import { rooms } from './rooms';

/**
 * Socket.IO for app events (notifications, live ranking, meetings). A client authenticates
 * with `io(url, { auth: { token } })` and is put into the rooms its memberships give it.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway implements OnGatewayConnection {
  private readonly logger = new Logger('realtime');
  @WebSocketServer() server!: Server;

  constructor(
    private readonly tokens: TokenService,
    private readonly principals: PrincipalService,
  ) {}

  async handleConnection(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: string })?.token ?? (socket.handshake.query['token'] as string | undefined);
    const claims = await this.tokens.verify(token);
    const principal = claims ? await this.principals.load(claims.sub) : null;
    if (!principal) {
      socket.emit('error', { error: 'unauthenticated', message: 'a valid token is required (auth: { token })' });
      socket.disconnect(true);
      return;
    }
    socket.data.principal = principal;
    await socket.join(roomsFor(principal));
    socket.emit('ready', { userId: principal.userId, rooms: roomsFor(principal) });
  }
}

export function roomsFor(principal: Principal): string[] {
  const out = new Set<string>([rooms.user(principal.userId)]);
  for (const m of principal.memberships) {
    out.add(rooms.cycle(m.cycleId));
    if (m.role === 'coordinator') out.add(rooms.coordinators(m.cycleId));
    if (m.role === 'liaison' && m.departmentId) out.add(rooms.department(m.cycleId, m.departmentId));
  }
  return [...out];
}
