import { sharedText } from '@zerobase/collab';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ApiProcess } from '../support/api-process';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { HttpClient } from '../support/http-client';
import { createTestDatabase, PG_ADMIN_URL, type TestDatabase } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const processes: ApiProcess[] = [];
const databases: TestDatabase[] = [];
const proxies: TcpProxy[] = [];
let clients: CollabClient[] = [];

afterEach(() => {
  for (const c of clients) c.provider.destroy();
  clients = [];
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await Promise.all(proxies.map((p) => p.cut()));
  for (const db of databases) await db.drop();
});

async function database(label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(label);
  databases.push(db);
  return db;
}
async function start(env: Record<string, string>): Promise<ApiProcess> {
  const api = await ApiProcess.start(env);
  processes.push(api);
  return api;
}
async function proxy(url: string): Promise<TcpProxy> {
  const u = new URL(url);
  const p = await TcpProxy.start({ host: u.hostname, port: Number(u.port) });
  proxies.push(p);
  return p;
}
function open(api: ApiProcess, packageId: string, token: string, doc?: CollabClient['doc']): CollabClient {
  const client = connectCollab(api.baseUrl, packageId, token, doc ? { doc } : {});
  clients.push(client);
  return client;
}
const text = (c: CollabClient) => sharedText(c.doc, 'narrative').toString();
const markers = (t: string) => new Set(t.match(/[ab]\d+;/g) ?? []);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Streams `<prefix><n>;` at the end of the narrative every few ms until stopped; returns what it wrote. */
function stream(client: CollabClient, prefix: string, everyMs = 15) {
  const written: string[] = [];
  let n = 0;
  const timer = setInterval(() => {
    const marker = `${prefix}${n++};`;
    const t = sharedText(client.doc, 'narrative');
    t.insert(t.length, marker);
    written.push(marker);
  }, everyMs);
  return { written, stop: () => clearInterval(timer) };
}

async function firstPackage(api: ApiProcess): Promise<{ packageId: string; coordinator: HttpClient }> {
  const coordinator = await new HttpClient(api.baseUrl).login('coordinator@demo.zerobase');
  const cycleId = (await coordinator.get('/api/cycles')).body[0].id;
  const packageId = (await coordinator.get(`/api/cycles/${cycleId}/packages`)).body[3].id;
  return { packageId, coordinator };
}

describe('collab under faults, with real processes', () => {
  it('should keep every relayed edit when one of two instances is killed with -9 while clients on both stream', async () => {
    const db = await database('zb_fault_kill');
    const [first, second] = await Promise.all([start({ DATABASE_URL: db.url, REDIS_URL }), start({ DATABASE_URL: db.url, REDIS_URL })]);
    const { packageId, coordinator } = await firstPackage(first);
    const token = coordinator.token as string;
    const writerA = open(first, packageId, token);
    const watcherA = open(first, packageId, token);
    const writerB = open(second, packageId, token);
    const watcherB = open(second, packageId, token);
    await Promise.all([writerA, watcherA, writerB, watcherB].map((c) => c.synced()));
    const a = stream(writerA, 'a');
    const b = stream(writerB, 'b');
    await eventually(() => markers(text(watcherA)).size, (n) => n > 40, 15_000, 'edits relayed on the first instance');
    await first.kill9();
    // what any client saw relayed at the moment of the crash
    const seen = new Set([...markers(text(watcherA)), ...markers(text(watcherB))]);
    // the crashed instance's clients reconnect to the survivor (what a load balancer does), keeping their replicas
    for (const c of [writerA, watcherA]) c.provider.destroy();
    const writerA2 = open(second, packageId, token, writerA.doc);
    const watcherA2 = open(second, packageId, token, watcherA.doc);
    await Promise.all([writerA2.synced(), watcherA2.synced()]);
    await sleep(500);
    a.stop();
    b.stop();
    const all = [...a.written, ...b.written];
    const fresh = open(second, packageId, token);
    await fresh.synced();
    await eventually(() => markers(text(fresh)), (m) => all.every((x) => m.has(x)), 20_000, 'every written edit on the survivor');
    for (const x of seen) expect(markers(text(fresh)).has(x)).toBe(true);
    for (const c of [writerA2, watcherA2, writerB, watcherB]) await eventually(() => text(c), (t) => t === text(fresh), 10_000, 'every client converges');
    // and it is stored: a reload after the survivor restarts has it all
    await second.restart();
    const reloaded = open(second, packageId, token);
    await reloaded.synced();
    expect(text(reloaded)).toBe(text(fresh));
  }, 120_000);

  it('should refuse edits with a clear reason while PostgreSQL is unreachable, relay nothing unstored, and resume by itself', async () => {
    const db = await database('zb_fault_pg');
    const pg = await proxy(PG_ADMIN_URL);
    const api = await start({ DATABASE_URL: pg.urlFor(db.url), COLLAB_IDLE_UNLOAD_MS: '600000' });
    const { packageId, coordinator } = await firstPackage(api);
    const token = coordinator.token as string;
    const writer = open(api, packageId, token);
    const watcher = open(api, packageId, token);
    await Promise.all([writer.synced(), watcher.synced()]);
    sharedText(writer.doc, 'narrative').insert(0, 'before;');
    await eventually(() => text(watcher), (t) => t.includes('before;'), 10_000, 'an edit before the outage');

    await pg.cut();
    sharedText(writer.doc, 'narrative').insert(0, 'during;');
    // positive signal: the server closes the document's connections, saying why
    await eventually(() => writer.closes.length + watcher.closes.length, (n) => n > 0, 15_000, 'the server refusing to go on without storage');
    const reasons = [...writer.closes, ...watcher.closes].map((c) => `${c.code} ${c.reason}`);
    expect(reasons.some((r) => r.startsWith('1011') && /could not store|could not be opened/.test(r))).toBe(true);
    expect(text(watcher)).not.toContain('during;');
    await sleep(2_000);
    expect(text(watcher)).not.toContain('during;');

    await pg.open();
    // the clients reconnect by themselves; the writer's replica still holds its edit and resends it
    await eventually(() => text(watcher), (t) => t.includes('during;') && t.includes('before;'), 30_000, 'the edit stored and relayed after the outage');
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edit_log WHERE doc_id = $1 AND origin = 'client'`, [packageId]);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('should converge both instances after Redis was unreachable while clients edited', async () => {
    const db = await database('zb_fault_redis');
    const redis = await proxy(REDIS_URL);
    const viaProxy = redis.urlFor(REDIS_URL);
    const [first, second] = await Promise.all([start({ DATABASE_URL: db.url, REDIS_URL: viaProxy }), start({ DATABASE_URL: db.url, REDIS_URL: viaProxy })]);
    const { packageId, coordinator } = await firstPackage(first);
    const token = coordinator.token as string;
    const writer = open(first, packageId, token);
    const watcher = open(second, packageId, token);
    await Promise.all([writer.synced(), watcher.synced()]);
    sharedText(writer.doc, 'narrative').insert(0, 'a0;');
    await eventually(() => text(watcher), (t) => t.includes('a0;'), 10_000, 'an edit crossing instances');

    await redis.cut();
    const a = stream(writer, 'a', 50);
    await sleep(2_000);
    await redis.open();
    await sleep(1_000);
    a.stop();
    await eventually(() => markers(text(watcher)), (m) => a.written.every((x) => m.has(x)), 20_000, 'the other instance catching up');
    await eventually(() => text(watcher), (t) => t === text(writer), 10_000, 'both clients converge');
  }, 120_000);
});
