// Open-loop relay latency, side by side: Zerobase (durable relay) against the reference
// @y/websocket-server (memory relay), peers run alternately in one run.
//   node tools/bench/open-loop-bench.mjs [--runs 3] [--seconds 15] [--rate 10] [--profile] [--out docs/benchmarks-open-loop.md]
// 10 documents × 5 editors, every editor inserts one character at a random position every
// 1000/rate ms on its own timer (open loop: it never waits for the server). The latency of an
// edit is from the author's insert to a peer's document holding it, for each of the 4 peers.
// Needs a built API (node tools/build-api.mjs), PostgreSQL (DATABASE_ADMIN_URL) and writes
// no test asserts: a measurement.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

process.setMaxListeners(0);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('runs', '3'));
const SECONDS = Number(opt('seconds', '15'));
const RATE = Number(opt('rate', '10'));
const DOCS = Number(opt('docs', '10'));
const PER_DOC = Number(opt('editors', '5'));
const PROFILE = args.includes('--profile');
const OUT = opt('out', null);
const ADMIN_URL = process.env.DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const MAIN_JS = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const REF_SERVER = join(ROOT, 'tools/bench/collab-ref-server.mjs');
const WORK = mkdtempSync(join(tmpdir(), 'open-loop-'));
const TAG = `${process.pid}_${Date.now().toString(36)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...m) => console.error('[open-loop]', ...m);
const quantile = (xs, q) => {
  const s = Float64Array.from(xs).sort();
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] : NaN;
};
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const children = new Set();

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}
async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}
function procCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function start(kind, env, nodeArgs = []) {
  const port = await freePort();
  const script = kind === 'zerobase' ? MAIN_JS : REF_SERVER;
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: WORK,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1', LOGIN_ATTEMPTS_PER_MINUTE: '100000', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(kind === 'zerobase' ? `${base}/api/health` : base)).ok) break;
    } catch {
      /* not up */
    }
    if (i > 600 || child.exitCode !== null) throw new Error(`${kind} did not start: ${errors.slice(-2000)}`);
    await sleep(100);
  }
  const server = { kind, child, base, wsUrl: kind === 'zerobase' ? `ws://127.0.0.1:${port}/collab` : `ws://127.0.0.1:${port}`, token: null };
  if (kind === 'zerobase') {
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@demo.zerobase', password: 'zerobase-demo' }) })).json();
    server.token = login.accessToken;
  }
  return server;
}
async function stop(server) {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const t = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

function openClient(server, name) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, name, doc, { params: server.token ? { token: server.token } : {}, WebSocketPolyfill: WebSocket, disableBc: true, maxBackoffTime: 1000 });
  const client = { doc, provider, closes: 0 };
  provider.on('connection-close', () => client.closes++);
  client.synced = new Promise((r) => provider.on('sync', (s) => s && r()));
  return client;
}

/** One timed run of the open-loop workload against one server; returns latency samples and CPU. */
async function run(server, names) {
  const groups = names.map((name) => Array.from({ length: PER_DOC }, () => openClient(server, name)));
  const clients = groups.flat();
  await Promise.all(clients.map((c) => c.synced));
  await sleep(500);
  const samples = [];
  let sent = 0;
  for (const g of groups)
    for (const c of g) {
      c.text = c.doc.getText('shared/narrative');
      c.sentAt = new Map(); // clock → time of the insert
      c.seen = new Map(); // author clientID → highest clock seen
    }
  for (const g of groups)
    for (const peer of g) {
      const authors = g.filter((a) => a !== peer);
      peer.doc.on('update', () => {
        const now = performance.now();
        for (const a of authors) {
          const clock = Y.getState(peer.doc.store, a.doc.clientID);
          const seen = peer.seen.get(a.doc.clientID) ?? clock;
          for (let k = seen + 1; k <= clock; k++) {
            const t = a.sentAt.get(k);
            if (t !== undefined) samples.push(now - t);
          }
          if (clock > seen) peer.seen.set(a.doc.clientID, clock);
        }
      });
    }
  for (const g of groups) for (const peer of g) for (const a of g) if (a !== peer) peer.seen.set(a.doc.clientID, Y.getState(peer.doc.store, a.doc.clientID));
  const cpu0 = procCpuMs(server.child.pid);
  const t0 = performance.now();
  const timers = clients.map((c) => {
    const tick = () => {
      c.text.insert(Math.floor(Math.random() * (c.text.length + 1)), 'x');
      c.sentAt.set(Y.getState(c.doc.store, c.doc.clientID), performance.now());
      sent++;
    };
    let timer;
    const first = setTimeout(() => {
      tick();
      timer = setInterval(tick, 1000 / RATE);
    }, Math.random() * (1000 / RATE));
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  });
  await sleep(SECONDS * 1000);
  for (const stopTimer of timers) stopTimer();
  const wall = performance.now() - t0;
  const cpu = procCpuMs(server.child.pid) - cpu0;
  // drain: every peer holds every edit, and the texts agree
  const deadline = Date.now() + 20_000;
  const complete = () => groups.every((g) => g.every((p) => g.every((a) => Y.getState(p.doc.store, a.doc.clientID) >= Y.getState(a.doc.store, a.doc.clientID))));
  while (!complete() && Date.now() < deadline) await sleep(50);
  const converged = complete() && groups.every((g) => g.every((c) => c.text.toString() === g[0].text.toString()));
  const expected = sent * (PER_DOC - 1);
  const closes = clients.reduce((n, c) => n + c.closes, 0);
  for (const c of clients) {
    c.provider.destroy();
    c.doc.destroy();
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: quantile(samples, 1), samples: samples.length, expected, sent, cpuPerEditMs: cpu / sent, serverCores: cpu / wall, converged, closes };
}

async function main() {
  const load0 = loadavg();
  if (!existsSync(MAIN_JS)) throw new Error('build the API first: node tools/build-api.mjs');
  const dbName = `zb_open_loop_${TAG}`;
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const results = { zerobase: [], reference: [] };
  try {
    const profArgs = (label) => (PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${WORK}`, `--cpu-prof-name=${label}.cpuprofile`] : []);
    const z = await start('zerobase', { DATABASE_URL: url.toString(), COLLAB_MESSAGES_PER_SECOND: '1000000', COLLAB_IDLE_UNLOAD_MS: '600000' }, profArgs('zerobase'));
    const ref = await start('reference', {}, profArgs('reference'));
    const [cycle] = await (await fetch(`${z.base}/api/cycles`, { headers: { authorization: `Bearer ${z.token}` } })).json();
    const pkgs = await (await fetch(`${z.base}/api/cycles/${cycle.id}/packages`, { headers: { authorization: `Bearer ${z.token}` } })).json();
    const names = pkgs.slice(0, DOCS).map((p) => p.id);
    for (let i = 0; i < RUNS; i++) {
      for (const s of i % 2 === 0 ? [z, ref] : [ref, z]) {
        const r = await run(s, names);
        results[s.kind].push(r);
        log(`${s.kind} run ${i + 1}: p50 ${f(r.p50)} ms p99 ${f(r.p99)} ms, ${r.samples}/${r.expected} deliveries, CPU ${f(r.cpuPerEditMs, 3)} ms/edit, converged ${r.converged}, closes ${r.closes}`);
      }
    }
    await stop(z);
    await stop(ref);
    if (PROFILE) log(`profiles in ${WORK}`);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    const z = results.zerobase[i];
    const r = results.reference[i];
    rows.push(`| ${i + 1} | ${f(z.p50)} | ${f(r.p50)} | ${f(z.p50 - r.p50)} | ${f(z.p99, 1)} | ${f(r.p99, 1)} | ${f(z.p99 / r.p99)}× | ${f(z.cpuPerEditMs, 3)} | ${f(r.cpuPerEditMs, 3)} | ${z.samples}/${z.expected} · ${r.samples}/${r.expected} | ${z.converged && r.converged ? 'yes' : 'NO'} |`);
  }
  const md = [
    `Open loop: ${DOCS} documents × ${PER_DOC} editors × ${RATE} one-character inserts/s each (≈ ${DOCS * PER_DOC * RATE} updates/s, fan-out ${PER_DOC - 1}), ${SECONDS} s per run, ${RUNS} alternating runs; load average ${load0.map((x) => x.toFixed(2)).join(' / ')} at start, ${loadavg().map((x) => x.toFixed(2)).join(' / ')} at the end. Latency in ms from the author's insert to each peer's document holding it.`,
    '',
    '| run | Zerobase p50 | reference p50 | p50 Δ (ms) | Zerobase p99 | reference p99 | p99 ratio | Zerobase CPU ms/edit | reference CPU ms/edit | deliveries seen (Z · ref) | converged |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|',
    ...rows,
  ].join('\n');
  console.log(md);
  if (OUT) writeFileSync(resolve(ROOT, OUT), md + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  },
);
