import type { Membership } from '@zerobase/domain';
import { io, type Socket } from 'socket.io-client';
import type { DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

/**
 * Every demo role the suites enumerate: coordinator, two liaisons of a joint package, another
 * liaison, a reviewer, an observer, a third-party evaluator (assigned DP-01 and DP-02). One demo
 * user per role of the definition (libs/domain ROLES); checked by the spec below.
 */
export const DEMO_ROLES = ['coordinator', 'power', 'telecom', 'housing', 'reviewer1', 'observer', 'evaluator'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

export interface Me {
  userId: string;
  displayName: string;
  memberships: Membership[];
}

export async function me(client: HttpClient): Promise<Me> {
  const response = await client.get('/api/auth/me');
  if (response.status !== 200) throw new Error(`GET /api/auth/me: ${response.status}`);
  return response.body;
}

export interface Push {
  event: string;
  payload: any;
}

/** A real Socket.IO client that records every event it receives, in order. */
export interface PushRecorder {
  socket: Socket;
  pushes: Push[];
  of(event: string): any[];
}

export async function recordPushes(server: DemoServer, client: HttpClient): Promise<PushRecorder> {
  const socket = io(server.api.baseUrl, { path: '/socket.io', auth: { token: client.token }, transports: ['websocket'], reconnection: false });
  const pushes: Push[] = [];
  socket.onAny((event: string, payload: unknown) => pushes.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('ready', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, pushes, of: (event) => pushes.filter((p) => p.event === event).map((p) => p.payload) };
}

export function withoutTimestamp<T extends { computedAt?: string }>(ranking: T): Omit<T, 'computedAt'> {
  const { computedAt: _computedAt, ...rest } = ranking;
  return rest;
}

/** Package ids that appear anywhere in a ranking payload. */
export function packageIdsIn(ranking: { items: { packageId: string }[]; perPackage: { packageId: string }[] }): Set<string> {
  return new Set([...ranking.items.map((i) => i.packageId), ...ranking.perPackage.map((p) => p.packageId)]);
}

export async function setCycle(server: DemoServer, changes: Record<string, unknown>): Promise<void> {
  const coordinator = await server.as('coordinator');
  const { version } = (await coordinator.get(`/api/cycles/${server.cycleId}`)).body;
  const response = await coordinator.patch(`/api/cycles/${server.cycleId}`, { version, ...changes });
  if (response.status !== 200) throw new Error(`PATCH cycle: ${response.status} ${JSON.stringify(response.body)}`);
}
