import { departmentSection, projectSnapshot, readRightsNotice, setTitle, setUnitCost, type RightsNotice } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { storedRows } from './collab-edits';

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
const open: CollabClient[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  power = await server.as('power');
});
afterAll(async () => {
  for (const client of open) client.destroy();
  await server?.close();
});

/** An unmodified y-websocket client that also keeps the rights notices the server sends it. */
function connect(packageId: string, token: string): CollabClient & { notices: RightsNotice[] } {
  const client = connectCollab(server.api.baseUrl, packageId, token);
  const notices: RightsNotice[] = [];
  const standard = client.provider.messageHandlers[2];
  client.provider.messageHandlers[2] = (encoder, decoder, provider, emitSynced, messageType) => {
    const notice = readRightsNotice(decoder as decoding.Decoder);
    if (notice) notices.push(notice);
    else standard(encoder, decoder, provider, emitSynced, messageType);
  };
  open.push(client);
  return Object.assign(client, { notices });
}

const lastNotice = (client: { notices: RightsNotice[] }) => client.notices.at(-1) ?? null;
const unitCostIn = (client: CollabClient, lineId: string) => projectSnapshot(client.doc).costLines.find((l) => l.id === lineId)?.unitCostFen;
const titleIn = (client: CollabClient) => projectSnapshot(client.doc).title;
const read = async (id: string) => (await coordinator.get(`/api/packages/${id}`)).body;

describe('a stage change narrows open /collab connections', () => {
  it("should make a liaison's open socket read only when its package moves to allocation, and writable again on reopening", async () => {
    const id = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body.find((p: { code: string }) => p.code === 'DP-01').id as string;
    const editor = connect(id, power.token!); // will try to write while locked
    const stayer = connect(id, power.token!); // stays open through the lock and the reopening
    const watcher = connect(id, coordinator.token!);
    await Promise.all([editor.synced(), stayer.synced(), watcher.synced()]);
    // on connect, the server tells each connection what it may write
    for (const liaison of [editor, stayer]) expect(await eventually(() => lastNotice(liaison), (n) => n !== null, 15_000, 'the first notice')).toEqual({ shared: true, departments: ['power'], locked: null });
    expect(lastNotice(watcher)).toEqual({ shared: true, departments: 'all', locked: null });
    const original = unitCostIn(watcher, 'DP-01-l1');

    const moved = await coordinator.patch(`/api/packages/${id}`, { version: (await read(id)).version, stage: 'allocation' });
    expect(moved.status).toBe(200);
    // the same sockets are narrowed in place, with the stage named
    for (const liaison of [editor, stayer]) {
      const notice = await eventually(() => lastNotice(liaison), (n) => n?.locked !== null, 15_000, 'the lock notice');
      expect(notice).toMatchObject({ shared: false, departments: [], locked: { stage: 'allocation' } });
    }
    expect(stayer.closes).toEqual([]);
    expect(watcher.notices).toHaveLength(1); // a coordinator still writes: nothing changed for it

    // the narrowed socket's edit is refused whole: nothing stored, nothing relayed
    const before = await storedRows(server, id);
    setUnitCost(editor.doc, departmentSection('power'), 'DP-01-l1', 9_999_000_00);
    const refusal = await eventually(() => editor.closes[0], (c) => c !== undefined, 20_000, 'the refusal');
    expect(refusal.code).toBe(4409);
    // an unmodified y-websocket client reconnects and would offer its refused change again, which the server
    // rightly accepts once the package is reopened (the web client drops it and reloads): this one stops here
    editor.destroy();
    // positive signal on the same relay: the coordinator's marker reaches the other liaison socket
    setTitle(watcher.doc, '分配阶段标记');
    await eventually(() => titleIn(stayer), (t) => t === '分配阶段标记', 10_000, 'the marker relayed');
    expect(unitCostIn(stayer, 'DP-01-l1')).toBe(original);
    expect(unitCostIn(watcher, 'DP-01-l1')).toBe(original);
    await eventually(() => read(id), (p) => p.title === '分配阶段标记', 10_000, 'the marker projected');
    expect((await read(id)).costLines.find((l: { id: string }) => l.id === 'DP-01-l1').unitCostFen).toBe(original);
    expect(await storedRows(server, id)).toBeGreaterThan(before); // the marker, and only it, was stored

    // reopening widens the same socket again, and its edit is stored and relayed
    const reopened = await coordinator.post(`/api/packages/${id}/reopen`, { version: moved.body.version, reason: '补充材料' });
    expect(reopened.status).toBe(200);
    expect(await eventually(() => lastNotice(stayer), (n) => n?.locked === null, 15_000, 'the reopen notice')).toEqual({ shared: true, departments: ['power'], locked: null });
    setUnitCost(stayer.doc, departmentSection('power'), 'DP-01-l1', 7_100_000_00);
    await eventually(() => unitCostIn(watcher, 'DP-01-l1'), (v) => v === 7_100_000_00, 10_000, 'the edit relayed after reopening');
    await eventually(() => read(id), (p) => p.costLines.find((l: { id: string }) => l.id === 'DP-01-l1').unitCostFen === 7_100_000_00, 10_000, 'the edit projected');
    expect(stayer.closes).toEqual([]);
  });
});
