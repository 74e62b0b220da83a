import { departmentSection, getCostLine, getTitle, sharedText } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;
let packages: Map<string, string>;
const clients: CollabClient[] = [];

const token = async (who: string) => (await server.as(who)).token!;
const open = async (code: string, who = 'coordinator') => {
  const client = connectCollab(server.api.baseUrl, packages.get(code)!, await token(who));
  clients.push(client);
  await client.synced();
  return client;
};

beforeAll(async () => {
  server = await startDemoServer({ COLLAB_COMPACT_EVERY: '25' });
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body;
  packages = new Map(list.map((p: { code: string; id: string }) => [p.code, p.id]));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('collab durability', () => {
  it('should keep every edit a client received after kill -9 and restart', async () => {
    const writer = await open('DP-08');
    const watcher = await open('DP-08');
    const text = sharedText(writer.doc, 'narrative');
    for (let i = 0; i < 200; i++) text.insert(text.length, `e${i};`);
    // kill as soon as the watcher has received a good part of the burst
    await eventually(() => sharedText(watcher.doc, 'narrative').toString(), (t) => t.split(';').length > 60, 10_000, 'watcher receives edits');
    await server.api.kill9();
    const received = sharedText(watcher.doc, 'narrative').toString();
    writer.destroy();
    watcher.destroy();
    expect(received.length).toBeGreaterThan(0);

    await server.api.launch();
    const fresh = connectCollab(server.api.baseUrl, packages.get('DP-08')!, await (await server.anonymous.login('coordinator@demo.zerobase')).token!);
    clients.push(fresh);
    await fresh.synced();
    const recovered = sharedText(fresh.doc, 'narrative').toString();
    expect(recovered.startsWith(received)).toBe(true);
  });

  it('should lose nothing when compaction runs while edits stream in', async () => {
    const writer = await open('DP-16');
    const text = sharedText(writer.doc, 'narrative');
    for (let i = 0; i < 300; i++) {
      text.insert(text.length, `${i},`);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 15));
    }
    const expected = Array.from({ length: 300 }, (_, i) => `${i},`).join('');
    const watcher = await open('DP-16');
    await eventually(() => sharedText(watcher.doc, 'narrative').toString(), (t) => t === expected, 10_000, 'all edits relayed');
    const id = packages.get('DP-16');
    await eventually(
      () => server.db.query<{ compacted: string; tail: string }>(`SELECT (SELECT coalesce(sum(compacted_updates), 0) FROM doc_snapshot WHERE doc_id = $1) AS compacted, (SELECT count(*) FROM doc_update WHERE doc_id = $1) AS tail`, [id]),
      ([row]) => Number(row.compacted) > 100 && Number(row.tail) < 300,
      // compaction folds on a worker thread, one document at a time, behind the edits
      30_000,
      'compaction',
    );
    writer.destroy();
    watcher.destroy();
    await server.api.restart();
    const after = connectCollab(server.api.baseUrl, id!, await (await server.anonymous.login('coordinator@demo.zerobase')).token!);
    clients.push(after);
    await after.synced();
    expect(sharedText(after.doc, 'narrative').toString()).toBe(expected);
  });

  it('should apply REST content edits to the document, per section, and refuse the others', async () => {
    const watcher = await open('DP-01', 'telecom');
    const powerApi = await server.anonymous.login('power@demo.zerobase');
    const before = (await powerApi.get(`/api/packages/${packages.get('DP-01')}`)).body;
    const renamed = await powerApi.patch(`/api/packages/${packages.get('DP-01')}`, { version: before.version, title: '电力通信同沟改造' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('电力通信同沟改造');
    await eventually(() => getTitle(watcher.doc), (t) => t === '电力通信同沟改造', 5_000, 'REST edit reaches clients');

    const lines = renamed.body.costLines.map((l: any) => ({ id: l.id, department: l.department, category: l.category, description: l.description, quantity: l.quantity, unit: l.unit, unitCostFen: l.department === 'telecom' ? 1 : l.unitCostFen, year: l.year }));
    const refused = await powerApi.patch(`/api/packages/${packages.get('DP-01')}`, { version: renamed.body.version, costLines: lines });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('dept:telecom');
    expect(getCostLine(watcher.doc, departmentSection('telecom'), 'DP-01-l3')?.unitCostFen).not.toBe(1);
    const log = await server.db.query<{ origin: string; user_id: string }>(`SELECT origin, user_id FROM edit_log WHERE doc_id = $1 AND origin = 'rest'`, [packages.get('DP-01')]);
    expect(log).toHaveLength(1);
  });

  it('should record named versions and restore one as a new change', async () => {
    const coordinator = await server.as('coordinator');
    const id = packages.get('DP-19')!;
    const client = await open('DP-19');
    const version = await coordinator.post(`/api/packages/${id}/versions`, { name: '联席会议前' });
    expect(version.status).toBe(201);
    const original = getTitle(client.doc);
    const pkg = (await coordinator.get(`/api/packages/${id}`)).body;
    await coordinator.patch(`/api/packages/${id}`, { version: pkg.version, title: '临时标题', stage: 'review' });
    await eventually(() => getTitle(client.doc), (t) => t === '临时标题', 5_000, 'edit');
    const versions = (await coordinator.get(`/api/packages/${id}/versions`)).body;
    expect(versions.map((v: { kind: string }) => v.kind)).toEqual(['manual', 'stage-gate']);
    expect((await coordinator.get(`/api/packages/${id}/versions/${version.body.id}`)).body.content.title).toBe(original);
    const restored = await coordinator.post(`/api/packages/${id}/versions/${version.body.id}/restore`);
    expect(restored.status).toBe(201);
    await eventually(() => getTitle(client.doc), (t) => t === original, 5_000, 'restore reaches clients');
    expect((await coordinator.get(`/api/packages/${id}`)).body.title).toBe(original);
    const kinds = (await coordinator.get(`/api/packages/${id}/versions`)).body.map((v: { kind: string }) => v.kind);
    // the stage gate already holds the state before the restore: no "before restore" copy; the restore is a version
    expect(kinds).toEqual(['manual', 'stage-gate', 'restore']);
    const restoreLog = await server.db.query(`SELECT 1 FROM edit_log WHERE doc_id = $1 AND origin = 'restore'`, [id]);
    expect(restoreLog).toHaveLength(1);
  });
});
