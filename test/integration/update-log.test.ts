import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateLog, type LoggedUpdate } from '../../apps/api/src/core/collab/update-log';
import { ApiProcess } from '../support/api-process';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { TcpProxy } from '../support/tcp-proxy';

// The durable log behind every relayed change (DocStore.append): one statement per group-committed batch.
let db: TestDatabase;
const pools: pg.Pool[] = [];
let proxy: TcpProxy | null = null;

function pool(url: string): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2_000 });
  p.on('error', () => undefined);
  pools.push(p);
  return p;
}

const entry = (docId: string, bytes: number[], origin: string | null = 'client', paths: string[] = ['shared.narrative']): LoggedUpdate => ({
  docId,
  update: new Uint8Array(bytes),
  edit: { cycleId: null, userId: null, departmentId: null, origin: origin as string, sections: ['shared'], paths },
});

const rowsOf = async (docIds: string[]) => ({
  updates: await db.query<{ doc_id: string; update: Buffer }>(`SELECT doc_id, update FROM doc_update WHERE doc_id = ANY($1::uuid[]) ORDER BY seq`, [docIds]),
  edits: await db.query<{ doc_id: string; origin: string; bytes: number; sections: string[]; paths: string[] }>(
    `SELECT doc_id, origin, bytes, sections, paths FROM edit_log WHERE doc_id = ANY($1::uuid[]) ORDER BY id`,
    [docIds],
  ),
});

beforeAll(async () => {
  db = await createTestDatabase('zb_update_log');
  // the schema as the server migrates it
  const api = await ApiProcess.start({ DATABASE_URL: db.url, SEED_DEMO: 'false' });
  await api.stop();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await proxy?.cut();
  await db?.drop();
});

describe('the update log (one statement per batch)', () => {
  it('should store a batch in both tables, in order, and resolve every submitter', async () => {
    const direct = pool(db.url);
    const log = new UpdateLog(() => direct);
    const [a, b] = [randomUUID(), randomUUID()];
    const before = log.batches;
    await Promise.all([log.append(entry(a, [1, 2, 3])), log.append(entry(b, [4, 5], 'server', ['dept:power/notes', 'shared.title'])), log.append(entry(a, [6]))]);
    expect(log.batches - before).toBe(1); // submitted in one tick: one batch
    const { updates, edits } = await rowsOf([a, b]);
    expect(updates.map((u) => [u.doc_id, [...u.update]])).toEqual([
      [a, [1, 2, 3]],
      [b, [4, 5]],
      [a, [6]],
    ]);
    expect(edits).toEqual([
      { doc_id: a, origin: 'client', bytes: 3, sections: ['shared'], paths: ['shared.narrative'] },
      { doc_id: b, origin: 'server', bytes: 2, sections: ['shared'], paths: ['dept:power/notes', 'shared.title'] },
      { doc_id: a, origin: 'client', bytes: 1, sections: ['shared'], paths: ['shared.narrative'] },
    ]);
  });

  it('should store nothing of a batch whose edit-log part fails, reject every submitter in it, and go on with the next batch', async () => {
    const direct = pool(db.url);
    const log = new UpdateLog(() => direct);
    const [a, b] = [randomUUID(), randomUUID()];
    const before = log.batches;
    // edit_log.origin is NOT NULL, doc_update has no such column: only the edit-log part of the statement fails
    const results = await Promise.allSettled([log.append(entry(a, [1])), log.append(entry(b, [2], null)), log.append(entry(a, [3]))]);
    expect(log.batches - before).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/origin/);
    expect(await rowsOf([a, b])).toEqual({ updates: [], edits: [] });
    // the same log stores the next batch (positive marker through the same tables)
    await log.append(entry(a, [7]));
    const after = await rowsOf([a, b]);
    expect(after.updates.map((u) => [...u.update])).toEqual([[7]]);
    expect(after.edits).toHaveLength(1);
  });

  it('should reject appends while PostgreSQL is unreachable and store again once it is back, by itself', async () => {
    const u = new URL(db.url);
    proxy = await TcpProxy.start({ host: u.hostname, port: Number(u.port) });
    const viaProxy = pool(proxy.urlFor(db.url));
    const log = new UpdateLog(() => viaProxy);
    const a = randomUUID();
    await log.append(entry(a, [1]));
    await proxy.cut();
    await expect(log.append(entry(a, [2]))).rejects.toThrow();
    expect((await rowsOf([a])).updates.map((r) => [...r.update])).toEqual([[1]]);
    await proxy.open();
    await log.append(entry(a, [3]));
    expect((await rowsOf([a])).updates.map((r) => [...r.update])).toEqual([[1], [3]]);
  });
});
