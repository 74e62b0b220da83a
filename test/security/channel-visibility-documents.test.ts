import { minutesText } from '@zerobase/collab';
import { canReadRanking, minutesAccess } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { textPdf, uploadAttachment } from '../support/sample-files';
import { DEMO_ROLES, me, recordPushes, setCycle, type DemoRole, type Me, type PushRecorder } from './channels';

/**
 * The rest of the roles × channels matrix: attachment pushes and the meeting minutes on `/collab`,
 * each role's channel answers checked against its REST reads and the one definition in libs/domain.
 */
let server: DemoServer;
const who = new Map<DemoRole, Me>();
const departmentIds = new Map<string, string>();

beforeAll(async () => {
  server = await startDemoServer();
  for (const role of DEMO_ROLES) who.set(role, await me(await server.as(role)));
  for (const d of (await (await server.as('coordinator')).get('/api/departments')).body) departmentIds.set(d.code, d.id);
}, 180_000);
afterAll(async () => {
  await server?.close();
});

/** Waits until every role that reads the ranking has this quota's push, and gives the others an acknowledged round trip. */
async function marker(recorders: Map<DemoRole, PushRecorder>, quotaFen: number): Promise<void> {
  await setCycle(server, { totalQuotaFen: quotaFen });
  for (const role of DEMO_ROLES) {
    const recorder = recorders.get(role)!;
    if (canReadRanking(who.get(role)!.memberships, server.cycleId, 'scoring')) {
      await eventually(() => recorder.of('ranking').find((r) => r.totals.quotaFen === quotaFen), (r) => r !== undefined, 15_000, `${role}'s marker`);
    } else {
      expect(await recorder.socket.timeout(10_000).emitWithAck('meeting:leave', { meetingId: '00000000-0000-4000-8000-000000000000' })).toBeDefined();
    }
  }
}

describe('documents on every channel answer from one definition', () => {
  it('should push an attachment event only to roles whose REST reads show the package, and to its owners', async () => {
    const recorders = new Map<DemoRole, PushRecorder>();
    for (const role of DEMO_ROLES) recorders.set(role, await recordPushes(server, await server.as(role)));
    try {
      const coordinator = await server.as('coordinator');
      // an unpublished joint package (observers may not read it) and a published one (DP-01)
      const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code: 'SEC-ATT', title: '内部联合包（附件）', leadDepartment: 'power', departments: ['power', 'telecom'] });
      expect(created.status).toBe(201);
      const list = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string; published: boolean }[];
      const dp01 = list.find((p) => p.code === 'DP-01')!;
      expect(dp01.published).toBe(true);
      const power = await server.as('power');
      for (const packageId of [created.body.id as string, dp01.id]) {
        const uploaded = await uploadAttachment(server.api.baseUrl, power.token, packageId, { name: '报价单.pdf', bytes: textPdf('quote'), type: 'application/pdf' });
        expect(uploaded.status).toBe(201);
      }
      await marker(recorders, 600_000_000_11);

      const found: string[] = [];
      for (const role of DEMO_ROLES) {
        const client = await server.as(role);
        for (const event of recorders.get(role)!.of('attachment')) {
          const rest = await client.get(`/api/packages/${event.packageId}/attachments`);
          if (rest.status !== 200) found.push(`${role}: attachment event for ${event.packageId} (REST ${rest.status})`);
          else if (event.type === 'added' && !rest.body.some((a: { id: string }) => a.id === event.attachment.id)) found.push(`${role}: attachment ${event.attachment.id} not in its REST list`);
        }
      }
      expect(found).toEqual([]);
      // not vacuous: both owners and the coordinator heard of both files; the observer only of the published package's
      for (const role of ['power', 'telecom', 'coordinator'] as const) {
        expect(new Set(recorders.get(role)!.of('attachment').map((e) => e.packageId))).toEqual(new Set([created.body.id, dp01.id]));
      }
      expect(recorders.get('observer')!.of('attachment').map((e) => e.packageId)).toEqual([dp01.id]);
      expect((await (await server.as('observer')).get(`/api/packages/${created.body.id}/attachments`)).status).toBe(403);
    } finally {
      for (const r of recorders.values()) r.socket.disconnect();
    }
  });

  it('should open a meeting’s minutes on /collab to each role exactly as minutesAccess says, and store only the writers’ lines', async () => {
    const coordinator = await server.as('coordinator');
    const meeting = (
      await coordinator.post(`/api/cycles/${server.cycleId}/meetings`, { title: '矩阵核对会议', scheduledAt: '2026-12-03T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ title: '附件与纪要' }] })
    ).body;
    expect((await coordinator.post(`/api/meetings/${meeting.id}/start`)).status).toBe(200);
    const facts = { cycleId: server.cycleId, invitedDepartmentIds: [departmentIds.get('power')!], status: 'open' as const, closed: false };
    const clients = new Map<DemoRole, CollabClient>();
    try {
      for (const role of DEMO_ROLES) clients.set(role, connectCollab(server.api.baseUrl, `minutes:${meeting.id}`, (await server.as(role)).token));
      const expected = new Map(DEMO_ROLES.map((role) => [role, minutesAccess(who.get(role)!.memberships, facts)]));
      // the definition gives every kind of answer among the demo roles
      expect(new Set(expected.values())).toEqual(new Set(['write', 'read', 'none']));
      for (const role of DEMO_ROLES) {
        const client = clients.get(role)!;
        if (expected.get(role) === 'none') {
          await eventually(() => client.closes.length, (n) => n > 0, 15_000, `${role} refused`);
          expect(client.closes[0]).toMatchObject({ code: 4403 });
          expect(minutesText(client.doc, 'agenda').toString()).toBe('');
        } else {
          await client.synced();
          expect(minutesText(client.doc, 'agenda').toString()).toContain('附件与纪要');
        }
      }
      // every role that got in writes a line of its own; the writers' lines reach the chair, the others' are refused
      const readers = DEMO_ROLES.filter((role) => expected.get(role) !== 'none');
      for (const role of readers) minutesText(clients.get(role)!.doc, 'notes').insert(0, `[${role}]`);
      const writers = readers.filter((role) => expected.get(role) === 'write');
      const watcher = connectCollab(server.api.baseUrl, `minutes:${meeting.id}`, coordinator.token);
      clients.set('coordinator', watcher);
      await watcher.synced();
      for (const role of writers) await eventually(() => minutesText(watcher.doc, 'notes').toString(), (t) => t.includes(`[${role}]`), 15_000, `${role}'s line`);
      for (const role of readers.filter((r) => !writers.includes(r))) {
        await eventually(() => clients.get(role)!.closes.length, (n) => n > 0, 15_000, `${role}'s write refused`);
        expect(clients.get(role)!.closes[0]).toMatchObject({ code: 4409 });
      }
      const stored = (await coordinator.get(`/api/meetings/${meeting.id}/minutes`)).body.notes as string;
      for (const role of readers) expect(stored.includes(`[${role}]`)).toBe(writers.includes(role));
    } finally {
      for (const c of clients.values()) c.destroy();
    }
  });
});
