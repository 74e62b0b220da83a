import { departmentSection, setSharedText, setUnitCost } from '@zerobase/collab';
import { seesStaffNames, type AttachmentView, type EditLogPageView, type LastChangesView, type VersionSummaryView } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { textPdf, uploadAttachment } from '../support/sample-files';
import { me, recordPushes, type DemoRole, type Me, type PushRecorder } from './channels';

/**
 * Who changed a package, on every channel: observers read the department of a change, an upload or
 * a version, never the person (name or user id); coordinators and liaisons read the person
 * (libs/domain seesStaffNames). Power edits the published joint package DP-01 (on /collab and over
 * REST), records a version and uploads a file; each reader's edit log, last changes, versions,
 * attachment list, attachment push and presence are checked.
 */
let server: DemoServer;
let dp01: string;
const READERS = ['observer', 'telecom', 'coordinator'] as const satisfies readonly DemoRole[];
const who = new Map<DemoRole, Me>();
const recorders = new Map<DemoRole, PushRecorder>();
const clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  for (const role of ['power', ...READERS] as const) who.set(role, await me(await server.as(role)));
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string; published: boolean }[];
  const pkg = list.find((p) => p.code === 'DP-01')!;
  expect(pkg.published).toBe(true);
  dp01 = pkg.id;
  for (const role of READERS) recorders.set(role, await recordPushes(server, await server.as(role)));

  const power = await server.as('power');
  // an edit in the live editor, an edit over REST, a version and an upload, all by power
  const editor = connectCollab(server.api.baseUrl, dp01, power.token);
  clients.push(editor);
  await editor.synced();
  setUnitCost(editor.doc, departmentSection('power'), 'DP-01-l1', 330_000_000);
  setSharedText(editor.doc, 'purpose', '供电线路改造，同步敷设通信光缆。');
  await eventually(async () => ((await power.get(`/api/packages/${dp01}/edit-log?department=power`)).body as EditLogPageView).total, (n) => n >= 1, 15_000, 'power’s edit in the log');
  const { version } = (await power.get(`/api/packages/${dp01}`)).body;
  const patched = await power.patch(`/api/packages/${dp01}`, { version, title: '电力通信线路联合改造（修订）' });
  expect(patched.status).toBe(200);
  expect((await power.post(`/api/packages/${dp01}/versions`, { name: '公示前' })).status).toBe(201);
  const uploaded = await uploadAttachment(server.api.baseUrl, power.token, dp01, { name: '报价单.pdf', bytes: textPdf('quote'), type: 'application/pdf' });
  expect(uploaded.status).toBe(201);
  for (const role of READERS) await eventually(() => recorders.get(role)!.of('attachment').length, (n) => n > 0, 15_000, `${role}'s attachment push`);
}, 180_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const r of recorders.values()) r.socket.disconnect();
  await server?.close();
});

/** Whether a payload names power: the display name or the user id anywhere in it. */
function namesPower(payload: unknown): boolean {
  const text = JSON.stringify(payload);
  const power = who.get('power')!;
  return text.includes(power.displayName) || text.includes(power.userId);
}

/** Everything a reader gets about DP-01's authors over REST and Socket.IO. */
async function channels(role: (typeof READERS)[number]) {
  const client = await server.as(role);
  const editLog = await client.get(`/api/packages/${dp01}/edit-log`);
  const lastChanges = await client.get(`/api/packages/${dp01}/last-changes`);
  const versions = await client.get(`/api/packages/${dp01}/versions`);
  const attachments = await client.get(`/api/packages/${dp01}/attachments`);
  for (const [what, r] of Object.entries({ editLog, lastChanges, versions, attachments })) expect(r.status, `${role} ${what}`).toBe(200);
  const newest = (versions.body as VersionSummaryView[]).at(-1)!;
  const version = await client.get(`/api/packages/${dp01}/versions/${newest.id}`);
  expect(version.status).toBe(200);
  return {
    editLog: (editLog.body as EditLogPageView).entries.filter((e) => e.department === 'power'),
    lastChanges: (lastChanges.body as LastChangesView).changes.filter((c) => c.department === 'power'),
    versions: versions.body as VersionSummaryView[],
    version: { createdBy: version.body.createdBy as string | null },
    attachments: (attachments.body as AttachmentView[]).filter((a) => a.department === 'power'),
    pushes: recorders.get(role)!.of('attachment').filter((e) => e.type === 'added'),
  };
}

describe('staff names by role, on every channel', () => {
  it('the definition hides names from the observer alone among these readers', () => {
    expect(READERS.filter((role) => !seesStaffNames(who.get(role)!.memberships, server.cycleId))).toEqual(['observer']);
  });

  it('should show the observer power’s department on every change, upload and version, never power’s name or user id', async () => {
    const seen = await channels('observer');
    // not vacuous: each channel carries power's work, by department
    expect(seen.editLog.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen.editLog.map((e) => e.origin))).toEqual(new Set(['client', 'rest']));
    expect(seen.lastChanges.map((c) => c.path)).toContain('dept:power/costLines/DP-01-l1.unitCostFen');
    const manual = seen.versions.find((v) => v.name === '公示前')!;
    expect(manual.editors.map((e) => e.department)).toContain('power');
    expect(seen.attachments.map((a) => a.fileName)).toEqual(['报价单.pdf']);
    expect(seen.pushes.map((e) => e.attachment.department)).toEqual(['power']);
    // the shape stays; the person is null
    for (const e of [...seen.editLog, ...seen.lastChanges]) expect([e.userId, e.userName]).toEqual([null, null]);
    for (const v of seen.versions) {
      expect([v.createdBy, v.createdByName]).toEqual([null, null]);
      for (const e of v.editors) expect([e.userId, e.userName]).toEqual([null, null]);
      // departments once each: not even how many people edited shows
      expect(new Set(v.editors.map((e) => e.department)).size).toBe(v.editors.length);
    }
    expect(seen.version.createdBy).toBeNull();
    for (const a of [...seen.attachments, ...seen.pushes.map((e) => e.attachment)]) expect(a.uploadedBy).toEqual({ id: null, name: null });
    expect(namesPower(seen)).toBe(false);
    // nor may the observer ask whether a given person edited
    const byUser = await (await server.as('observer')).get(`/api/packages/${dp01}/edit-log?user=${who.get('power')!.userId}`);
    expect(byUser.status).toBe(403);
    expect(JSON.stringify(byUser.body)).toContain('user');
  });

  it('should show telecom (a liaison of the package) and the coordinator power’s name and user id on the same channels', async () => {
    const power = who.get('power')!;
    for (const role of ['telecom', 'coordinator'] as const) {
      const seen = await channels(role);
      expect(seen.editLog.length).toBeGreaterThanOrEqual(2);
      for (const e of [...seen.editLog, ...seen.lastChanges]) expect({ userId: e.userId, userName: e.userName }).toEqual({ userId: power.userId, userName: power.displayName });
      const manual = seen.versions.find((v) => v.name === '公示前')!;
      expect({ createdBy: manual.createdBy, createdByName: manual.createdByName }).toEqual({ createdBy: power.userId, createdByName: power.displayName });
      expect(manual.editors).toContainEqual({ userId: power.userId, userName: power.displayName, department: 'power' });
      expect(seen.version.createdBy).toBe(power.userId);
      for (const a of [...seen.attachments, ...seen.pushes.map((e) => e.attachment)]) expect(a.uploadedBy).toEqual({ id: power.userId, name: power.displayName });
      expect((await (await server.as(role)).get(`/api/packages/${dp01}/edit-log?user=${power.userId}`)).body.total).toBeGreaterThanOrEqual(2);
    }
  });

  it('should keep conflicts and meeting minutes, where names also appear, closed to the observer', async () => {
    const coordinator = await server.as('coordinator');
    const observer = await server.as('observer');
    const meeting = await coordinator.post(`/api/cycles/${server.cycleId}/meetings`, { title: '联合线路协调会', scheduledAt: '2026-12-03T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ title: 'DP-01' }] });
    expect(meeting.status).toBe(201);
    expect((await coordinator.post(`/api/meetings/${meeting.body.id}/start`)).status).toBe(200);
    expect((await coordinator.post(`/api/meetings/${meeting.body.id}/end`)).status).toBe(200);
    // not vacuous: the versions exist and name their authors to a participant
    const versions = await coordinator.get(`/api/meetings/${meeting.body.id}/minutes/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.length).toBeGreaterThan(0);
    for (const path of [`/api/meetings/${meeting.body.id}/minutes/versions`, `/api/meetings/${meeting.body.id}/minutes/versions/${versions.body[0].id}`, `/api/packages/${dp01}/conflicts`, `/api/cycles/${server.cycleId}/conflicts`]) {
      expect((await observer.get(path)).status, path).toBe(403);
    }
  });

  it('should relay power’s presence on /collab to the observer with the department and without the person, and with the person to the others', async () => {
    const open = async (role: DemoRole) => {
      const c = connectCollab(server.api.baseUrl, dp01, (await server.as(role)).token);
      clients.push(c);
      await c.synced();
      return c;
    };
    const observer = await open('observer');
    const telecom = await open('telecom');
    const power = await open('power');
    power.provider.awareness.setLocalState({ user: { name: '冒名者', color: '#1e6fb3' }, field: 'purpose', cursor: 'power-marker' });
    const stateIn = (c: CollabClient) => c.provider.awareness.getStates().get(power.doc.clientID) as { user: Record<string, unknown>; cursor: unknown } | undefined;
    // live relay
    const relayed = await eventually(() => stateIn(observer), (s) => s?.cursor === 'power-marker', 15_000, 'power’s presence at the observer');
    expect(relayed!.user).toEqual({ id: null, name: null, department: 'power', role: 'liaison', color: '#1e6fb3' });
    const named = await eventually(() => stateIn(telecom), (s) => s?.cursor === 'power-marker', 15_000, 'power’s presence at telecom');
    expect(named!.user).toMatchObject({ id: who.get('power')!.userId, name: who.get('power')!.displayName, department: 'power' });
    // the presence a newcomer receives on connecting
    const late = await open('observer');
    const first = await eventually(() => stateIn(late), (s) => s?.cursor === 'power-marker', 15_000, 'power’s presence at a newly connected observer');
    expect(first!.user).toMatchObject({ id: null, name: null, department: 'power' });
    for (const c of [observer, late]) expect(namesPower([...c.provider.awareness.getStates().values()])).toBe(false);
  });
});
