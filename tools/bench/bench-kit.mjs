// What the collaboration benchmarks share: their own PostgreSQL databases, servers started on
// 127.0.0.1 with tools/bench/collab-probe.cjs preloaded (memory, CPU profiles over IPC), CPU
// accounting from /proc, profile summaries, unmodified y-websocket / Hocuspocus clients, and the
// figures' formatting. Each benchmark is its own process, so the state kept here (servers,
// databases, clients started) is that benchmark's, and `cleanup()` ends it.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

process.setMaxListeners(0); // every WebsocketProvider adds a process 'exit' listener

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_URL = process.env.DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const MAIN_JS = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
export const PROBE = join(ROOT, 'tools/bench/collab-probe.cjs');
export const REF_SERVER = join(ROOT, 'tools/bench/collab-ref-server.mjs');
export const HOCUSPOCUS_SERVER = join(ROOT, 'tools/bench/hocuspocus-server.mjs');
export const WORK = mkdtempSync(join(tmpdir(), 'collab-bench-'));
export const TAG = `${process.pid}_${Date.now().toString(36)}`;

/** `--name value` from the command line, or the fallback */
export const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
/** whether `--name` is on the command line */
export const flag = (name) => process.argv.includes(`--${name}`);

const started = performance.now();
export const log = (...m) => console.error(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`, ...m);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
export const ms = (x) => (x < 10 ? fmt(x, 2) : x < 100 ? fmt(x, 1) : fmt(x, 0));
export const ratio = (a, b) => (a && b ? `${fmt(a / b, 2)}×` : '–');
export const quantile = (values, q) => {
  const s = Float64Array.from(values).sort();
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : NaN;
};
export const median = (values) => quantile(values, 0.5);
export const mib = (bytes) => bytes / 1024 / 1024;
export const kib = (bytes) => bytes / 1024;

/** markdown table; a column is right-aligned when most of its cells are figures */
export const table = (head, rows) => {
  const numeric = head.map((_, i) => {
    const cells = rows.map((r) => String(r[i] ?? '')).filter((c) => c !== '');
    return i > 0 && cells.filter((c) => /^(\*\*)?[-–\d]/.test(c)).length * 2 > cells.length;
  });
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (numeric[i] ? '--:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
};

export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

// ---- PostgreSQL -------------------------------------------------------------------------------
const databases = new Set();
export async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
export async function createDatabase(suffix) {
  const name = `zb_collab_bench_${TAG}_${suffix}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  databases.add(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}
export async function dropDatabase(name) {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e) => log(`could not drop ${name}: ${e.message}`));
  databases.delete(name);
}
export async function withDb(db, fn) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
export async function postgresSettings() {
  return (await adminQuery(`SELECT version() AS v, current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fs, current_setting('wal_sync_method') AS ws`)).rows[0];
}

// ---- servers ----------------------------------------------------------------------------------
const children = new Set();
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

export function spawnServer({ label, script, env, nodeArgs = [] }) {
  const logFile = join(WORK, `${label.replace(/\W+/g, '-')}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--expose-gc', '--require', PROBE, ...nodeArgs, script], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  const server = { label, child, pid: child.pid, logFile, errors: [], exited: false };
  const onData = (chunk) => {
    out.write(chunk);
    for (const line of chunk.toString().split('\n')) if (/\bERROR\b|Error:|FATAL/.test(line)) server.errors.push(line.trim().slice(0, 300));
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => {
    server.exited = true;
    server.exitCode = code ?? signal;
    children.delete(child);
    out.end();
  });
  return server;
}

export const tail = (file) => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
};

export async function waitHttp(server, url, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exited) throw new Error(`${server.label} exited (${server.exitCode}) during start-up; log: ${server.logFile}\n${tail(server.logFile)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error(`${server.label} did not answer ${url} in ${timeoutMs} ms; log: ${server.logFile}`);
}

export const DIST_DONE = join(ROOT, 'dist/apps/api/package.json'); // tools/build-api.mjs writes it last
const distReady = () => existsSync(DIST_DONE) && existsSync(MAIN_JS) && existsSync(join(dirname(MAIN_JS), 'app.module.js'));
/** Someone else may rebuild dist/ at any time: wait for a complete build, build it only if none comes. */
export async function ensureDist() {
  for (let waited = 0; !distReady(); waited += 1000) {
    if (waited >= 90_000) {
      log('dist/apps/api is missing: building the API (node tools/build-api.mjs)');
      execFileSync(process.execPath, ['tools/build-api.mjs'], { cwd: ROOT, stdio: 'inherit' });
      break;
    }
    if (waited === 0) log('dist/apps/api is incomplete (being rebuilt?): waiting');
    await sleep(1000);
  }
}

export async function api(server, method, path, body) {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(server.token ? { authorization: `Bearer ${server.token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Creates packages one at a time: concurrent creations can answer 400 for a package that was in
 * fact stored (the ranking recomputed for the response reads packages and their departments in
 * separate queries and sees another new package without its departments). Such an answer is
 * checked and noted in `notes`.
 */
export async function createPackages(server, cycleId, count, prefix, notes) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const code = `${prefix}-${String(i + 1).padStart(3, '0')}`;
    try {
      out.push(await api(server, 'POST', '/api/packages', { cycleId, code, title: `Bench package ${prefix} ${i + 1}`, leadDepartment: 'power', departments: ['power'] }));
    } catch (error) {
      const stored = (await api(server, 'GET', `/api/cycles/${cycleId}/packages`)).find((p) => p.code === code);
      if (!stored) throw error;
      notes.push(`\`POST /api/packages\` answered an error for ${code} although the package was stored: ${String(error.message).slice(0, 200)}`);
      out.push(stored);
    }
  }
  return out;
}

/** The Zerobase API from dist/ on a database of its own, signed in as the demo coordinator. */
export async function startZerobase(label, db, env = {}, nodeArgs = []) {
  for (let attempt = 1; ; attempt++) {
    await ensureDist();
    try {
      return await startZerobaseOnce(label, db, env, nodeArgs);
    } catch (error) {
      // a concurrent rebuild removed files while the server was starting: wait and try again
      if (attempt >= 4 || !/Cannot find module|MODULE_NOT_FOUND|ENOENT/.test(String(error.message))) throw error;
      log(`${label} failed to start (dist/ changing underneath?), retrying`);
      await sleep(3000);
    }
  }
}

async function startZerobaseOnce(label, db, env, nodeArgs) {
  const port = await freePort();
  const t0 = performance.now();
  const server = spawnServer({
    label,
    script: MAIN_JS,
    nodeArgs,
    env: { DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', LOGIN_ATTEMPTS_PER_MINUTE: '100000', LOGIN_CONCURRENT_CHECKS: '64', PACKAGE_CREATIONS_PER_MINUTE: '100000', SEED_DEMO: 'true', ...env },
  });
  Object.assign(server, { kind: 'zerobase', client: 'y-websocket', port, db, env, base: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/collab` });
  await waitHttp(server, `${server.base}/api/health`);
  server.startMs = performance.now() - t0;
  const login = await api(server, 'POST', '/api/auth/login', { email: 'coordinator@demo.zerobase', password: 'zerobase-demo' });
  server.token = login.accessToken;
  log(`${label} up on :${port} in ${fmt(server.startMs)} ms (pid ${server.pid}, ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})`);
  return server;
}

/** @y/websocket-server's own setupWSConnection (tools/bench/collab-ref-server.mjs), documents in memory. */
export async function startReference(label) {
  const port = await freePort();
  const server = spawnServer({ label, script: REF_SERVER, env: { PORT: String(port), HOST: '127.0.0.1' } });
  Object.assign(server, { kind: 'reference', client: 'y-websocket', port, base: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, token: null });
  await waitHttp(server, `${server.base}/`);
  log(`${label} up on :${port} (pid ${server.pid})`);
  return server;
}

/** Hocuspocus (tools/bench/hocuspocus-server.mjs): in memory, or with its database extension on `db`. */
export async function startHocuspocus(label, db = null) {
  const port = await freePort();
  const server = spawnServer({ label, script: HOCUSPOCUS_SERVER, env: { PORT: String(port), HOST: '127.0.0.1', ...(db ? { STORE: 'postgres', DATABASE_URL: db.url } : { STORE: 'memory' }) } });
  Object.assign(server, { kind: db ? 'hocuspocus-db' : 'hocuspocus', client: 'hocuspocus', port, db, base: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, token: null });
  await waitHttp(server, `${server.base}/docs`);
  log(`${label} up on :${port} (pid ${server.pid})`);
  return server;
}

export async function stopServer(server) {
  if (!server || server.exited) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

let probeSeq = 0;
export function probe(server, message) {
  return new Promise((resolveProbe, reject) => {
    const id = ++probeSeq;
    const timer = setTimeout(() => reject(new Error(`${server.label}: probe ${message.probe} timed out`)), 60_000);
    const on = (m) => {
      if (!m || m.id !== id) return;
      server.child.off('message', on);
      clearTimeout(timer);
      if (m.error) reject(new Error(m.error));
      else resolveProbe(m);
    };
    server.child.on('message', on);
    server.child.send({ id, ...message });
  });
}
export function vmRss(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}
/** heap etc. after a forced GC in the server, and RSS from /proc */
export async function memory(server) {
  const { mem } = await probe(server, { probe: 'mem' });
  return { heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers, rss: vmRss(server.pid) };
}

// ---- CPU accounting ----------------------------------------------------------------------------
const CLK_TCK = 100; // USER_HZ on Linux
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime + stime
  } catch {
    return 0;
  }
}
/**
 * CPU time of PostgreSQL processes: every one (postmaster, backends, walwriter, checkpointer …),
 * or with `database` only the backends connected to it (their process title names it).
 */
export function postgresCpuMs(database = null) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres' && !comm.startsWith('postgres:')) continue;
      if (database && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      total += procCpuMs(entry);
    } catch {
      /* gone */
    }
  }
  return total;
}
/**
 * Waits until the server is idle (under 5 % of a core over half a second), so that work left
 * over from an earlier run is not counted in the next; gives up after `maxMs`. Returns the wait.
 */
export async function settle(server, maxMs = 60_000) {
  const t0 = performance.now();
  for (let before = procCpuMs(server.pid); performance.now() - t0 < maxMs; ) {
    await sleep(500);
    const now = procCpuMs(server.pid);
    if (now - before < 25) return { ms: performance.now() - t0, idle: true };
    before = now;
  }
  return { ms: performance.now() - t0, idle: false };
}

/** CPU of the server, of PostgreSQL (all of it, or the server's database's backends) and of this harness since now */
export function cpuMeter(server, { postgresOf = server.kind === 'zerobase' ? 'all' : null } = {}) {
  const pgNow = () => (postgresOf === 'all' ? postgresCpuMs() : postgresOf ? postgresCpuMs(postgresOf) : 0);
  const bench0 = process.cpuUsage();
  const server0 = procCpuMs(server.pid);
  const pg0 = pgNow();
  const t0 = performance.now();
  return () => {
    const b = process.cpuUsage(bench0);
    return {
      wallMs: performance.now() - t0,
      harnessMs: (b.user + b.system) / 1000,
      serverMs: procCpuMs(server.pid) - server0,
      postgresMs: pgNow() - pg0,
    };
  };
}

// ---- CPU profiles -----------------------------------------------------------------------------
/** runs fn while the server samples a CPU profile (node:inspector, like --cpu-prof); `enabled` false: just fn */
export async function profiled(server, name, fn, { intervalUs = 500, enabled = true } = {}) {
  if (!enabled) return { result: await fn(), profile: null };
  const path = join(WORK, `${name}.cpuprofile`);
  await probe(server, { probe: 'prof-start', intervalUs });
  let result;
  try {
    result = await fn();
  } finally {
    await probe(server, { probe: 'prof-stop', path });
  }
  return { result, profile: summarizeProfile(path) };
}

function areaOf(url, fn) {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'V8/native (program)';
  if (!url) return 'native/builtin';
  if (url.includes('/node_modules/yjs/') || url.includes('/node_modules/lib0/')) return 'Yjs + lib0';
  if (url.includes('/node_modules/y-protocols/')) return 'y-protocols';
  if (url.includes('/node_modules/pg') || url.includes('/node_modules/postgres-')) return 'pg driver';
  if (url.includes('/node_modules/typeorm/')) return 'TypeORM';
  if (url.includes('/node_modules/ws/')) return 'ws';
  if (url.includes('/node_modules/@nestjs/') || url.includes('/node_modules/express') || url.includes('/node_modules/rxjs/')) return 'Nest/Express';
  if (url.includes('/dist/apps/api/libs/collab/')) return 'Zerobase libs/collab';
  if (url.includes('/dist/apps/api/')) return 'Zerobase apps/api';
  if (url.includes('/node_modules/@y/websocket-server/')) return 'y-websocket-server';
  if (url.includes('/node_modules/@hocuspocus/')) return 'Hocuspocus';
  if (url.startsWith('node:')) return 'Node.js core';
  if (url.includes('/node_modules/')) return `other (${url.split('/node_modules/').pop().split('/')[0]})`;
  return 'other';
}

const sourceCache = new Map();
function sourceLines(url) {
  const file = url.replace(/^file:\/\//, '');
  if (!sourceCache.has(file)) {
    try {
      sourceCache.set(file, readFileSync(file, 'utf8').split('\n'));
    } catch {
      sourceCache.set(file, []);
    }
  }
  return sourceCache.get(file);
}
const sourceLine = (url, line) => (sourceLines(url)[line] ?? '').trim().replace(/`/g, "'").slice(0, 70);
/** whether one of the few lines after a function's start contains a marker */
const sourceAhead = (url, line, needle) =>
  sourceLines(url)
    .slice(line, line + 3)
    .some((l) => l.includes(needle));

/** self time by area and function, inclusive time of the server's own functions and the Yjs entry points */
export function summarizeProfile(path) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0; // time until the next sample belongs to this one
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) / 1000;
  const fns = new Map();
  const areas = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const file = callFrame.url ? callFrame.url.replace(/^file:\/\//, '').replace(ROOT + '/', '') : '';
    const key = file ? `${name} (${file.replace(/^.*node_modules\//, '').replace(/^dist\/apps\/api\//, '')}:${callFrame.lineNumber + 1})` : name;
    fns.set(key, (fns.get(key) ?? 0) + us / 1000);
    const area = areaOf(callFrame.url, name);
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  const INTERESTING_YJS = new Set(['applyUpdate', 'applyUpdateV2', 'diffUpdate', 'diffUpdateV2', 'encodeStateAsUpdate', 'encodeStateAsUpdateV2', 'encodeStateVector', 'transact', 'readUpdateV2', 'decodeUpdate', 'mergeUpdates', 'cleanupTransactions']);
  for (const n of profile.nodes) {
    const { callFrame } = n;
    const area = areaOf(callFrame.url, callFrame.functionName);
    const name = callFrame.functionName || '(anonymous)';
    const own = area.startsWith('Zerobase');
    const wanted = own || (area === 'Yjs + lib0' && INTERESTING_YJS.has(name)) || (area === 'TypeORM' && name === 'query') || area === 'y-websocket-server';
    if (!wanted || (name === '(anonymous)' && !own)) continue;
    const file = callFrame.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '').replace(/^.*dist\/apps\/api\//, '');
    // anonymous callbacks of the server are named by their compiled source line
    const where = name === '(anonymous)' ? ` \`${sourceLine(callFrame.url, callFrame.lineNumber)}\`${sourceAhead(callFrame.url, callFrame.lineNumber, 'pg_try_advisory_xact_lock') ? ' [compaction]' : ''}` : '';
    keyOf.set(n.id, `${name} (${file}:${callFrame.lineNumber + 1})${where}`);
  }
  const inclusive = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const k = keyOf.get(id);
      if (k && !seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + dt / 1000);
      }
    }
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => ({ name: k, ms: v, pct: (100 * v) / total }));
  return { totalMs: total, functions: top(fns, 12), areas: top(areas, 12), inclusive: top(inclusive, 18), inclusiveAll: top(inclusive, 200), file: path };
}

export function profileTable(p, title, { functions = 12, inclusive = 18 } = {}) {
  if (!p) return '';
  const busy = p.areas.filter((a) => a.name !== 'idle').reduce((s, a) => s + a.ms, 0);
  const lines = [`<details><summary>${title}: ${fmt(p.totalMs)} ms sampled, ${fmt((100 * busy) / p.totalMs)} % busy</summary>`, '', '| area (self time) | ms | % |', '|---|--:|--:|'];
  for (const a of p.areas) lines.push(`| ${a.name} | ${fmt(a.ms)} | ${fmt(a.pct, 1)} |`);
  lines.push('', '| hottest functions (self time) | ms | % |', '|---|--:|--:|');
  for (const f of p.functions.slice(0, functions)) lines.push(`| \`${f.name.replace(/\|/g, '\\|')}\` | ${fmt(f.ms)} | ${fmt(f.pct, 1)} |`);
  if (p.inclusive.length && inclusive) {
    lines.push('', '| server code and Yjs entry points (inclusive, synchronous part) | ms | % |', '|---|--:|--:|');
    for (const f of p.inclusive.slice(0, inclusive)) {
      const [head, ...code] = f.name.split(' `');
      const label = `\`${head}\`${code.length ? ' — `' + code.join(' `') : ''}`;
      lines.push(`| ${label.replace(/\|/g, '\\|')} | ${fmt(f.ms)} | ${fmt(f.pct, 1)} |`);
    }
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}

// ---- clients ----------------------------------------------------------------------------------
const allClients = new Set();
let HocuspocusProvider = null;
/** loads @hocuspocus/provider (a dev dependency only the Hocuspocus peers need) */
export async function loadHocuspocusProvider() {
  HocuspocusProvider ??= (await import('@hocuspocus/provider')).HocuspocusProvider;
}

/**
 * An unmodified client of the server's own protocol on document `name`: y-websocket's
 * WebsocketProvider (Zerobase, reference) or @hocuspocus/provider (Hocuspocus), each with a
 * WebSocket of its own. `client.origin` is the transaction origin of the updates it receives;
 * `synced` resolves at its first sync, `reconnect()` drops the socket and resolves at the next.
 */
export function openClient(server, name, doc = new Y.Doc()) {
  const client = { doc, name, server, closes: [], closing: false };
  if (server.client === 'hocuspocus') {
    if (!HocuspocusProvider) throw new Error('call loadHocuspocusProvider() first');
    const provider = new HocuspocusProvider({ url: server.wsUrl, name, document: doc, WebSocketPolyfill: WebSocket, maxDelay: 1000 });
    client.provider = provider;
    client.origin = provider;
    provider.on('close', ({ event }) => {
      if (!client.closing) client.closes.push(`${event?.code ?? '?'} ${event?.reason ?? ''}`.trim());
    });
    client.onSync = (fn) => {
      const on = ({ state }) => state && fn();
      provider.on('synced', on);
      return () => provider.off('synced', on);
    };
    client.drop = () => provider.configuration.websocketProvider.webSocket?.close();
  } else {
    const provider = new WebsocketProvider(server.wsUrl, name, doc, {
      params: server.token ? { token: server.token } : {},
      WebSocketPolyfill: WebSocket,
      disableBc: true, // in one process, BroadcastChannel would sync the clients without the server
      maxBackoffTime: 1000,
    });
    client.provider = provider;
    client.origin = provider;
    provider.on('connection-close', (event) => {
      if (!client.closing) client.closes.push(`${event?.code ?? '?'} ${event?.reason ?? ''}`.trim());
    });
    client.onSync = (fn) => {
      const on = (state) => state && fn();
      provider.on('sync', on);
      return () => provider.off('sync', on);
    };
    client.drop = () => provider.ws?.close();
  }
  const nextSync = (what) =>
    new Promise((resolveSync, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${server.label}: ${name} did not ${what} within 120 s (closes: ${client.closes.join('; ')})`));
      }, 120_000);
      const off = client.onSync(() => {
        clearTimeout(timer);
        off();
        resolveSync();
      });
    });
  client.synced = nextSync('sync');
  /** closes the socket as a network drop would; the provider reconnects by itself */
  client.reconnect = () => {
    const again = nextSync('sync again');
    client.drop();
    return again;
  };
  client.close = (destroyDoc = true) => {
    if (client.closing) return;
    client.closing = true;
    client.provider.destroy();
    if (destroyDoc) doc.destroy();
    allClients.delete(client);
  };
  allClients.add(client);
  return client;
}
export const clockOf = (doc, clientId) => Y.getState(doc.store, clientId);
export const closesOf = (clients) => clients.flatMap((c) => c.closes);

/** waits until predicate() holds, re-checked on every update of the given docs (and every 50 ms) */
export function until(docs, predicate, timeoutMs, what) {
  return new Promise((resolveUntil, reject) => {
    if (predicate()) return resolveUntil();
    const check = () => {
      if (!predicate()) return;
      cleanup();
      resolveUntil();
    };
    const timer = setInterval(check, 50);
    const deadline = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      for (const d of docs) d.off('update', check);
    };
    for (const d of docs) d.on('update', check);
  });
}
export function equalSv(a, b) {
  const sa = Y.decodeStateVector(Y.encodeStateVector(a));
  const sb = Y.decodeStateVector(Y.encodeStateVector(b));
  if (sa.size !== sb.size) return false;
  for (const [k, v] of sa) if (sb.get(k) !== v) return false;
  return true;
}
/** the document's state as a fresh client syncs it */
export async function stateOf(server, name) {
  const c = openClient(server, name);
  await c.synced;
  const state = Y.encodeStateAsUpdate(c.doc);
  c.close();
  return state;
}

// ---- editing traces ------------------------------------------------------------------------------
/** applies one trace transaction's patches ([position, deleted, inserted]) to a Y.Text */
export const applyPatches = (text, patches) => {
  for (const [pos, del, ins] of patches) {
    if (del > 0) text.delete(pos, del);
    if (ins) text.insert(pos, ins);
  }
};

/**
 * A sequential trace replayed live: one writer applies every transaction in order to the text
 * `textName` (one update each), keeping at most `window` of them not yet received by a watching
 * client (closed loop: an open-loop flood of a whole trace builds a backlog after which the
 * standard client's 30-s liveness check reconnects it); the time runs until the watcher holds
 * the writer's final state. `open(server, name)` opens the clients; `meter()` starts the CPU meter.
 */
export async function replaySequentialTrace(server, name, trace, { open = openClient, meter: startMeter = () => cpuMeter(server), textName, window = 2000 }) {
  const writer = open(server, name);
  const watcher = open(server, name);
  await Promise.all([writer.synced, watcher.synced]);
  const text = writer.doc.getText(textName);
  if (text.length !== 0) throw new Error(`${server.label}: the trace document's text is not empty`);
  const me = writer.doc.clientID;
  const n = trace.txns.length;
  const sentAt = new Float64Array(n);
  const clockAfter = new Float64Array(n);
  const latency = new Float64Array(n);
  let sent = 0;
  let seen = 0;
  let patches = 0;
  let localMs = 0;
  let wake = null;
  watcher.doc.on('update', () => {
    const clock = clockOf(watcher.doc, me);
    const now = performance.now();
    while (seen < sent && clockAfter[seen] <= clock) latency[seen] = now - sentAt[seen++];
    if (wake && sent - seen < window / 2) {
      const w = wake;
      wake = null;
      setImmediate(w);
    }
  });
  const meter = startMeter();
  const t0 = performance.now();
  const deadline = Date.now() + 300_000;
  while (sent < n) {
    if (sent - seen >= window) {
      await new Promise((r) => (wake = r));
      if (Date.now() > deadline) throw new Error(`${server.label}: the trace replay did not finish in 300 s (closes: ${closesOf([writer, watcher]).join('; ')})`);
      continue;
    }
    const l0 = performance.now();
    const end = Math.min(n, sent + Math.min(500, window - (sent - seen)));
    while (sent < end) {
      sentAt[sent] = performance.now();
      writer.doc.transact(() => applyPatches(text, trace.txns[sent].patches));
      patches += trace.txns[sent].patches.length;
      clockAfter[sent] = clockOf(writer.doc, me);
      sent++;
    }
    localMs += performance.now() - l0;
    await new Promise((r) => setImmediate(r)); // let replies in
  }
  await until([watcher.doc], () => seen >= n, 300_000, `${server.label}: the watcher to receive the whole trace`);
  const totalMs = performance.now() - t0;
  const cpu = meter();
  const watcherText = watcher.doc.getText(textName).toString();
  const ok = watcherText === trace.endContent && text.toString() === trace.endContent;
  const closes = closesOf([writer, watcher]);
  writer.close();
  watcher.close();
  const lat = latency.subarray(0, seen);
  return { txns: n, patches, localMs, totalMs, perSec: n / (totalMs / 1000), p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), ok, closes, cpu, finalLength: watcherText.length };
}

/** Ends what this benchmark started: servers, clients, databases. */
export async function cleanup() {
  for (const child of [...children]) child.kill('SIGKILL');
  for (const c of [...allClients]) {
    try {
      c.close();
    } catch {
      /* ignore */
    }
  }
  for (const name of [...databases]) await dropDatabase(name);
}

/** Runs a benchmark's main with cleanup on success, failure, Ctrl-C and a watchdog. */
export async function runBenchmark(name, main, { watchdogMinutes }) {
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${watchdogMinutes} minutes; giving up`);
    void cleanup().finally(() => process.exit(2));
  }, watchdogMinutes * 60_000);
  watchdog.unref();
  try {
    await main();
    await cleanup();
    process.exit(0);
  } catch (error) {
    console.error(error);
    await cleanup();
    process.exit(1);
  }
}
