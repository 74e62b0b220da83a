#!/usr/bin/env node
// The relay side by side: Zerobase (`/collab`, every change committed to PostgreSQL before it is
// relayed) against the reference @y/websocket-server (memory), Hocuspocus in memory and
// Hocuspocus with its database extension on PostgreSQL (default debounce), with the same
// unmodified clients (y-websocket's WebsocketProvider for the first two, @hocuspocus/provider for
// Hocuspocus) in one harness process, peers alternating within every phase of one run:
//   1. open loop: 10 documents × 5 editors × 10 one-character inserts/s, 15 s, 3 runs
//   2. one writer → 50 readers on one document
//   3. closed-loop saturation: edits/s seen by all peers, server CPU per edit
//   4. replay of real traces: automerge-paper (sequential) and friendsforever (2 concurrent agents)
//   5. memory per idle loaded document, then a reconnect storm of 1 000 clients
//   6. cold load + sync of a compacted 100 000-update document (real trace and random positions)
// It starts and stops every server itself (127.0.0.1, random ports), uses databases of its own
// and stops by itself. A measurement, not a test.
//   node tools/bench/relay-bench.mjs [--out docs/benchmarks-relay.md] [--quick] [--only open,fanout,saturation,trace,storm,cold] [--trace-txns 30000] [--no-profile]
//     [--peers zerobase,reference]  (a partial run for quick comparisons: the phases before the cold load run only these peers, and no report is written; the figures are in the log)
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import {
  api,
  applyPatches,
  clockOf,
  closesOf,
  cpuMeter,
  createDatabase,
  createPackages,
  DIST_DONE,
  dropDatabase,
  ensureDist,
  flag,
  fmt,
  kib,
  loadHocuspocusProvider,
  log,
  mapLimit,
  median,
  memory,
  mib,
  ms,
  openClient,
  option,
  postgresSettings,
  profiled,
  profileTable,
  quantile,
  replaySequentialTrace,
  ROOT,
  runBenchmark,
  settle,
  sleep,
  startHocuspocus,
  startReference,
  startZerobase,
  stateOf,
  stopServer,
  table,
  until,
  withDb,
  WORK,
} from './bench-kit.mjs';

const opt = option;
const OUT = resolve(ROOT, opt('out', 'docs/benchmarks-relay.md'));
const QUICK = flag('quick'); // a smoke run of the harness
const PROFILE = !flag('no-profile');
const ONLY = new Set(opt('only', 'open,fanout,saturation,trace,storm,cold').split(','));
const PEERS = new Set(opt('peers', 'zerobase,reference,hocuspocus,hocuspocus-db').split(','));
const SEQ_TRACE = '/work/shared/data/traces/sequential_traces/ascii_only/automerge-paper.json.gz';
const CONC_TRACE = '/work/shared/data/traces/concurrent_traces/friendsforever.json.gz';

const OPEN = { docs: 10, editors: 5, rate: 10, seconds: QUICK ? 3 : 15, runs: QUICK ? 1 : 3 };
const FANOUT = { readers: 50, rate: 20, seconds: QUICK ? 3 : 10 };
const SATURATION = { docs: 10, editors: 5, window: 64, seconds: QUICK ? 3 : 8, warmupMs: QUICK ? 1000 : 2000 };
const TRACE_WINDOW = 2000;
// Zerobase's cost per update grows with the document (see the report), so the whole 259 778-transaction
// replay would take many minutes on it: every peer replays the same first transactions
const TRACE_TXNS = Number(opt('trace-txns', QUICK ? '10000' : '30000'));
const MEMORY_DOCS = QUICK ? 40 : 200;
const STORM_CLIENTS = QUICK ? 200 : 1000;
const BIG_UPDATES = Number(opt('big-updates', QUICK ? '10000' : '100000'));
const COLD_REPS = 3;
const UNLOADED_WAIT_MS = 800; // the cold-load Zerobase unloads after 500 ms idle (sweep every 125 ms)
const TEXT = 'shared/narrative';

const PEER_LABEL = { zerobase: 'Zerobase', reference: 'reference', hocuspocus: 'Hocuspocus', 'hocuspocus-db': 'Hocuspocus + PostgreSQL' };
const PEER_KINDS = ['zerobase', 'reference', 'hocuspocus', 'hocuspocus-db'];
/** peers in a rotated order: run i of a phase starts with a different peer */
const rotated = (peers, i) => peers.map((_, k) => peers[(k + i) % peers.length]);
const load1 = () => loadavg()[0];
const loadCell = (l) => (Array.isArray(l) ? `${fmt(Math.min(...l), 1)}–${fmt(Math.max(...l), 1)}` : fmt(l, 1));
const notes = [];

// ---- documents ----------------------------------------------------------------------------------
/** The states the peers start from: copies of the Zerobase package documents, by name. */
const seeds = new Map();
/** a client document holding the seed state: every client starts from it, on every peer */
function seeded(name) {
  const doc = new Y.Doc();
  const seed = seeds.get(name);
  if (seed) Y.applyUpdate(doc, seed);
  return doc;
}
const openSeeded = (server, name) => openClient(server, name, seeded(name));

/** before every measured run: the server has finished what the previous run left it (noted if it had not after 60 s) */
async function settled(server, what) {
  const s = await settle(server);
  if (!s.idle) notes.push(`${PEER_LABEL[server.kind]} was still busy 60 s after the run before ${what}`);
  else if (s.ms > 2000) log(`${server.label}: idle after ${fmt(s.ms)} ms`);
  return s.ms;
}

const pgOf = (server) => server.db?.name ?? null;
const meterOf = (server) => cpuMeter(server, { postgresOf: pgOf(server) });

// ---- 1 + 2. open loop ----------------------------------------------------------------------------
/**
 * Every editor inserts one character at a random position every 1000/rate ms on its own timer
 * (open loop: it never waits for the server); readers only read. Latency of an edit: from the
 * author's insert to each other client's document holding it.
 */
async function openLoop(server, names, { editors, readers = 0, rate, seconds }) {
  const load = load1();
  const groups = names.map((name) => ({
    editors: Array.from({ length: editors }, () => openSeeded(server, name)),
    readers: Array.from({ length: readers }, () => openSeeded(server, name)),
  }));
  const clients = groups.flatMap((g) => [...g.editors, ...g.readers]);
  await Promise.all(clients.map((c) => c.synced));
  await sleep(500);
  const samples = [];
  let sent = 0;
  for (const g of groups) {
    for (const e of g.editors) {
      e.text = e.doc.getText(TEXT);
      e.sentAt = new Map(); // clock → time of the insert
    }
    for (const peer of [...g.editors, ...g.readers]) {
      const authors = g.editors.filter((a) => a !== peer);
      peer.seen = new Map(authors.map((a) => [a.doc.clientID, clockOf(peer.doc, a.doc.clientID)]));
      peer.doc.on('update', () => {
        const now = performance.now();
        for (const a of authors) {
          const clock = clockOf(peer.doc, a.doc.clientID);
          const seen = peer.seen.get(a.doc.clientID);
          if (clock <= seen) continue;
          for (let k = seen + 1; k <= clock; k++) {
            const t = a.sentAt.get(k);
            if (t !== undefined) samples.push(now - t);
          }
          peer.seen.set(a.doc.clientID, clock);
        }
      });
    }
  }
  const meter = meterOf(server);
  const writers = groups.flatMap((g) => g.editors);
  const timers = writers.map((c) => {
    const tick = () => {
      c.text.insert(Math.floor(Math.random() * (c.text.length + 1)), 'x');
      c.sentAt.set(clockOf(c.doc, c.doc.clientID), performance.now());
      sent++;
    };
    let timer;
    const first = setTimeout(
      () => {
        tick();
        timer = setInterval(tick, 1000 / rate);
      },
      Math.random() * (1000 / rate),
    );
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  });
  await sleep(seconds * 1000);
  for (const stopTimer of timers) stopTimer();
  const cpu = meter();
  // drain: every client holds every edit, and the texts agree
  const complete = () => groups.every((g) => [...g.editors, ...g.readers].every((p) => g.editors.every((a) => clockOf(p.doc, a.doc.clientID) >= clockOf(a.doc, a.doc.clientID))));
  let drained = true;
  await until(
    clients.map((c) => c.doc),
    complete,
    20_000,
    'the open loop to drain',
  ).catch(() => (drained = false));
  const converged = drained && groups.every((g) => [...g.editors, ...g.readers].every((c) => c.doc.getText(TEXT).toString() === g.editors[0].text.toString()));
  const fanout = editors - 1 + readers;
  const closes = closesOf(clients);
  for (const c of clients) c.close();
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: quantile(samples, 1), samples: samples.length, expected: sent * fanout, sent, cpu, converged, closes, load };
}

// ---- 3. closed-loop saturation ---------------------------------------------------------------------
/** Every editor keeps at most `window` of its edits not yet seen by all its peers, as fast as the server relays. */
async function saturation(server, names) {
  const load = load1();
  const groups = names.map((name) => Array.from({ length: SATURATION.editors }, () => openSeeded(server, name)));
  const clients = groups.flat();
  await Promise.all(clients.map((c) => c.synced));
  await sleep(300);
  let running = true;
  for (const c of clients) {
    c.text = c.doc.getText(TEXT);
    c.id = c.doc.clientID;
    c.sent = 0;
  }
  const seenByAll = (g, e) => {
    let min = Infinity;
    for (const p of g) if (p !== e) min = Math.min(min, clockOf(p.doc, e.id));
    return min;
  };
  for (const g of groups) for (const e of g) e.base = seenByAll(g, e);
  const pump = (g) => {
    g.scheduled = false;
    if (!running) return;
    for (const e of g)
      while (running && e.sent - (seenByAll(g, e) - e.base) < SATURATION.window) {
        e.text.insert(Math.floor(Math.random() * (e.text.length + 1)), 'x'); // one character = one clock tick
        e.sent++;
      }
  };
  for (const g of groups)
    for (const c of g)
      c.doc.on('update', (_u, origin) => {
        if (origin !== c.origin || g.scheduled) return;
        g.scheduled = true;
        setImmediate(() => pump(g));
      });
  const complete = () => groups.reduce((s, g) => s + g.reduce((t, e) => t + seenByAll(g, e) - e.base, 0), 0);
  const meter = meterOf(server);
  const t0 = performance.now();
  for (const g of groups) pump(g);
  await sleep(SATURATION.warmupMs);
  const warm = { t: performance.now(), complete: complete() };
  const windows = [];
  let last = warm;
  const sampler = setInterval(() => {
    const now = { t: performance.now(), complete: complete() };
    windows.push((now.complete - last.complete) / ((now.t - last.t) / 1000));
    last = now;
  }, 1000);
  await sleep(SATURATION.seconds * 1000 - SATURATION.warmupMs);
  clearInterval(sampler);
  running = false;
  const atStop = { t: performance.now(), complete: complete() };
  const sent = clients.reduce((s, c) => s + c.sent, 0);
  let drained = true;
  await until(
    clients.map((c) => c.doc),
    () => groups.every((g) => g.every((e) => seenByAll(g, e) - e.base >= e.sent)),
    20_000,
    'the saturation run to drain',
  ).catch(() => (drained = false));
  const cpu = meter(); // through the drain: every edit sent was relayed within it
  const converged = drained && groups.every((g) => g.every((c) => c.text.toString() === g[0].text.toString()));
  const closes = closesOf(clients);
  for (const c of clients) c.close();
  return { editsPerSec: (atStop.complete - warm.complete) / ((atStop.t - warm.t) / 1000), slowest: Math.min(...windows), fastest: Math.max(...windows), sent, cpu, drainMs: performance.now() - atStop.t, converged, closes, load, wallMs: atStop.t - t0 };
}

// ---- 4. traces -----------------------------------------------------------------------------------
function loadTrace(path) {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
}
/** the first `count` transactions of a sequential trace, with the text they end in */
function firstOf(full, count) {
  const trace = { ...full };
  if (Number.isFinite(count) && full.txns.length > count) {
    trace.txns = full.txns.slice(0, count);
    let s = trace.startContent ?? '';
    for (const t of trace.txns) for (const [pos, del, ins] of t.patches) s = s.slice(0, pos) + ins + s.slice(pos + del);
    trace.endContent = s;
  }
  return trace;
}
/** the sequential trace live (bench-kit), every client starting from the document's seed */
async function replaySequential(server, name, trace) {
  const load = load1();
  const run = await replaySequentialTrace(server, name, trace, { open: openSeeded, meter: () => meterOf(server), textName: TEXT, window: TRACE_WINDOW });
  return { ...run, load };
}

/**
 * Concurrent trace, prepared once in the harness: each agent's transactions are generated on a
 * document that holds exactly the transaction's causal past (its own earlier ones and the other
 * agent's it has merged), which is where its positions are meant.
 */
function prepareConcurrent(trace) {
  const agents = trace.numAgents;
  const n = trace.txns.length;
  const sims = Array.from({ length: agents }, (_, a) => {
    const d = new Y.Doc();
    d.clientID = 1_000_000 + a;
    return d;
  });
  const byAgent = Array.from({ length: agents }, () => []);
  const merged = Array.from({ length: agents }, () => new Int32Array(agents)); // per sim doc: how many of agent b's txns it holds
  const frontier = new Array(n);
  const updates = new Array(n);
  const clockAfter = new Int32Array(n);
  const needs = new Array(n);
  for (let t = 0; t < n; t++) {
    const tx = trace.txns[t];
    const f = new Int32Array(agents).fill(-1);
    for (const p of tx.parents) for (let b = 0; b < agents; b++) f[b] = Math.max(f[b], frontier[p][b]);
    const a = tx.agent;
    const d = sims[a];
    for (let b = 0; b < agents; b++) {
      const own = byAgent[b];
      if (b === a) {
        if ((own.at(-1) ?? -1) !== f[a]) throw new Error(`friendsforever txn ${t}: agent ${a} has own edits outside its causal past`);
        continue;
      }
      while (merged[a][b] < own.length && own[merged[a][b]] <= f[b]) Y.applyUpdate(d, updates[own[merged[a][b]++]]);
    }
    needs[t] = Array.from({ length: agents }, (_, b) => (b === a || f[b] < 0 ? 0 : clockAfter[f[b]]));
    let captured = null;
    const capture = (u) => (captured = u);
    d.on('update', capture);
    d.transact(() => applyPatches(d.getText(TEXT), tx.patches));
    d.off('update', capture);
    updates[t] = captured;
    clockAfter[t] = clockOf(d, d.clientID);
    byAgent[a].push(t);
    f[a] = t;
    frontier[t] = f;
  }
  const all = new Y.Doc();
  for (const u of updates) if (u) Y.applyUpdate(all, u);
  const finalText = all.getText(TEXT).toString();
  const finalClocks = sims.map((d) => clockOf(all, d.clientID));
  return { agents, n, updates, needs, byAgent, simIds: sims.map((d) => d.clientID), finalText, finalClocks, matchesEndContent: finalText === trace.endContent };
}

/** Both agents live, each sending its own transactions in order once its document holds their causal past (from the server). */
async function replayConcurrent(server, name, prep) {
  const load = load1();
  const clients = prep.simIds.map(() => openSeeded(server, name));
  await Promise.all(clients.map((c) => c.synced));
  if (clients[0].doc.getText(TEXT).length !== 0) throw new Error(`${server.label}: the trace document's narrative is not empty`);
  const next = new Int32Array(prep.agents);
  const pump = (a) => {
    const c = clients[a];
    c.scheduled = false;
    const own = prep.byAgent[a];
    while (next[a] < own.length) {
      const t = own[next[a]];
      const need = prep.needs[t];
      let ready = true;
      for (let b = 0; b < prep.agents && ready; b++) if (need[b] > clockOf(c.doc, prep.simIds[b])) ready = false;
      if (!ready) return;
      Y.applyUpdate(c.doc, prep.updates[t]); // a local change of this client: its provider sends it
      next[a]++;
      if (next[a] % 200 === 0) {
        c.scheduled = true;
        setImmediate(() => pump(a)); // let replies in
        return;
      }
    }
  };
  clients.forEach((c, a) =>
    c.doc.on('update', (_u, origin) => {
      if (origin !== c.origin || c.scheduled) return;
      c.scheduled = true;
      setImmediate(() => pump(a));
    }),
  );
  const meter = meterOf(server);
  const t0 = performance.now();
  clients.forEach((_, a) => pump(a));
  const done = () => clients.every((c) => prep.simIds.every((id, b) => clockOf(c.doc, id) >= prep.finalClocks[b]));
  await until(
    clients.map((c) => c.doc),
    done,
    300_000,
    `${server.label}: both agents to hold the whole concurrent trace`,
  );
  const totalMs = performance.now() - t0;
  const cpu = meter();
  const texts = clients.map((c) => c.doc.getText(TEXT).toString());
  const ok = texts.every((t) => t === prep.finalText);
  const closes = closesOf(clients);
  for (const c of clients) c.close();
  return { txns: prep.n, totalMs, perSec: prep.n / (totalMs / 1000), ok, closes, cpu, load };
}

// ---- 5. memory, reconnect storm ------------------------------------------------------------------
async function docsHeld(server) {
  if (server.kind === 'zerobase') return null;
  return (await (await fetch(`${server.base}/docs`)).json()).docs;
}

/**
 * 200 documents, each opened by one idle client (memory with the documents loaded), then by a
 * second idle client (what one more connection costs), then by 5 clients (1 000 in all): every
 * client's socket is closed at once, and 1 000 new clients on the same client documents (as a
 * reconnect after a network cut or a restart) sync at the same moment.
 */
async function memoryAndStorm(server, names) {
  const out = { load: load1() };
  const before = await memory(server);
  const first = await mapLimit(names, 16, async (name) => {
    const c = openSeeded(server, name);
    await c.synced;
    return c;
  });
  await sleep(500);
  const withDocs = await memory(server);
  const second = await mapLimit(names, 16, async (name) => {
    const c = openSeeded(server, name);
    await c.synced;
    return c;
  });
  await sleep(500);
  const withTwo = await memory(server);
  out.memory = { before, withDocs, withTwo, held: await docsHeld(server) };
  const perClient = Math.max(1, Math.round(STORM_CLIENTS / names.length));
  const more = [];
  const tConnect = performance.now();
  await mapLimit(
    names.flatMap((name) => Array.from({ length: perClient - 2 }, () => name)),
    50,
    async (name) => {
      const c = openSeeded(server, name);
      await c.synced;
      more.push(c);
    },
  );
  out.connectMs = performance.now() - tConnect;
  const clients = [...first, ...second, ...more];
  out.clients = clients.length;
  const rssConnected = (await memory(server)).rss;
  // the storm: every socket closed at once, then every client back at the same moment
  const docs = clients.map((c) => ({ name: c.name, doc: c.doc }));
  for (const c of clients) c.close(false);
  await sleep(1000);
  const meter = meterOf(server);
  const t0 = performance.now();
  const again = docs.map(({ name, doc }) => {
    const c = openClient(server, name, doc);
    c.t = c.synced.then(
      () => performance.now() - t0,
      () => NaN,
    );
    return c;
  });
  const times = await Promise.all(again.map((c) => c.t));
  const cpu = meter();
  const ok = times.filter((t) => Number.isFinite(t));
  const closes = closesOf(again);
  // every client holds its document whole again: the texts of the clients on one document agree
  const byName = new Map();
  for (const c of again) byName.set(c.name, [...(byName.get(c.name) ?? []), c.doc.getText(TEXT).toString()]);
  const agree = [...byName.values()].every((texts) => texts.every((t) => t === texts[0]));
  out.storm = { clients: again.length, synced: ok.length, p50: quantile(ok, 0.5), p99: quantile(ok, 0.99), allMs: Math.max(...ok), cpu, closes, agree, rssConnected, rssAfter: (await memory(server)).rss };
  for (const c of again) c.close();
  return out;
}

// ---- 6. cold load + sync of 100 000 updates --------------------------------------------------------
function generateUpdates(base, kind, trace) {
  const gen = new Y.Doc();
  Y.applyUpdate(gen, base);
  const updates = [];
  gen.on('update', (u) => updates.push(u));
  const t = gen.getText(TEXT);
  if (kind === 'trace') {
    // real typing: consecutive characters of one author merge into few items
    for (const txn of trace.txns.slice(0, BIG_UPDATES)) gen.transact(() => applyPatches(t, txn.patches));
  } else {
    // the worst case for a snapshot: no two characters adjacent in time are adjacent in the text
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < BIG_UPDATES; i++) {
      if (i % 10 === 9 && t.length > 0) t.delete(Math.floor(rand() * t.length), 1);
      else t.insert(Math.floor(rand() * (t.length + 1)), String.fromCharCode(97 + (i % 26)));
    }
  }
  const state = Y.encodeStateAsUpdate(gen);
  const out = { updates, expected: t.toString(), state };
  let structs = 0;
  gen.store.clients.forEach((s) => (structs += s.length));
  out.structs = structs;
  gen.destroy();
  return out;
}

/** one new client, from `new …Provider` to its sync, checked against the expected text */
async function timedSync(server, name, expected) {
  const s = performance.now();
  const c = openClient(server, name);
  await c.synced;
  const t = performance.now() - s;
  if (c.doc.getText(TEXT).toString() !== expected) throw new Error(`${server.label}: the synced narrative of ${name} differs from the generated one`);
  return { t, client: c };
}

async function hocuspocusUnloaded(server, name) {
  for (let i = 0; i < 100 && (await docsHeld(server)) > 0; i++) await sleep(50);
  if ((await docsHeld(server)) > 0) notes.push(`${server.label} still held a document before a cold load of ${name}`);
}

async function coldScenario(peers, zdb, kind, name, trace, profiles) {
  const [z] = peers;
  log(`cold load (${kind}): generating ${fmt(BIG_UPDATES)} updates`);
  const base = await stateOf(z, name);
  const gen = generateUpdates(base, kind, trace);
  const out = { kind, updates: gen.updates.length, bytes: gen.updates.reduce((s, u) => s + u.byteLength, 0), chars: gen.expected.length, structs: gen.structs, stateBytes: gen.state.byteLength, load: load1() };
  await sleep(UNLOADED_WAIT_MS);
  await withDb(zdb, async (c) => {
    for (let i = 0; i < gen.updates.length; i += 10_000) {
      const chunk = gen.updates.slice(i, i + 10_000);
      await c.query(`INSERT INTO doc_update (doc_id, update) SELECT $1::uuid, u FROM unnest($2::bytea[]) AS u`, [name, chunk.map((u) => Buffer.from(u))]);
    }
  });
  const rowCount = () => withDb(zdb, async (q) => Number((await q.query(`SELECT count(*) AS n FROM doc_update WHERE doc_id = $1`, [name])).rows[0].n));
  // one more edit: the log is over the compaction threshold, so it is folded into a snapshot (off the event loop)
  let expected = gen.expected;
  {
    await sleep(UNLOADED_WAIT_MS);
    const c = openClient(z, name);
    await c.synced;
    const tE = performance.now();
    c.doc.getText(TEXT).insert(0, '!');
    expected = '!' + expected;
    let rows = Infinity;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(100)) if ((rows = await rowCount()) <= 1) break;
    out.compactionMs = performance.now() - tE;
    out.rowsAfter = rows;
    out.snapshot = await withDb(zdb, async (q) => (await q.query(`SELECT octet_length(state)::int AS bytes, compacted_updates::int AS compacted FROM doc_snapshot WHERE doc_id = $1`, [name])).rows[0]);
    await sleep(200);
    c.close();
  }
  // the same final document for the peers: Hocuspocus + PostgreSQL gets it in its table (as its store writes it)
  const final = new Y.Doc();
  Y.applyUpdate(final, gen.state);
  final.getText(TEXT).insert(0, '!');
  const finalState = Y.encodeStateAsUpdate(final);
  final.destroy();
  out.peers = {};
  for (const s of peers) {
    const r = { cold: [], warm: [] };
    if (s.kind === 'hocuspocus-db') {
      await withDb(s.db, (q) => q.query(`INSERT INTO hocuspocus_document (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`, [name, Buffer.from(finalState)]));
    }
    let holder = null;
    if (s.kind === 'reference' || s.kind === 'hocuspocus') {
      // in memory only: a client brings the document and stays, so it is held (no cold load exists)
      const d = new Y.Doc();
      Y.applyUpdate(d, finalState);
      holder = openClient(s, name, d);
      await holder.synced;
      const check = openClient(s, name);
      await check.synced;
      await until([check.doc], () => check.doc.getText(TEXT).toString() === expected, 60_000, `${s.label} to hold the document its first client brought`);
      check.close();
    }
    for (let i = 0; i < COLD_REPS; i++) {
      if (s.kind === 'zerobase') await sleep(UNLOADED_WAIT_MS);
      if (s.kind === 'hocuspocus-db') await hocuspocusUnloaded(s, name);
      const first = await timedSync(s, name, expected);
      if (!holder) r.cold.push(first.t);
      const second = holder ? first : await timedSync(s, name, expected);
      r.warm.push(second.t);
      if (second !== first) second.client.close();
      first.client.close();
    }
    if (PROFILE && s.kind === 'zerobase') {
      await sleep(UNLOADED_WAIT_MS);
      const p = await profiled(s, `zerobase-cold-${kind}`, async () => (await timedSync(s, name, expected)).client.close(), { intervalUs: 200 });
      profiles[`cold-${kind}`] = p.profile;
    }
    holder?.close();
    out.peers[s.kind] = r;
    log(`cold load (${kind}) ${s.label}: cold ${r.cold.map((t) => ms(t)).join(', ') || '–'} ms, warm ${r.warm.map((t) => ms(t)).join(', ')} ms`);
  }
  // the client's own share: applying the synced state to an empty document
  const fresh = new Y.Doc();
  const s0 = performance.now();
  Y.applyUpdate(fresh, finalState);
  out.clientApplyMs = performance.now() - s0;
  fresh.destroy();
  return out;
}

// ---- main ---------------------------------------------------------------------------------------
async function main() {
  const r = { loadStart: loadavg(), started: new Date(), profiles: {} };
  await loadHocuspocusProvider();
  const versions = {};
  for (const p of ['yjs', 'y-websocket', 'y-protocols', '@y/websocket-server', '@hocuspocus/server', '@hocuspocus/extension-database', '@hocuspocus/provider', 'ws', 'pg']) versions[p] = JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version;
  const pgInfo = await postgresSettings();
  let gitRev = '?';
  try {
    gitRev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    if (execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], { cwd: ROOT }).toString().trim()) gitRev += ' (apps/libs with uncommitted changes)';
  } catch {
    /* not a git checkout */
  }
  await ensureDist();
  r.distBuilt = statSync(DIST_DONE).mtime.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  log('loading the traces');
  const fullSeqTrace = loadTrace(SEQ_TRACE);
  const seqTrace = firstOf(fullSeqTrace, TRACE_TXNS);
  r.seqChars = seqTrace.endContent.length;
  const concTrace = loadTrace(CONC_TRACE);
  const t0 = performance.now();
  const prep = prepareConcurrent(concTrace);
  r.concPrepMs = performance.now() - t0;

  const zdb = await createDatabase('z');
  const hdb = await createDatabase('h');
  // the per-connection message limit (200/s by default) would refuse the saturation and trace writers
  const z = await startZerobase('zerobase', zdb, { COLLAB_MESSAGES_PER_SECOND: '1000000' });
  const ref = await startReference('reference');
  const hp = await startHocuspocus('hocuspocus');
  const hpdb = await startHocuspocus('hocuspocus-db', hdb);
  const peers = [z, ref, hp, hpdb].filter((s) => PEERS.has(s.kind));
  const [cycle] = await api(z, 'GET', '/api/cycles');
  const demo = await api(z, 'GET', `/api/cycles/${cycle.id}/packages`);
  log(`creating ${MEMORY_DOCS - demo.length + 4} packages`);
  // four at a time (one at a time takes minutes on a loaded machine); an error answer for a stored package is checked and noted
  const batches = Array.from({ length: 4 }, (_, b) => b);
  const perBatch = Math.ceil((MEMORY_DOCS - demo.length + 4) / batches.length);
  const created = (await Promise.all(batches.map((b) => createPackages(z, cycle.id, Math.min(perBatch, MEMORY_DOCS - demo.length + 4 - b * perBatch), `RELAY${b}`, notes)))).flat();
  const [seqDoc, concDoc, coldTraceDoc, coldRandomDoc] = created.slice(0, 4).map((p) => p.id);
  const memNames = [...demo.map((p) => p.id), ...created.slice(4).map((p) => p.id)];
  const openNames = demo.slice(0, OPEN.docs).map((p) => p.id);
  const fanoutDoc = demo[OPEN.docs].id;
  log(`reading ${memNames.length + 2} package documents from Zerobase as the peers' starting states`);
  await mapLimit([...memNames, seqDoc, concDoc], 8, async (name) => seeds.set(name, await stateOf(z, name)));
  r.seedBytes = [...seeds.values()].reduce((s, u) => s + u.byteLength, 0) / seeds.size;

  if (ONLY.has('open')) {
    r.open = Object.fromEntries(PEER_KINDS.map((k) => [k, []]));
    for (let i = 0; i < OPEN.runs; i++)
      for (const s of rotated(peers, i)) {
        await settled(s, `open-loop run ${i + 1}`);
        const x = await openLoop(s, openNames, OPEN);
        r.open[s.kind].push(x);
        log(`open loop ${i + 1} ${s.label}: p50 ${ms(x.p50)} p99 ${ms(x.p99)} ms, ${x.samples}/${x.expected}, CPU ${fmt(x.cpu.serverMs / x.sent, 3)} ms/edit, load ${fmt(x.load, 1)}`);
      }
    if (PROFILE) {
      log('open loop: a profiled run on Zerobase (not counted)');
      await settled(z, 'the profiled open-loop run');
      const p = await profiled(z, 'zerobase-open-loop', () => openLoop(z, openNames, { ...OPEN, seconds: QUICK ? 3 : 10 }), { intervalUs: 250 });
      r.profiles.open = p.profile;
      r.openProfiled = p.result;
    }
  }
  if (ONLY.has('fanout')) {
    r.fanout = {};
    for (const s of rotated(peers, 1)) {
      await settled(s, 'the 1 → 50 run');
      r.fanout[s.kind] = await openLoop(s, [fanoutDoc], { editors: 1, readers: FANOUT.readers, rate: FANOUT.rate, seconds: FANOUT.seconds });
      log(`1 → ${FANOUT.readers} ${s.label}: p50 ${ms(r.fanout[s.kind].p50)} p99 ${ms(r.fanout[s.kind].p99)} ms`);
    }
  }
  if (ONLY.has('saturation')) {
    r.saturation = {};
    for (const s of rotated(peers, 2)) {
      await settled(s, 'the saturation run');
      r.saturation[s.kind] = await saturation(s, openNames);
      log(`saturation ${s.label}: ${fmt(r.saturation[s.kind].editsPerSec)} edits/s, CPU ${fmt(r.saturation[s.kind].cpu.serverMs / r.saturation[s.kind].sent, 3)} ms/edit`);
    }
    if (PROFILE) {
      log('saturation: a profiled run on Zerobase (not counted)');
      await settled(z, 'the profiled saturation run');
      const p = await profiled(z, 'zerobase-saturation', () => saturation(z, openNames), { intervalUs: 250 });
      r.profiles.saturation = p.profile;
    }
  }
  if (ONLY.has('trace')) {
    r.seq = {};
    r.conc = {};
    for (const s of rotated(peers, 3)) {
      // new packages: every replay starts from the same empty narrative
      await settled(s, 'the automerge-paper replay');
      r.seq[s.kind] = await replaySequential(s, seqDoc, seqTrace);
      log(`automerge-paper ${s.label}: ${ms(r.seq[s.kind].totalMs)} ms, ok ${r.seq[s.kind].ok}`);
      await settled(s, 'the friendsforever replay');
      r.conc[s.kind] = await replayConcurrent(s, concDoc, prep);
      log(`friendsforever ${s.label}: ${ms(r.conc[s.kind].totalMs)} ms, ok ${r.conc[s.kind].ok}`);
    }
    r.concPrep = { matchesEndContent: prep.matchesEndContent, chars: prep.finalText.length, txns: prep.n };
  }
  if (ONLY.has('storm')) {
    r.storm = {};
    for (const s of rotated(peers, 0)) {
      await settled(s, 'the memory and storm run');
      r.storm[s.kind] = await memoryAndStorm(s, memNames);
      const m = r.storm[s.kind];
      log(`memory ${s.label}: ${fmt(kib(m.memory.withDocs.heapUsed - m.memory.before.heapUsed) / memNames.length, 1)} KiB/doc; storm ${m.storm.synced}/${m.storm.clients} in ${ms(m.storm.allMs)} ms`);
    }
  }
  r.errors = Object.fromEntries(peers.map((s) => [s.kind, s.errors.slice(0, 10)]));
  for (const s of [z, ref, hp, hpdb]) await stopServer(s);

  if (ONLY.has('cold')) {
    // Zerobase again on the same database, unloading documents after 500 ms idle so every load is cold
    const zc = await startZerobase('zerobase-cold', zdb, { COLLAB_MESSAGES_PER_SECOND: '1000000', COLLAB_IDLE_UNLOAD_MS: '500' });
    const refc = await startReference('reference-cold');
    const hpc = await startHocuspocus('hocuspocus-cold');
    const hpdbc = await startHocuspocus('hocuspocus-db-cold', hdb);
    // warm the code paths (not counted): a few small documents on every peer
    for (const s of [zc, refc, hpc, hpdbc]) for (const name of memNames.slice(0, 5)) await stateOf(s, name);
    r.cold = {};
    r.cold.trace = await coldScenario([zc, refc, hpc, hpdbc], zdb, 'trace', coldTraceDoc, fullSeqTrace, r.profiles);
    r.cold.random = await coldScenario([zc, hpdbc, refc, hpc], zdb, 'random', coldRandomDoc, fullSeqTrace, r.profiles);
    r.errors.zerobaseCold = zc.errors.slice(0, 10);
    for (const s of [zc, refc, hpc, hpdbc]) await stopServer(s);
  }
  await dropDatabase(zdb.name);
  await dropDatabase(hdb.name);
  r.loadEnd = loadavg();
  r.totalS = (performance.now() - t0) / 1000;
  writeFileSync(join(WORK, 'results.json'), JSON.stringify({ r, versions, pgInfo, gitRev }));
  if (PEERS.size < PEER_KINDS.length) {
    log(`a partial run (--peers ${[...PEERS].join(',')}): no report written; figures above and in ${join(WORK, 'results.json')}`);
    return;
  }
  const report = render(r, { versions, pgInfo, gitRev });
  writeFileSync(OUT, report);
  console.log(report);
  log(`report written to ${OUT}; server logs and profiles in ${WORK}`);
}

// ---- the report ---------------------------------------------------------------------------------
const cpuPerEdit = (x, n = x.sent) => x.cpu.serverMs / n;
const pgPerEdit = (x, n = x.sent) => (x.cpu.postgresMs ? x.cpu.postgresMs / n : NaN);
const ratioCell = (a, b, d = 2) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b, d)}×` : '–');
const verdict = (ok) => (ok ? 'met' : '**missed**');

function render(r, { versions, pgInfo, gitRev }) {
  const L = [];
  const peersRow = (label, f) => [label, ...PEER_KINDS.map((k) => f(k))];
  L.push(
    '# The relay side by side: Zerobase, the reference y-websocket server, Hocuspocus',
    '',
    `Generated by \`node tools/bench/relay-bench.mjs\`${QUICK ? ' --quick (a smoke run: short phases, small documents)' : ''} on ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${fmt(r.totalS / 60, 1)} minutes. The machine has ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB, kernel ${release()}, Node.js ${process.version}, and is **shared with other builders' builds and tests**: the 1-minute load average is given next to every figure (${loadCell(r.loadStart[0])} at the start, ${loadCell(r.loadEnd[0])} at the end). Only ratios between peers measured in the same phase mean much; every phase alternates the peers, and the open loop rotates their order in each of its runs.`,
    '',
    table(
      ['what', 'version / setting'],
      [
        ['Zerobase', `dist/apps/api built ${r.distBuilt} (HEAD ${gitRev}); \`COLLAB_MESSAGES_PER_SECOND=1000000\` (the per-connection limit of 200 messages/s would refuse the saturation and trace writers), all else default`],
        ['reference', `@y/websocket-server ${versions['@y/websocket-server']} (\`setupWSConnection\`, tools/bench/collab-ref-server.mjs)`],
        ['Hocuspocus', `@hocuspocus/server ${versions['@hocuspocus/server']} (tools/bench/hocuspocus-server.mjs, defaults)`],
        ['Hocuspocus + PostgreSQL', `the same with @hocuspocus/extension-database ${versions['@hocuspocus/extension-database']}: \`fetch\` one row by name, \`store\` an upsert of the whole state; default debounce 2 s, at most 10 s`],
        ['clients', `y-websocket ${versions['y-websocket']} WebsocketProvider (Zerobase, reference); @hocuspocus/provider ${versions['@hocuspocus/provider']} (Hocuspocus), one WebSocket each (ws ${versions.ws}); yjs ${versions.yjs}`],
        ['PostgreSQL', `${pgInfo.v.split(' on ')[0]}, synchronous_commit=${pgInfo.sc}, fsync=${pgInfo.fs}, wal_sync_method=${pgInfo.ws}, same machine`],
      ],
    ),
    '',
    'Every server runs in its own process on 127.0.0.1 with `--expose-gc --require tools/bench/collab-probe.cjs` (memory after a forced GC and CPU profiles over IPC; the server code is unchanged). All clients run in one harness process, on the same 2 cores as the servers and PostgreSQL. Every client starts from the same copy of the document (the Zerobase package document, as a client with a local cache would), on every peer. Zerobase edits are made as the coordinator, who may write every section: every update is authorized, none refused. "Server CPU" is the server process\'s user + system time from `/proc`; "PostgreSQL CPU" that of the backends connected to the server\'s own database (WAL writer and checkpointer not included).',
    '',
    '## What an acknowledgement means',
    '',
    table(
      ['server', 'an edit relayed to other clients means', 'what the author is told'],
      [
        ['Zerobase', 'authorized per section, merged, **committed to PostgreSQL** (group commit of `doc_update` + `edit_log` rows, fsync on) and only then relayed; sync step 2 answers from committed state only. A crash after the relay loses nothing that anyone saw.', 'nothing explicit (the y-websocket protocol has no acknowledgement); no echo of its own update'],
        ['reference', 'merged into the in-memory document and relayed (to every connection, the author included); nothing is stored, a restart loses every document', 'its own update echoed back'],
        ['Hocuspocus', 'merged in memory and relayed to every connection; a document is dropped when its last client leaves', '`SyncStatus` after the merge in memory (the provider\'s `unsyncedChanges` falls to 0); its own update echoed'],
        ['Hocuspocus + PostgreSQL', 'as Hocuspocus; the whole document is stored 2 s after the last change (at the latest 10 s after the first) and when the last client leaves: a crash loses up to 10 s of relayed, acknowledged edits', 'the same `SyncStatus` — before the edit is stored'],
      ],
    ),
    '',
  );

  // ---- summary
  const sum = [];
  if (r.open) {
    const runs = r.open.zerobase.map((zx, i) => ({ z: zx, ref: r.open.reference[i] }));
    const p50ok = runs.filter(({ z, ref }) => z.p50 <= ref.p50 + 1).length;
    const p99ok = runs.filter(({ z, ref }) => z.p99 <= 2 * ref.p99).length;
    sum.push(['open loop ≈ 500 updates/s: Zerobase p50 ≤ reference p50 + 1 ms', runs.map(({ z, ref }) => `${ms(z.p50)} vs ${ms(ref.p50)}`).join('; '), `${verdict(p50ok === runs.length)} (${p50ok} of ${runs.length} runs)`]);
    sum.push(['open loop: Zerobase p99 ≤ 2 × reference p99', runs.map(({ z, ref }) => `${ratioCell(z.p99, ref.p99)}`).join('; '), `${verdict(p99ok === runs.length)} (${p99ok} of ${runs.length} runs)`]);
  }
  if (r.saturation) {
    const zx = r.saturation.zerobase;
    const rx = r.saturation.reference;
    sum.push(['saturation: edits/s ≥ 1.0 × reference', ratioCell(zx.editsPerSec, rx.editsPerSec), verdict(zx.editsPerSec >= rx.editsPerSec)]);
    sum.push(['saturation: server CPU per edit ≤ 1.5 × reference', ratioCell(cpuPerEdit(zx), cpuPerEdit(rx)), verdict(cpuPerEdit(zx) <= 1.5 * cpuPerEdit(rx))]);
  }
  if (r.cold) {
    const zt = median(r.cold.trace.peers.zerobase.cold);
    const zr = median(r.cold.random.peers.zerobase.cold);
    sum.push(['cold load + sync, compacted 100 000-edit document, random positions < 300 ms', `${ms(zr)} ms`, verdict(zr < 300)]);
    sum.push(['the same, real trace < 100 ms', `${ms(zt)} ms`, verdict(zt < 100)]);
  }
  L.push('## Targets (issue 11)', '', table(['target', 'this run (Zerobase, ratio to the reference)', 'verdict'], sum), '');

  // ---- open loop
  if (r.open) {
    L.push(
      '## 1. Open loop',
      '',
      `${OPEN.docs} documents × ${OPEN.editors} editors, each inserting one character at a random position of the narrative ${OPEN.rate} times a second on its own timer (≈ ${OPEN.docs * OPEN.editors * OPEN.rate} updates/s, fan-out ${OPEN.editors - 1}), ${OPEN.seconds} s per run, ${OPEN.runs} runs, the four peers in a rotated order in each run. Latency: from the author's insert to each other editor's document holding it, ms. "Delivered" counts those receptions against the number expected.`,
      '',
    );
    const rows = [];
    for (let i = 0; i < OPEN.runs; i++) {
      const x = Object.fromEntries(PEER_KINDS.map((k) => [k, r.open[k][i]]));
      rows.push([`${i + 1}`, loadCell(PEER_KINDS.map((k) => x[k].load)), ...PEER_KINDS.map((k) => `${ms(x[k].p50)} / ${ms(x[k].p99)}`), `${fmt(x.zerobase.p50 - x.reference.p50, 2)} ms`, ratioCell(x.zerobase.p99, x.reference.p99), ratioCell(x.zerobase.p99, x.hocuspocus.p99), ratioCell(x.zerobase.p99, x['hocuspocus-db'].p99)]);
    }
    L.push(table(['run', 'load avg', ...PEER_KINDS.map((k) => `${PEER_LABEL[k]} p50 / p99`), 'Z p50 − ref p50', 'Z p99 ÷ ref', 'Z p99 ÷ Hocuspocus', 'Z p99 ÷ Hocuspocus + PG'], rows), '');
    const cpuRows = [];
    for (let i = 0; i < OPEN.runs; i++) {
      const x = Object.fromEntries(PEER_KINDS.map((k) => [k, r.open[k][i]]));
      cpuRows.push([`${i + 1}`, ...PEER_KINDS.map((k) => `${fmt(cpuPerEdit(x[k]), 3)}${x[k].cpu.postgresMs ? ` + ${fmt(pgPerEdit(x[k]), 3)}` : ''}`), ratioCell(cpuPerEdit(x.zerobase), cpuPerEdit(x.reference)), ...PEER_KINDS.map((k) => `${x[k].samples}/${x[k].expected}${x[k].converged ? '' : ' **not converged**'}${x[k].closes.length ? ` (${x[k].closes.length} closes)` : ''}`)]);
    }
    L.push(table(['run', ...PEER_KINDS.map((k) => `${PEER_LABEL[k]} CPU ms/edit (server + PG)`), 'Z ÷ ref server CPU', ...PEER_KINDS.map((k) => `${PEER_LABEL[k]} delivered`)], cpuRows), '');
    if (r.profiles.open) L.push(profileTable(r.profiles.open, `Zerobase CPU profile during a separate open-loop run of ${r.openProfiled ? fmt(r.openProfiled.sent) : '?'} edits (p50 ${r.openProfiled ? ms(r.openProfiled.p50) : '?'} / p99 ${r.openProfiled ? ms(r.openProfiled.p99) : '?'} ms under the profiler)`, { functions: 20 }));
  }
  if (r.fanout) {
    const f = r.fanout;
    L.push(
      `## 2. One writer → ${FANOUT.readers} readers`,
      '',
      `One document; one client inserts one character at a random position ${FANOUT.rate} times a second for ${FANOUT.seconds} s; ${FANOUT.readers} other clients only read. Latency from the insert to each reader holding it, ms.`,
      '',
      table(
        ['', ...PEER_KINDS.map((k) => PEER_LABEL[k]), 'Z ÷ ref', 'Z ÷ Hocuspocus', 'Z ÷ Hocuspocus + PG'],
        [
          peersRow('load avg', (k) => fmt(f[k].load, 1)).concat(['', '', '']),
          peersRow('p50', (k) => ms(f[k].p50)).concat([ratioCell(f.zerobase.p50, f.reference.p50), ratioCell(f.zerobase.p50, f.hocuspocus.p50), ratioCell(f.zerobase.p50, f['hocuspocus-db'].p50)]),
          peersRow('p99', (k) => ms(f[k].p99)).concat([ratioCell(f.zerobase.p99, f.reference.p99), ratioCell(f.zerobase.p99, f.hocuspocus.p99), ratioCell(f.zerobase.p99, f['hocuspocus-db'].p99)]),
          peersRow('max', (k) => ms(f[k].max)).concat(['', '', '']),
          peersRow('server CPU per edit, ms', (k) => fmt(cpuPerEdit(f[k]), 3)).concat([ratioCell(cpuPerEdit(f.zerobase), cpuPerEdit(f.reference)), ratioCell(cpuPerEdit(f.zerobase), cpuPerEdit(f.hocuspocus)), ratioCell(cpuPerEdit(f.zerobase), cpuPerEdit(f['hocuspocus-db']))]),
          peersRow('delivered', (k) => `${f[k].samples}/${f[k].expected}${f[k].converged ? '' : ' **not converged**'}`).concat(['', '', '']),
        ],
      ),
      '',
    );
  }
  if (r.saturation) {
    const x = r.saturation;
    L.push(
      '## 3. Closed-loop saturation',
      '',
      `${SATURATION.docs} documents × ${SATURATION.editors} editors inserting one character at a random position as fast as the server relays: an editor keeps at most ${SATURATION.window} of its edits not yet seen by all ${SATURATION.editors - 1} peers. ${SATURATION.seconds} s per server, rates after the first ${SATURATION.warmupMs / 1000} s. CPU through the drain, per edit sent. The harness (all clients) shares the 2 cores: when it takes about one, the rate is bounded by the clients, and the CPU per edit is the better comparison of the servers.`,
      '',
      table(
        ['', ...PEER_KINDS.map((k) => PEER_LABEL[k]), 'Z ÷ ref', 'Z ÷ Hocuspocus', 'Z ÷ Hocuspocus + PG'],
        [
          peersRow('load avg', (k) => fmt(x[k].load, 1)).concat(['', '', '']),
          peersRow('edits/s seen by all peers', (k) => fmt(x[k].editsPerSec)).concat([ratioCell(x.zerobase.editsPerSec, x.reference.editsPerSec), ratioCell(x.zerobase.editsPerSec, x.hocuspocus.editsPerSec), ratioCell(x.zerobase.editsPerSec, x['hocuspocus-db'].editsPerSec)]),
          peersRow('slowest / fastest 1-s window', (k) => `${fmt(x[k].slowest)} / ${fmt(x[k].fastest)}`).concat(['', '', '']),
          peersRow('edits/s over the whole run and its drain', (k) => fmt(x[k].sent / ((x[k].wallMs + x[k].drainMs) / 1000))).concat([
            ratioCell(x.zerobase.sent / (x.zerobase.wallMs + x.zerobase.drainMs), x.reference.sent / (x.reference.wallMs + x.reference.drainMs)),
            ratioCell(x.zerobase.sent / (x.zerobase.wallMs + x.zerobase.drainMs), x.hocuspocus.sent / (x.hocuspocus.wallMs + x.hocuspocus.drainMs)),
            ratioCell(x.zerobase.sent / (x.zerobase.wallMs + x.zerobase.drainMs), x['hocuspocus-db'].sent / (x['hocuspocus-db'].wallMs + x['hocuspocus-db'].drainMs)),
          ]),
          peersRow('server CPU per edit, ms', (k) => fmt(cpuPerEdit(x[k]), 3)).concat([ratioCell(cpuPerEdit(x.zerobase), cpuPerEdit(x.reference)), ratioCell(cpuPerEdit(x.zerobase), cpuPerEdit(x.hocuspocus)), ratioCell(cpuPerEdit(x.zerobase), cpuPerEdit(x['hocuspocus-db']))]),
          peersRow('PostgreSQL CPU per edit, ms', (k) => (x[k].cpu.postgresMs ? fmt(pgPerEdit(x[k]), 3) : '–')).concat(['', '', '']),
          peersRow('cores busy: server + PostgreSQL + harness', (k) => `${fmt((x[k].cpu.serverMs + x[k].cpu.postgresMs + x[k].cpu.harnessMs) / x[k].cpu.wallMs, 2)} = ${fmt(x[k].cpu.serverMs / x[k].cpu.wallMs, 2)} + ${fmt(x[k].cpu.postgresMs / x[k].cpu.wallMs, 2)} + ${fmt(x[k].cpu.harnessMs / x[k].cpu.wallMs, 2)}`).concat(['', '', '']),
          peersRow('edits sent / drain ms / converged', (k) => `${fmt(x[k].sent)} / ${fmt(x[k].drainMs)} / ${x[k].converged ? 'yes' : '**no**'}`).concat(['', '', '']),
        ],
      ),
      '',
    );
    if (r.profiles.saturation) L.push(profileTable(r.profiles.saturation, 'Zerobase CPU profile during a separate saturation run', { functions: 20 }));
  }
  if (r.seq) {
    const x = r.seq;
    const c = r.conc;
    L.push(
      '## 4. Replay of real editing traces',
      '',
      `**automerge-paper** (sequential; its first ${fmt(x.zerobase.txns)} transactions, ${fmt(r.seqChars)} characters at the end): one writer applies them in order to the narrative, one update each, keeping at most ${fmt(TRACE_WINDOW)} not yet received by a watching client; the time runs until the watcher holds everything. Delay: from the writer's transaction to the watcher's receipt, including the wait in the window. **friendsforever** (concurrent, ${fmt(r.concPrep.txns)} transactions by 2 agents, ${fmt(r.concPrep.chars)} characters at the end): each agent is a client that sends its own transactions in order as soon as its document holds their causal past — the other agent's edits arrive through the server, so the server's relay is on the critical path of every dependency. The transactions were generated beforehand on documents holding exactly each one's causal past (${fmt(r.concPrepMs)} ms); the Yjs result ${r.concPrep.matchesEndContent ? 'equals' : 'differs from'} the trace's \`endContent\`${r.concPrep.matchesEndContent ? '' : ' (Yjs orders concurrent inserts at one position its own way; the replay is checked against the Yjs result)'}.`,
      '',
      table(
        ['', ...PEER_KINDS.map((k) => PEER_LABEL[k]), 'Z ÷ ref', 'Z ÷ Hocuspocus', 'Z ÷ Hocuspocus + PG'],
        [
          peersRow('automerge-paper: load avg', (k) => fmt(x[k].load, 1)).concat(['', '', '']),
          peersRow('automerge-paper: total s', (k) => fmt(x[k].totalMs / 1000, 2)).concat([ratioCell(x.zerobase.totalMs, x.reference.totalMs), ratioCell(x.zerobase.totalMs, x.hocuspocus.totalMs), ratioCell(x.zerobase.totalMs, x['hocuspocus-db'].totalMs)]),
          peersRow('automerge-paper: updates/s', (k) => fmt(x[k].perSec)).concat(['', '', '']),
          peersRow('automerge-paper: delay p50 / p99 ms', (k) => `${ms(x[k].p50)} / ${ms(x[k].p99)}`).concat(['', '', '']),
          peersRow('automerge-paper: server CPU per 1 000 updates, ms', (k) => fmt((1000 * x[k].cpu.serverMs) / x[k].txns, 1)).concat([ratioCell(x.zerobase.cpu.serverMs, x.reference.cpu.serverMs), ratioCell(x.zerobase.cpu.serverMs, x.hocuspocus.cpu.serverMs), ratioCell(x.zerobase.cpu.serverMs, x['hocuspocus-db'].cpu.serverMs)]),
          peersRow('automerge-paper: texts right / closes', (k) => `${x[k].ok ? 'yes' : '**no**'} / ${x[k].closes.length}`).concat(['', '', '']),
          peersRow('friendsforever: load avg', (k) => fmt(c[k].load, 1)).concat(['', '', '']),
          peersRow('friendsforever: total s', (k) => fmt(c[k].totalMs / 1000, 2)).concat([ratioCell(c.zerobase.totalMs, c.reference.totalMs), ratioCell(c.zerobase.totalMs, c.hocuspocus.totalMs), ratioCell(c.zerobase.totalMs, c['hocuspocus-db'].totalMs)]),
          peersRow('friendsforever: transactions/s', (k) => fmt(c[k].perSec)).concat(['', '', '']),
          peersRow('friendsforever: server CPU per 1 000 transactions, ms', (k) => fmt((1000 * c[k].cpu.serverMs) / c[k].txns, 1)).concat([ratioCell(c.zerobase.cpu.serverMs, c.reference.cpu.serverMs), ratioCell(c.zerobase.cpu.serverMs, c.hocuspocus.cpu.serverMs), ratioCell(c.zerobase.cpu.serverMs, c['hocuspocus-db'].cpu.serverMs)]),
          peersRow('friendsforever: both agents equal / closes', (k) => `${c[k].ok ? 'yes' : '**no**'} / ${c[k].closes.length}`).concat(['', '', '']),
        ],
      ),
      '',
      'Trace licence: CC BY 4.0 — automerge-paper by Martin Kleppmann (automerge/automerge-perf, https://arxiv.org/abs/1608.03960), friendsforever by Joseph Gentle, via josephg/editing-traces (commit 762fa6c5).',
      '',
    );
  }
  if (r.storm) {
    const x = r.storm;
    const n = MEMORY_DOCS;
    const perDoc = (k, a, b) => kib(x[k].memory[b].heapUsed - x[k].memory[a].heapUsed) / n;
    L.push(
      '## 5. Memory per idle loaded document; reconnect storm',
      '',
      `${n} package documents (mean starting state ${fmt(r.seedBytes)} bytes). Each is opened by one client that then stays idle ("document + 1 connection"), then by a second idle client ("one more connection"); the difference is the document's own share. V8 heap used after two forced GCs in the server, KiB per document. (Documents are measured with a client connected because Hocuspocus drops a document as soon as its last client leaves, and Zerobase after 30 s idle.)`,
      '',
      table(
        ['per document', ...PEER_KINDS.map((k) => PEER_LABEL[k]), 'Z ÷ ref', 'Z ÷ Hocuspocus', 'Z ÷ Hocuspocus + PG'],
        [
          peersRow('load avg', (k) => fmt(x[k].load, 1)).concat(['', '', '']),
          peersRow('document + 1 connection (KiB)', (k) => fmt(perDoc(k, 'before', 'withDocs'), 1)).concat([ratioCell(perDoc('zerobase', 'before', 'withDocs'), perDoc('reference', 'before', 'withDocs')), ratioCell(perDoc('zerobase', 'before', 'withDocs'), perDoc('hocuspocus', 'before', 'withDocs')), ratioCell(perDoc('zerobase', 'before', 'withDocs'), perDoc('hocuspocus-db', 'before', 'withDocs'))]),
          peersRow('one more connection (KiB)', (k) => fmt(perDoc(k, 'withDocs', 'withTwo'), 1)).concat(['', '', '']),
          peersRow('the document alone (difference, KiB)', (k) => fmt(perDoc(k, 'before', 'withDocs') - perDoc(k, 'withDocs', 'withTwo'), 1)).concat([
            ratioCell(perDoc('zerobase', 'before', 'withDocs') - perDoc('zerobase', 'withDocs', 'withTwo'), perDoc('reference', 'before', 'withDocs') - perDoc('reference', 'withDocs', 'withTwo')),
            '',
            '',
          ]),
          peersRow('server heap / RSS with the documents (MiB)', (k) => `${fmt(mib(x[k].memory.withTwo.heapUsed), 1)} / ${fmt(mib(x[k].memory.withTwo.rss), 1)}`).concat(['', '', '']),
        ],
      ),
      '',
      `Reconnect storm: ${fmt(STORM_CLIENTS)} clients (${Math.round(STORM_CLIENTS / n)} per document) connected and synced; every socket is then closed at once, and 1 s later ${fmt(STORM_CLIENTS)} new clients on the same client documents (each holding what it had) connect and sync at the same moment, as after a network cut. Time from that moment to each client's sync, ms. Zerobase checks each connection's token and read access and loads the document (still in memory: 1 s is under its idle unload); Hocuspocus + PostgreSQL stores and drops each document when its last client leaves and loads it again; Hocuspocus in memory drops them and gets them back from the clients.`,
      '',
      table(
        ['', ...PEER_KINDS.map((k) => PEER_LABEL[k]), 'Z ÷ ref', 'Z ÷ Hocuspocus', 'Z ÷ Hocuspocus + PG'],
        [
          peersRow(`connecting ${fmt(STORM_CLIENTS)} clients, 50 at a time (ms)`, (k) => fmt(x[k].connectMs)).concat(['', '', '']),
          peersRow('storm: all synced after (ms)', (k) => `${fmt(x[k].storm.allMs)}${x[k].storm.synced < x[k].storm.clients ? ` (**${x[k].storm.clients - x[k].storm.synced} never**)` : ''}`).concat([ratioCell(x.zerobase.storm.allMs, x.reference.storm.allMs), ratioCell(x.zerobase.storm.allMs, x.hocuspocus.storm.allMs), ratioCell(x.zerobase.storm.allMs, x['hocuspocus-db'].storm.allMs)]),
          peersRow('storm: per client p50 / p99 (ms)', (k) => `${fmt(x[k].storm.p50)} / ${fmt(x[k].storm.p99)}`).concat(['', '', '']),
          peersRow('storm: server CPU (ms) / PostgreSQL CPU (ms)', (k) => `${fmt(x[k].storm.cpu.serverMs)} / ${x[k].storm.cpu.postgresMs ? fmt(x[k].storm.cpu.postgresMs) : '–'}`).concat([ratioCell(x.zerobase.storm.cpu.serverMs, x.reference.storm.cpu.serverMs), ratioCell(x.zerobase.storm.cpu.serverMs, x.hocuspocus.storm.cpu.serverMs), ratioCell(x.zerobase.storm.cpu.serverMs, x['hocuspocus-db'].storm.cpu.serverMs)]),
          peersRow('storm: server RSS connected → after (MiB)', (k) => `${fmt(mib(x[k].storm.rssConnected))} → ${fmt(mib(x[k].storm.rssAfter))}`).concat(['', '', '']),
          peersRow('storm: documents agree / unexpected closes', (k) => `${x[k].storm.agree ? 'yes' : '**no**'} / ${x[k].storm.closes.length}`).concat(['', '', '']),
        ],
      ),
      '',
    );
  }
  if (r.cold) {
    const rows = [];
    for (const kind of ['trace', 'random']) {
      const c = r.cold[kind];
      const cell = (k, what) => {
        const xs = c.peers[k]?.[what] ?? [];
        return xs.length ? `${ms(median(xs))} (${xs.map((t) => ms(t)).join(', ')})` : '–';
      };
      rows.push([`${kind}: load avg`, ...PEER_KINDS.map(() => fmt(c.load, 1))]);
      rows.push([`${kind}: **cold** load + sync`, ...PEER_KINDS.map((k) => cell(k, 'cold'))]);
      rows.push([`${kind}: warm sync (document loaded)`, ...PEER_KINDS.map((k) => cell(k, 'warm'))]);
    }
    const zc = (kind) => median(r.cold[kind].peers.zerobase.cold);
    L.push(
      '## 6. Cold load + sync of a compacted 100 000-update document',
      '',
      `A created package gets ${fmt(BIG_UPDATES)} updates generated with Yjs in the harness, inserted into its log (\`doc_update\`) while it is unloaded, in two variants: **trace** = the first ${fmt(BIG_UPDATES)} edits of automerge-paper (real typing), **random** = ${fmt(BIG_UPDATES)} one-character edits at random positions, every tenth a deletion (one Yjs item per character: the worst case). One more edit makes Zerobase fold the log into a snapshot (off the event loop). For this phase Zerobase runs with \`COLLAB_IDLE_UNLOAD_MS=500\` and each cold measurement waits ${UNLOADED_WAIT_MS} ms, so the document is loaded from PostgreSQL each time; Hocuspocus + PostgreSQL gets the same final document in its table (as its \`store\` writes it) and loads it when a first client comes. The reference and Hocuspocus in memory have no cold load: a client that brought the document stays connected, and a new client syncs. Times from \`new …Provider\` to its sync event, checked against the expected text, ms: median (${COLD_REPS} runs).`,
      '',
      table(['', ...PEER_KINDS.map((k) => PEER_LABEL[k])], rows),
      '',
      table(
        ['', 'trace', 'random'],
        [
          ['updates (bytes in total)', `${fmt(r.cold.trace.updates)} (${fmt(r.cold.trace.bytes)})`, `${fmt(r.cold.random.updates)} (${fmt(r.cold.random.bytes)})`],
          ['narrative characters / Yjs structs', `${fmt(r.cold.trace.chars)} / ${fmt(r.cold.trace.structs)}`, `${fmt(r.cold.random.chars)} / ${fmt(r.cold.random.structs)}`],
          ['encoded state (bytes)', fmt(r.cold.trace.stateBytes), fmt(r.cold.random.stateBytes)],
          ['Zerobase snapshot bytes / updates folded / ms until the log was folded', `${fmt(r.cold.trace.snapshot?.bytes)} / ${fmt(r.cold.trace.snapshot?.compacted)} / ${fmt(r.cold.trace.compactionMs)}`, `${fmt(r.cold.random.snapshot?.bytes)} / ${fmt(r.cold.random.snapshot?.compacted)} / ${fmt(r.cold.random.compactionMs)}`],
          ['the client alone: applying that state to an empty Y.Doc (ms, harness)', ms(r.cold.trace.clientApplyMs), ms(r.cold.random.clientApplyMs)],
          ['Zerobase cold ÷ Hocuspocus + PostgreSQL cold', ratioCell(zc('trace'), median(r.cold.trace.peers['hocuspocus-db'].cold)), ratioCell(zc('random'), median(r.cold.random.peers['hocuspocus-db'].cold))],
          ['Zerobase cold ÷ reference (in memory)', ratioCell(zc('trace'), median(r.cold.trace.peers.reference.warm)), ratioCell(zc('random'), median(r.cold.random.peers.reference.warm))],
          ['target', `< 100 ms: ${verdict(zc('trace') < 100)}`, `< 300 ms: ${verdict(zc('random') < 300)}`],
        ],
      ),
      '',
    );
    for (const kind of ['trace', 'random']) if (r.profiles[`cold-${kind}`]) L.push(profileTable(r.profiles[`cold-${kind}`], `Zerobase CPU profile of one cold load + sync (${kind})`, { functions: 15 }));
  }
  const errs = Object.entries(r.errors ?? {}).flatMap(([k, e]) => e.map((line) => `${k}: ${line}`));
  if (errs.length) L.push('Errors logged by the servers during the run:', '', '```', ...errs, '```', '');
  if (notes.length) L.push('Notes from the run:', '', ...notes.map((n) => `- ${n}`), '');
  return L.join('\n');
}

await runBenchmark('relay-bench', main, { watchdogMinutes: 40 });
