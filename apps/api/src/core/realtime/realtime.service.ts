import { Injectable } from '@nestjs/common';
import { RealtimeGateway } from './realtime.gateway';

/** Publishes app events to rooms; with the Redis adapter they reach every instance's clients. */
@Injectable()
export class RealtimeService {
  constructor(private readonly gateway: RealtimeGateway) {}

  emit(roomNames: string | string[], event: string, payload: unknown): void {
    const server = this.gateway.server;
    if (!server) return;
    const list = Array.isArray(roomNames) ? roomNames : [roomNames];
    if (list.length === 0) return;
    server.to(list).emit(event, payload);
  }
}
