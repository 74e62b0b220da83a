import { departmentSection, getCostLine, getCostSplit, getTitle, setCostShare, setTitle, setUnitCost, sharedText, addCostLine } from '@zerobase/collab';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;
let tokens: Record<string, string>;
let packages: Map<string, string>;
const clients: CollabClient[] = [];

const open = (code: string, who: string, options: { connect?: boolean } = {}) => {
  const client = connectCollab(server.api.baseUrl, packages.get(code)!, tokens[who], options);
  clients.push(client);
  return client;
};
const rest = async (code: string) => (await (await server.as('coordinator')).get(`/api/packages/${packages.get(code)}`)).body;

beforeAll(async () => {
  server = await startDemoServer({ COLLAB_IDLE_UNLOAD_MS: '400' });
  tokens = {};
  for (const who of ['coordinator', 'power', 'telecom', 'reviewer1', 'observer']) tokens[who] = (await server.as(who)).token!;
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body;
  packages = new Map(list.map((p: { code: string; id: string }) => [p.code, p.id]));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('collab: y-websocket sync with a durable, guarded server-side merge', () => {
  it('should convert the relational package into its document on first open, losing no field', async () => {
    const a = open('DP-02', 'housing' in tokens ? 'housing' : 'coordinator');
    await a.synced();
    expect(getTitle(a.doc)).toBe('老旧小区综合改造（联合）');
    expect(getCostLine(a.doc, departmentSection('power'), 'DP-02-l5')).toMatchObject({ category: 'machinery', location: '幸福里小区' });
    const before = await rest('DP-02');
    expect(before.totals.totalFen).toBe(50_000_000_00);
  });

  it('should converge two clients editing different fields and the same field at once, and project it to REST', async () => {
    const power = open('DP-01', 'power');
    const telecom = open('DP-01', 'telecom');
    await Promise.all([power.synced(), telecom.synced()]);
    setUnitCost(power.doc, departmentSection('power'), 'DP-01-l1', 7_000_000_00);
    setUnitCost(telecom.doc, departmentSection('telecom'), 'DP-01-l3', 6_000_000_00);
    setTitle(power.doc, '联合升级（电力稿）');
    setTitle(telecom.doc, '联合升级（通信稿）');
    sharedText(power.doc, 'narrative').insert(0, 'power ');
    sharedText(telecom.doc, 'narrative').insert(0, 'telecom ');
    await eventually(
      () => [Y.encodeStateAsUpdate(power.doc), Y.encodeStateAsUpdate(telecom.doc)].map((u) => Y.encodeStateVectorFromUpdate(u).join(',')),
      ([a, b]) => a === b && getTitle(power.doc) === getTitle(telecom.doc) && sharedText(power.doc, 'narrative').toString() === sharedText(telecom.doc, 'narrative').toString(),
      10_000,
      'convergence',
    );
    expect(['联合升级（电力稿）', '联合升级（通信稿）']).toContain(getTitle(power.doc));
    expect(sharedText(power.doc, 'narrative').toString()).toMatch(/^(power telecom |telecom power )$/);
    const projected = await eventually(() => rest('DP-01'), (p) => p.title === getTitle(power.doc) && p.totals.baseFen === 7_000_000_00 + 4_000_000_00 + 6_000_000_00 + 3_000_000_00, 5_000, 'projection');
    expect(projected.totals.byDepartment).toEqual({ power: 11_000_000_00, telecom: 9_000_000_00 });
    const log = await server.db.query<{ origin: string; sections: string[]; paths: string[]; user_id: string; bytes: number }>(
      `SELECT origin, sections, paths, user_id, bytes FROM edit_log WHERE doc_id = $1 AND origin = 'client'`,
      [packages.get('DP-01')],
    );
    expect(log.flatMap((r) => r.sections)).toEqual(expect.arrayContaining(['dept:power', 'dept:telecom', 'shared']));
    expect(log.flatMap((r) => r.paths)).toEqual(expect.arrayContaining(['dept:power/costLines/DP-01-l1.unitCostFen', 'shared.title', 'shared/narrative']));
    expect(log.every((r) => r.user_id && r.bytes > 0)).toBe(true);
  });

  it('should merge an offline edit with an online one after reconnecting', async () => {
    const a = open('DP-20', 'coordinator');
    const b = open('DP-20', 'power');
    await Promise.all([a.synced(), b.synced()]);
    a.provider.disconnect();
    sharedText(a.doc, 'narrative').insert(0, 'offline draft. ');
    addCostLine(a.doc, departmentSection('city'), { id: 'offline-1', category: 'services', description: '夜间施工照明', quantityMilli: 1000, unit: '项', unitCostFen: 100_000_00, year: 2027 });
    sharedText(b.doc, 'narrative').insert(0, 'online note. ');
    await eventually(() => sharedText(b.doc, 'narrative').toString(), (t) => t === 'online note. ', 3_000, 'b local');
    a.provider.connect();
    await eventually(
      () => [sharedText(a.doc, 'narrative').toString(), sharedText(b.doc, 'narrative').toString()],
      ([x, y]) => x === y && x.includes('offline draft. ') && x.includes('online note. '),
      10_000,
      'offline merge',
    );
    expect(getCostLine(b.doc, departmentSection('city'), 'offline-1')).toMatchObject({ description: '夜间施工照明' });
    await eventually(() => rest('DP-20'), (p) => p.costLines.some((l: { id: string }) => l.id === 'offline-1'), 5_000, 'projection of offline line');
  });

  it('should refuse a liaison’s write into another department’s section, whole, and keep serving them', async () => {
    const telecomWatcher = open('DP-01', 'telecom');
    const power = open('DP-01', 'power');
    await Promise.all([telecomWatcher.synced(), power.synced()]);
    const telecomLineBefore = getCostLine(telecomWatcher.doc, departmentSection('telecom'), 'DP-01-l4');
    // one transaction: a legal edit of the power section and an illegal one of telecom's
    power.doc.transact(() => {
      setUnitCost(power.doc, departmentSection('power'), 'DP-01-l2', 1);
      setUnitCost(power.doc, departmentSection('telecom'), 'DP-01-l4', 1);
    });
    await eventually(() => power.closes, (c) => c.length > 0, 5_000, 'refusal close');
    expect(power.closes[0].code).toBe(4409);
    expect(power.closes[0].reason).toContain('dept:telecom');
    power.provider.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    expect(getCostLine(telecomWatcher.doc, departmentSection('telecom'), 'DP-01-l4')).toEqual(telecomLineBefore);
    expect(getCostLine(telecomWatcher.doc, departmentSection('power'), 'DP-01-l2')?.unitCostFen).not.toBe(1);
    const projected = await rest('DP-01');
    expect(projected.costLines.find((l: { id: string }) => l.id === 'DP-01-l4').unitCostFen).toBe(telecomLineBefore!.unitCostFen);

    // the liaison starts again from the server's state, and their own edits go through
    const again = open('DP-01', 'power');
    await again.synced();
    expect(getCostLine(again.doc, departmentSection('telecom'), 'DP-01-l4')).toEqual(telecomLineBefore);
    setUnitCost(again.doc, departmentSection('power'), 'DP-01-l2', 4_200_000_00);
    await eventually(() => getCostLine(telecomWatcher.doc, departmentSection('power'), 'DP-01-l2')?.unitCostFen, (v) => v === 4_200_000_00, 5_000, 'own edit relayed');
  });

  it('should keep reviewers and observers read-only in the document', async () => {
    const reviewer = open('DP-05', 'reviewer1');
    await reviewer.synced();
    expect(getTitle(reviewer.doc)).toBe('智慧政务服务平台');
    setTitle(reviewer.doc, 'reviewer rewrite');
    await eventually(() => reviewer.closes, (c) => c.length > 0, 5_000, 'reviewer refusal');
    expect(reviewer.closes[0]).toMatchObject({ code: 4409 });
    expect((await rest('DP-05')).title).toBe('智慧政务服务平台');
  });

  it('should refuse connections without a valid token, to unknown packages and to unreadable ones', async () => {
    const closeOf = (url: string) =>
      new Promise<{ code: number; reason: string }>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
        ws.on('error', () => undefined);
      });
    const ws = server.api.baseUrl.replace('http', 'ws');
    expect(await closeOf(`${ws}/collab/${packages.get('DP-01')}`)).toMatchObject({ code: 4401 });
    expect(await closeOf(`${ws}/collab/${packages.get('DP-01')}?token=forged`)).toMatchObject({ code: 4401 });
    expect(await closeOf(`${ws}/collab/00000000-0000-4000-8000-000000000000?token=${tokens.power}`)).toMatchObject({ code: 4404 });
    expect(await closeOf(`${ws}/collab/not-a-package?token=${tokens.power}`)).toMatchObject({ code: 4404 });
    const refused = await closeOf(`${ws}/collab/${packages.get('DP-03')}?token=${tokens.observer}`);
    expect(refused.code).toBe(4403);
    expect(refused.reason).toContain('may not read');
  });

  it('should survive 1 000 malformed messages and an oversized update while a good client keeps syncing', async () => {
    const writer = open('DP-10', 'coordinator');
    const watcher = open('DP-10', 'coordinator');
    await Promise.all([writer.synced(), watcher.synced()]);
    const url = `${server.api.baseUrl.replace('http', 'ws')}/collab/${packages.get('DP-10')}?token=${tokens.coordinator}`;
    const closeCodes: number[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const attacker = async (messages: number) => {
      for (let sent = 0; sent < messages; ) {
        const ws = new WebSocket(url);
        ws.on('error', () => undefined);
        await new Promise<void>((resolve) => ws.on('open', () => resolve()));
        const closed = new Promise<void>((resolve) => ws.on('close', (code) => (closeCodes.push(code), resolve())));
        for (let i = 0; i < 10 && sent < messages; i++, sent++) {
          const bytes = new Uint8Array(1 + Math.floor(random() * 64)).map(() => Math.floor(random() * 256));
          if (i % 3 === 0) bytes[0] = 0; // looks like a sync message, then garbage
          ws.send(bytes);
        }
        await Promise.race([closed, new Promise((r) => setTimeout(r, 300))]);
        ws.terminate();
      }
    };
    const editing = (async () => {
      for (let i = 0; i < 40; i++) {
        sharedText(writer.doc, 'narrative').insert(0, `${i};`);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const oversized = new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('error', () => undefined);
      ws.on('open', () => ws.send(new Uint8Array(2 * 1024 * 1024)));
      ws.on('close', (code) => resolve(code));
    });
    await Promise.all([attacker(1000), editing]);
    expect(await oversized).toBe(1009);
    const expected = Array.from({ length: 40 }, (_, i) => `${39 - i};`).join('');
    await eventually(() => sharedText(watcher.doc, 'narrative').toString(), (t) => t.startsWith(expected), 10_000, 'watcher keeps syncing');
    expect(closeCodes.length).toBeGreaterThan(50);
    expect(closeCodes.every((c) => c === 4400 || c === 1005 || c === 1006)).toBe(true);
    expect((await server.anonymous.get('/api/health')).body).toEqual({ status: 'ok', db: 'up' });
  });

  it('should unload idle documents once their log is flushed, and reload them intact', async () => {
    const a = open('DP-11', 'coordinator');
    await a.synced();
    sharedText(a.doc, 'narrative').insert(0, 'before unload');
    await new Promise((r) => setTimeout(r, 200));
    a.destroy();
    const coordinator = await server.as('coordinator');
    await eventually(async () => (await coordinator.get('/api/collab/documents')).body, (d) => !d.loaded.includes(packages.get('DP-11')), 10_000, 'unload');
    const b = open('DP-11', 'coordinator');
    await b.synced();
    expect(sharedText(b.doc, 'narrative').toString()).toBe('before unload');
  });

  it('should answer a cold and a reconnecting client of a stored document while it loads, and take an edit sent before the load ended', async () => {
    const a = open('DP-12', 'coordinator');
    await a.synced();
    sharedText(a.doc, 'narrative').insert(0, 'stored before unload. ');
    setTitle(a.doc, 'Title before unload');
    await new Promise((r) => setTimeout(r, 200));
    // a client that goes offline with the document and edits it there
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(a.doc));
    a.destroy();
    const coordinator = await server.as('coordinator');
    await eventually(async () => (await coordinator.get('/api/collab/documents')).body, (d) => !d.loaded.includes(packages.get('DP-12')), 10_000, 'unload');
    sharedText(offline, 'narrative').insert(0, 'offline edit. ');
    // both connect to the unloaded document at once: one empty, one with state and an edit the server lacks
    const cold = open('DP-12', 'coordinator');
    const back = connectCollab(server.api.baseUrl, packages.get('DP-12')!, tokens['coordinator'], { doc: offline });
    clients.push(back);
    await Promise.all([cold.synced(), back.synced()]);
    const expected = 'offline edit. stored before unload. ';
    await eventually(() => sharedText(cold.doc, 'narrative').toString(), (t) => t.startsWith(expected), 10_000, 'the offline edit reaches the cold client');
    expect(getTitle(cold.doc)).toBe('Title before unload');
    const fresh = open('DP-12', 'coordinator');
    await fresh.synced();
    await eventually(() => sharedText(fresh.doc, 'narrative').toString(), (t) => t === sharedText(cold.doc, 'narrative').toString(), 10_000, 'same document');
    expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(cold.doc));
    const projected = async () => (await server.db.query<{ n: string }>(`SELECT details->>'narrative' AS n FROM decision_package WHERE id = $1`, [packages.get('DP-12')]))[0]?.n ?? '';
    await eventually(projected, (n) => n.startsWith(expected), 10_000, 'projected to the REST rows');
  });

  it('should still check the invariants of a document loaded cold, after answering its first client', async () => {
    // a joint package no other test here opens
    const used = new Set(['DP-01', 'DP-02', 'DP-05', 'DP-11', 'DP-12', 'DP-20'].map((code) => packages.get(code)));
    const joint = await server.db.query<{ id: string }>(`SELECT package_id AS id FROM package_department GROUP BY package_id HAVING count(*) > 1 ORDER BY package_id`);
    const id = joint.map((r) => r.id).find((candidate) => !used.has(candidate))!;
    const code = [...packages].find(([, value]) => value === id)![0];
    const a = open(code, 'coordinator');
    await a.synced();
    const [first] = getCostSplit(a.doc);
    setCostShare(a.doc, first!.departmentId, first!.basisPoints + 1_000); // the split no longer adds up to 100 %
    const coordinator = await server.as('coordinator');
    const splitRecords = async () => ((await coordinator.get(`/api/packages/${id}/conflicts?status=open`)).body as { kind: string }[]).filter((c) => c.kind === 'splitInvariant');
    await eventually(splitRecords, (list) => list.length === 1, 10_000, 'the split record');
    a.destroy();
    await eventually(async () => (await coordinator.get('/api/collab/documents')).body, (d) => !d.loaded.includes(id), 10_000, 'unload');
    await server.db.query(`DELETE FROM conflict WHERE package_id = $1 AND kind = 'splitInvariant'`, [id]);
    expect(await splitRecords()).toEqual([]);
    const cold = open(code, 'coordinator');
    await cold.synced();
    await eventually(splitRecords, (list) => list.length === 1, 10_000, 'the split record found again at load');
  });
});
