import { addCostLine, departmentSection, setCostShare, setTitle } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { connectSocket, type RecordingSocket } from '../support/socket-client';

const WAN = 1_000_000; // 万元 in fen
const PEOPLE = ['coordinator', 'power', 'telecom', 'housing', 'reviewer1', 'observer'] as const;

let server: DemoServer;
let coordinator: HttpClient;
let pkg: Record<string, string>;
const http: Record<string, HttpClient> = {};
const sockets: Record<string, RecordingSocket> = {};
const docs: CollabClient[] = [];

const pushed = (who: string, kind: string, packageCode?: string) =>
  sockets[who]!.of('notification').filter((n) => n.kind === kind && (packageCode === undefined || n.params.packageCode === packageCode));
const waitFor = (who: string, kind: string, packageCode?: string) =>
  sockets[who]!.next('notification', (n) => n.kind === kind && (packageCode === undefined || n.params.packageCode === packageCode), 15_000);
const stored = async (who: string) => (await http[who]!.get('/api/notifications')).body as { unread: number; items: any[] };
const open = async (packageId: string, who: string) => {
  const client = connectCollab(server.api.baseUrl, packageId, http[who]!.token);
  docs.push(client);
  await client.synced();
  return client;
};
const createPackage = async (code: string, lead: string, departments: string[]) => {
  const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code, title: `${code} 测试包`, leadDepartment: lead, departments, contingencyBasisPoints: 0 });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

beforeAll(async () => {
  server = await startDemoServer({ NOTIFY_COALESCE_MS: '15000' });
  coordinator = await server.as('coordinator');
  for (const who of PEOPLE) {
    http[who] = await server.as(who);
    sockets[who] = await connectSocket(server.api.baseUrl, http[who]!.token!);
  }
  const list = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body as { code: string; id: string }[];
  pkg = Object.fromEntries(list.map((p) => [p.code, p.id]));
}, 180_000);

afterAll(async () => {
  for (const d of docs) d.destroy();
  for (const s of Object.values(sockets)) s.close();
  await server?.close();
});

describe('notification rules', () => {
  it('should tell the other owning department when a liaison edits a shared field, and nobody else', async () => {
    const telecom = await open(pkg['DP-01']!, 'telecom');
    setTitle(telecom.doc, '电力与通信线路联合升级改造（修订）');
    const told = await waitFor('power', 'sectionEdited', 'DP-01');
    expect(told).toMatchObject({ link: `/packages/${pkg['DP-01']}`, read: false, count: 1, params: { sections: ['shared'] } });
  });

  it('should tell a department when the coordinator edits its own section, and not the co-owners', async () => {
    const coord = await open(pkg['DP-02']!, 'coordinator');
    addCostLine(coord.doc, departmentSection('power'), { id: 'cable', category: 'materials', description: '电缆', quantityMilli: 1000, unit: '项', unitCostFen: 10 * WAN, year: 2027 });
    const told = await waitFor('power', 'sectionEdited', 'DP-02');
    expect(told.params.sections).toEqual([`dept:power`]);
  });

  it('should tell the departments of a package when a reviewer scores it', async () => {
    const scored = await http['reviewer1']!.put(`/api/packages/${pkg['DP-01']}/scores/mine`, {
      scores: ['strategic', 'feasibility', 'goal', 'costEffectiveness', 'publicBenefit'].map((criterion) => ({ criterion, score: 88 })),
    });
    expect(scored.status).toBe(200);
    await waitFor('power', 'packageScored', 'DP-01');
    await waitFor('telecom', 'packageScored', 'DP-01');
  });

  it('should tell the departments of a conflict and the coordinators', async () => {
    const id = await createPackage('NT-1', 'power', ['power', 'telecom']);
    const telecom = await open(id, 'telecom');
    setCostShare(telecom.doc, 'telecom', 3_000);
    for (const who of ['power', 'telecom', 'coordinator']) await waitFor(who, 'conflict', 'NT-1');
  });

  it('should tell the liaisons whose packages fall below the cutoff when the quota shrinks', async () => {
    const cycle = (await coordinator.get(`/api/cycles/${server.cycleId}`)).body;
    const ranking = (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body;
    const dp01 = ranking.items.find((i: any) => i.code === 'DP-01');
    expect(dp01.funded).toBe(true);
    expect((await coordinator.patch(`/api/cycles/${server.cycleId}`, { version: cycle.version, totalQuotaFen: 0 })).status).toBe(200);
    const cut = await waitFor('power', 'packageCut', 'DP-01');
    expect(cut.link).toBe(`/cycles/${server.cycleId}/ranking`);
    await waitFor('telecom', 'packageCut', 'DP-01');
    await waitFor('housing', 'packageCut', 'DP-02');
  });

  it('should tell everyone working in the cycle that a stage gate moved, and only them', async () => {
    const cycle = (await coordinator.get(`/api/cycles/${server.cycleId}`)).body;
    expect((await coordinator.patch(`/api/cycles/${server.cycleId}`, { version: cycle.version, stage: 'ranking' })).status).toBe(200);
    for (const who of ['coordinator', 'power', 'telecom', 'housing', 'reviewer1']) {
      const gate = await waitFor(who, 'stageGate');
      expect(gate.params).toEqual({ gate: 'stage', from: 'scoring', to: 'ranking' });
    }
    // every positive above has arrived: now the absences are meaningful
    expect(pushed('telecom', 'sectionEdited', 'DP-01'), 'telecom told of its own edit').toEqual([]);
    expect(pushed('housing', 'sectionEdited'), 'housing told of edits').toEqual([]);
    expect(pushed('telecom', 'sectionEdited', 'DP-02'), 'telecom told of the power section').toEqual([]);
    expect(pushed('housing', 'packageScored'), 'housing told of scores').toEqual([]);
    expect(pushed('housing', 'conflict', 'NT-1'), 'housing told of a conflict it is not part of').toEqual([]);
    expect(pushed('reviewer1', 'packageCut'), 'reviewer told of cuts').toEqual([]);
    expect(sockets['observer']!.of('notification')).toEqual([]);
    expect(await stored('observer')).toEqual({ unread: 0, items: [] });
  });

  it('should tell invited departments that a meeting starts, and follow-up owners of their actions', async () => {
    const meeting = (await coordinator.post(`/api/cycles/${server.cycleId}/meetings`, { title: '线路协调会', scheduledAt: '2026-12-04T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ title: '议题' }] })).body;
    await coordinator.post(`/api/meetings/${meeting.id}/start`);
    expect((await waitFor('power', 'meetingStarted')).link).toBe(`/meetings/${meeting.id}`);
    await waitFor('reviewer1', 'meetingStarted');
    const decided = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, {
      agendaItemId: meeting.agenda[0].id,
      outcome: 'approved',
      followUps: [{ department: 'telecom', description: '报送杆线清单', dueDate: '2027-01-10' }],
    });
    expect(decided.status).toBe(201);
    expect((await waitFor('telecom', 'followUpAssigned')).params).toMatchObject({ description: '报送杆线清单', dueDate: '2027-01-10' });
    expect(pushed('telecom', 'meetingStarted')).toEqual([]);
    expect(pushed('housing', 'meetingStarted')).toEqual([]);
    expect(pushed('coordinator', 'meetingStarted')).toEqual([]);
  });
});

describe('no storm, mute, read', () => {
  it('should fold 100 edits by one department into one notification per person', async () => {
    const id = await createPackage('NT-2', 'power', ['power', 'telecom', 'housing']);
    const telecom = await open(id, 'telecom');
    for (let i = 1; i <= 100; i++) {
      setTitle(telecom.doc, `NT-2 第 ${i} 稿`);
      await new Promise((r) => setTimeout(r, 30));
    }
    // every edit is counted (the positive signal that all 100 were processed) …
    for (const who of ['power', 'housing']) {
      await eventually(
        async () => (await stored(who)).items.filter((n) => n.kind === 'sectionEdited' && n.params.packageCode === 'NT-2'),
        (list) => list.length === 1 && list[0].count === 100,
        20_000,
        `${who}: one notification counting 100 edits`,
      );
      // … and pushed once
      expect(pushed(who, 'sectionEdited', 'NT-2')).toHaveLength(1);
    }
    expect(pushed('telecom', 'sectionEdited', 'NT-2')).toEqual([]);
  });

  it('should stop a muted kind and resume when unmuted', async () => {
    expect((await http['power']!.put('/api/notifications/mutes/sectionEdited', {})).body).toEqual({ muted: ['sectionEdited'] });
    expect((await http['power']!.put('/api/notifications/mutes/gossip', {})).status).toBe(400);
    const id = await createPackage('NT-3', 'housing', ['power', 'telecom', 'housing']);
    const housing = await open(id, 'housing');
    setTitle(housing.doc, 'NT-3 修订');
    await waitFor('telecom', 'sectionEdited', 'NT-3');
    expect(pushed('power', 'sectionEdited', 'NT-3')).toEqual([]);
    expect((await stored('power')).items.filter((n) => n.params.packageCode === 'NT-3' && n.kind === 'sectionEdited')).toEqual([]);
    expect((await http['power']!.delete('/api/notifications/mutes/sectionEdited')).body).toEqual({ muted: [] });
    const coord = await open(id, 'coordinator');
    setTitle(coord.doc, 'NT-3 再修订');
    await waitFor('power', 'sectionEdited', 'NT-3');
  });

  it('should list newest first with an unread count, and mark one or all read', async () => {
    const before = await stored('power');
    expect(before.unread).toBe(before.items.filter((n) => !n.read).length);
    const times = before.items.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const first = before.items[0];
    expect((await http['telecom']!.post(`/api/notifications/${first.id}/read`)).status).toBe(404);
    const read = await http['power']!.post(`/api/notifications/${first.id}/read`);
    expect(read.body.read).toBe(true);
    expect((await stored('power')).unread).toBe(before.unread - 1);
    expect((await http['power']!.post('/api/notifications/read-all')).body).toEqual({ unread: 0 });
    expect((await stored('power')).unread).toBe(0);
    expect((await stored('telecom')).unread).toBeGreaterThan(0);
  });
});

