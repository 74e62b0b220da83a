import { ACCESS_REVOKED, CLOSE, getTitle, setTitle } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { me, recordPushes, setCycle } from './channels';

/** Revocation reaches open connections: membership removal, unpublishing. */
let server: DemoServer;
let byCode: Map<string, { id: string; published: boolean }>;
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string; published: boolean }[];
  byCode = new Map(list.map((p) => [p.code, p]));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

function open(packageId: string, token: string | null): CollabClient {
  const c = connectCollab(server.api.baseUrl, packageId, token);
  // the default handler logs the URL, token included
  c.provider.messageHandlers[2] = () => undefined;
  clients.push(c);
  return c;
}

async function restTitle(packageId: string): Promise<string> {
  return (await (await server.as('coordinator')).get(`/api/packages/${packageId}`)).body.title;
}

async function retitle(packageId: string, title: string): Promise<void> {
  const coordinator = await server.as('coordinator');
  const { version } = (await coordinator.get(`/api/packages/${packageId}`)).body;
  expect((await coordinator.patch(`/api/packages/${packageId}`, { version, title })).status).toBe(200);
}

describe('revocation reaches open connections', () => {
  it('should close a liaison’s collab socket and empty its Socket.IO rooms when its membership is deleted', async () => {
    const joint = byCode.get('DP-01')!.id;
    const telecom = await server.as('telecom');
    const telecomMe = await me(telecom);
    const coordinator = await server.as('coordinator');
    const watcher = open(joint, coordinator.token);
    const liaison = open(joint, telecom.token);
    await Promise.all([watcher.synced(), liaison.synced()]);
    const pushes = await recordPushes(server, telecom);
    const power = await recordPushes(server, await server.as('power'));
    try {
      const memberships = (await coordinator.get(`/api/cycles/${server.cycleId}/memberships`)).body as { id: string; userId: string; role: string }[];
      const membership = memberships.find((m) => m.userId === telecomMe.userId && m.role === 'liaison')!;
      expect((await coordinator.delete(`/api/cycles/${server.cycleId}/memberships/${membership.id}`)).status).toBe(204);

      const close = await eventually(() => liaison.closes[0], (c) => c !== undefined, 10_000, 'the revoked liaison’s close');
      expect(close.code).toBe(CLOSE.forbidden);
      expect(close.reason.startsWith(ACCESS_REVOKED)).toBe(true);
      // a write after the close is never stored nor relayed: the watcher sees the coordinator's marker, not it
      setTitle(liaison.doc, '被撤销后的修改');
      await retitle(joint, '撤销后的标记');
      await eventually(() => getTitle(watcher.doc), (t) => t === '撤销后的标记', 10_000, 'the marker at the watcher');
      expect(await restTitle(joint)).toBe('撤销后的标记');
      // reconnecting does not help either
      expect(liaison.closes.slice(1).every((c) => c.code === CLOSE.forbidden)).toBe(true);

      // Socket.IO: the cycle's events stop for telecom, not for power
      const rooms = await eventually(() => pushes.of('rooms').at(-1), (r) => r !== undefined, 10_000, 'room refresh');
      expect(rooms.rooms.some((r: string) => r.includes(server.cycleId))).toBe(false);
      const quota = 600_000_000_07;
      await setCycle(server, { totalQuotaFen: quota });
      await eventually(() => power.of('ranking').some((r) => r.totals.quotaFen === quota), (x) => x, 10_000, 'power’s ranking push');
      // positive signal on telecom's own socket: re-admitted, it receives the next push, and pushes arrive in order
      expect((await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: telecomMe.userId, role: 'liaison', department: 'telecom' })).status).toBe(201);
      await eventually(() => pushes.of('rooms').length, (n) => n >= 2, 10_000, 'second room refresh');
      const after = 600_000_000_08;
      await setCycle(server, { totalQuotaFen: after });
      await eventually(() => pushes.of('ranking').some((r) => r.totals.quotaFen === after), (x) => x, 10_000, 'telecom’s push after re-admission');
      // pushes arrive in order: nothing of the cycle reached telecom between losing and regaining its rooms
      const events = pushes.pushes.map((p) => p.event);
      const lost = events.indexOf('rooms');
      const regained = events.indexOf('rooms', lost + 1);
      expect(events.slice(lost + 1, regained)).toEqual([]);
    } finally {
      pushes.socket.disconnect();
      power.socket.disconnect();
    }
  });

  it('should stop an observer’s collab socket when its package is unpublished', async () => {
    const pkg = byCode.get('DP-05')!.id;
    const observer = await server.as('observer');
    const coordinator = await server.as('coordinator');
    const watcher = open(pkg, coordinator.token);
    const reader = open(pkg, observer.token);
    await Promise.all([watcher.synced(), reader.synced()]);
    const { version } = (await coordinator.get(`/api/packages/${pkg}`)).body;
    expect((await coordinator.patch(`/api/packages/${pkg}`, { version, published: false })).status).toBe(200);
    const close = await eventually(() => reader.closes[0], (c) => c !== undefined, 10_000, 'the observer’s close');
    expect(close.code).toBe(CLOSE.forbidden);
    expect(close.reason.startsWith(ACCESS_REVOKED)).toBe(true);
    await retitle(pkg, '未公开的修改');
    await eventually(() => getTitle(watcher.doc), (t) => t === '未公开的修改', 10_000, 'the edit at the coordinator');
    expect(getTitle(reader.doc)).not.toBe('未公开的修改');
  });
});
