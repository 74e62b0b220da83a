#!/usr/bin/env node
// The commit of one accepted change alone (no sockets, no merge): the update log's statement
// (apps/api update-log.ts: doc_update + edit_log in one statement on the pg pool, from the
// build) against the previous path (a TypeORM transaction: checkout, BEGIN, two INSERTs, COMMIT),
// alternating in rounds, one append at a time (each waits for its commit), on a fresh database
// migrated by the built server. Durable commits (synchronous_commit as the server has it).
//   node tools/bench/append-micro.mjs [appends per round, default 1000] [rounds, default 3]
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase, ensureDist, fmt, log, quantile, ROOT, startZerobase, stopServer } from './bench-kit.mjs';

const N = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 3);
const require = createRequire(import.meta.url);

await ensureDist();
const { UpdateLog } = require(join(ROOT, 'dist/apps/api/apps/api/src/core/collab/update-log.js'));
const db = await createDatabase('append');
try {
  // the schema as the server migrates it
  const server = await startZerobase('zerobase', db);
  await stopServer(server);

  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  const log1 = new UpdateLog(() => pool);
  const ds = new DataSource({ type: 'postgres', url: db.url, logging: ['error'], extra: { max: 10 } });
  await ds.initialize();
  /** the previous DocStore.appendBatch, verbatim */
  const previous = (batch) =>
    ds.transaction(async (em) => {
      await em.query(`INSERT INTO doc_update (doc_id, update) SELECT * FROM unnest($1::uuid[], $2::bytea[])`, [batch.map((b) => b.docId), batch.map((b) => Buffer.from(b.update))]);
      await em.query(
        `INSERT INTO edit_log (doc_id, cycle_id, user_id, department_id, origin, bytes, sections, paths)
         SELECT d, c, u, dep, o, b, string_to_array(s, ','), string_to_array(p, E'\\n')
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[]) AS t(d, c, u, dep, o, b, s, p)`,
        [
          batch.map((b) => b.docId),
          batch.map((b) => b.edit.cycleId),
          batch.map((b) => b.edit.userId),
          batch.map((b) => b.edit.departmentId),
          batch.map((b) => b.edit.origin),
          batch.map((b) => b.update.byteLength),
          batch.map((b) => b.edit.sections.join(',')),
          batch.map((b) => (b.edit.paths ?? []).join('\n')),
        ],
      );
    });
  const docs = Array.from({ length: 10 }, () => randomUUID());
  const entry = (i) => ({
    docId: docs[i % docs.length],
    update: new Uint8Array(24).fill(i % 251),
    edit: { cycleId: randomUUID(), userId: randomUUID(), departmentId: null, origin: 'client', sections: ['shared'], paths: ['shared.narrative'] },
  });
  const paths = { 'one statement (update-log.ts)': (e) => log1.append(e), 'TypeORM transaction (before)': (e) => previous([e]) };
  const results = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
  for (const append of Object.values(paths)) for (let i = 0; i < 50; i++) await append(entry(i)); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, append] of Object.entries(paths)) {
      const load = loadavg()[0];
      const samples = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        const t = performance.now();
        await append(entry(i));
        samples.push(performance.now() - t);
      }
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const r = { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), cpuMs: (cpu.user + cpu.system) / 1000 / N, perSec: (N / wall) * 1000, load };
      results[name].push(r);
      log(`${name}: p50 ${fmt(r.p50, 3)} p99 ${fmt(r.p99, 3)} ms, node CPU ${fmt(r.cpuMs, 3)} ms/append, ${fmt(r.perSec)} appends/s, load ${fmt(load, 1)}`);
    }
  }
  await ds.destroy();
  await pool.end();
} finally {
  await dropDatabase(db.name);
}
process.exit(0);
