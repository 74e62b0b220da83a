import { io, type Socket } from 'socket.io-client';
import { eventually } from './collab-client';

/** A real Socket.IO client that records every event it receives, by name. */
export interface RecordingSocket {
  socket: Socket;
  userId: string;
  received: Map<string, any[]>;
  of(event: string): any[];
  /** waits until an event matching the check has arrived, and returns it */
  next(event: string, check?: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  emitAck(event: string, payload: unknown): Promise<any>;
  close(): void;
}

export async function connectSocket(baseUrl: string, token: string): Promise<RecordingSocket> {
  const socket = io(baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
  const received = new Map<string, any[]>();
  socket.onAny((event: string, payload: unknown) => {
    if (!received.has(event)) received.set(event, []);
    received.get(event)!.push(payload);
  });
  const userId = await new Promise<string>((resolve, reject) => {
    socket.once('ready', (ready: { userId: string }) => resolve(ready.userId));
    socket.once('connect_error', reject);
  });
  const of = (event: string) => received.get(event) ?? [];
  return {
    socket,
    userId,
    received,
    of,
    next: (event, check = () => true, timeoutMs = 10_000) => eventually(() => of(event).find(check), (found) => found !== undefined, timeoutMs, `socket event ${event}`),
    emitAck: (event, payload) => socket.timeout(10_000).emitWithAck(event, payload),
    close: () => socket.disconnect(),
  };
}
