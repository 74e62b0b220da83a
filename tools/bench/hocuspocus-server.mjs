// Hocuspocus as a peer for tools/bench/relay-bench.mjs: @hocuspocus/server as its documentation
// sets it up, in memory (STORE=memory) or with @hocuspocus/extension-database on PostgreSQL
// (STORE=postgres, DATABASE_URL), at its default debounce (store 2 s after the last change, at
// the latest 10 s after the first). No authentication. GET /docs answers the documents and
// connections held and how many stores ran.
//   HOST=127.0.0.1 PORT=1235 STORE=postgres DATABASE_URL=postgres://… node tools/bench/hocuspocus-server.mjs
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import pg from 'pg';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 1235);
const store = process.env.STORE || 'memory';

const extensions = [];
let stores = 0;
let pool = null;
if (store === 'postgres') {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS hocuspocus_document (name text PRIMARY KEY, data bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
  extensions.push(
    new Database({
      fetch: async ({ documentName }) => (await pool.query(`SELECT data FROM hocuspocus_document WHERE name = $1`, [documentName])).rows[0]?.data ?? null,
      store: async ({ documentName, state }) => {
        await pool.query(`INSERT INTO hocuspocus_document (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`, [documentName, state]);
        stores++;
      },
    }),
  );
} else if (store !== 'memory') {
  throw new Error(`STORE must be memory or postgres, not ${store}`);
}

const server = new Server({
  address: host,
  port,
  quiet: true,
  extensions,
  async onRequest({ request, response }) {
    if (request.url !== '/docs') return;
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ docs: server.hocuspocus.getDocumentsCount(), connections: server.hocuspocus.getConnectionsCount(), stores }));
    throw null; // answered: no default response
  },
  async onDestroy() {
    await pool?.end();
  },
});
await server.listen();
console.log(`hocuspocus (${store}) running at ${host}:${port}`);
