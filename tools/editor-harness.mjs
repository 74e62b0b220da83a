// A seeded API on a throwaway database, for the editor's screenshots and benchmark.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';

const ADMIN_URL = process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const API_MAIN = 'dist/apps/api/apps/api/src/main.js';

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Start the built API on a fresh database with the demo data. */
export async function startApi(tag) {
  if (!existsSync(API_MAIN) || !existsSync('dist/apps/web/browser/index.html')) throw new Error('build first: npx nx build api && npx nx build web');
  const name = `zb_editor_${tag}_${process.pid}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const port = await freePort();
  const child = spawn(process.execPath, [API_MAIN], {
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', LOGIN_ATTEMPTS_PER_MINUTE: '10000', SEED_DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stdout.on('data', (c) => output.push(String(c)));
  child.stderr.on('data', (c) => output.push(String(c)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited:\n${output.join('')}`);
    if (Date.now() > deadline) throw new Error('API did not start');
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return { baseUrl, stop };
}

export async function login(baseUrl, who) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${who}@demo.zerobase`, password: 'zerobase-demo' }),
  });
  if (!response.ok) throw new Error(`login ${who}: ${response.status}`);
  return (await response.json()).accessToken;
}

export async function api(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A transport package with `count` cost lines, written through /collab as the coordinator. */
export async function createLargePackage(baseUrl, count) {
  const token = await login(baseUrl, 'coordinator');
  const cycles = await api(baseUrl, token, 'GET', '/api/cycles');
  const pkg = await api(baseUrl, token, 'POST', '/api/packages', {
    cycleId: cycles[0].id,
    code: `DP-L${count}`,
    title: `道路养护（${count} 行成本明细）`,
    leadDepartment: 'transport',
    departments: ['transport'],
  });
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${new URL(baseUrl).port}/collab`, pkg.id, doc, { params: { token }, WebSocketPolyfill: WebSocket, disableBc: true });
  await new Promise((r) => provider.once('sync', r));
  const categories = ['land', 'materials', 'machinery', 'labour', 'equipment', 'services', 'other'];
  doc.transact(() => {
    const lines = doc.getArray('dept:transport/costLines');
    for (let i = 0; i < count; i++) {
      lines.push([
        new Y.Map(
          Object.entries({
            id: `L${i + 1}`,
            category: categories[i % categories.length],
            description: `路段 ${i + 1} 养护`,
            quantityMilli: 1000 * (1 + (i % 9)),
            unit: '公里',
            unitCostFen: 1_000_000 + 10_000 * i,
            year: 2027,
          }),
        ),
      ]);
    }
  });
  // wait until the server has it: a second client sees every line
  const check = new Y.Doc();
  const watcher = new WebsocketProvider(`ws://127.0.0.1:${new URL(baseUrl).port}/collab`, pkg.id, check, { params: { token }, WebSocketPolyfill: WebSocket, disableBc: true });
  const deadline = Date.now() + 60_000;
  while (check.getArray('dept:transport/costLines').length < count) {
    if (Date.now() > deadline) throw new Error('lines did not arrive');
    await new Promise((r) => setTimeout(r, 200));
  }
  // the providers' awareness keeps a timer: destroying the documents stops it (the process can exit)
  provider.destroy();
  watcher.destroy();
  doc.destroy();
  check.destroy();
  return pkg.id;
}

export async function packageId(baseUrl, code) {
  const token = await login(baseUrl, 'coordinator');
  const cycles = await api(baseUrl, token, 'GET', '/api/cycles');
  const list = await api(baseUrl, token, 'GET', `/api/cycles/${cycles[0].id}/packages`);
  return list.find((p) => p.code === code).id;
}

/** A browser context at this size, signed in as `who`. */
export async function signedInPage(browser, baseUrl, who, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=email]', `${who}@demo.zerobase`);
  await page.fill('input[name=password]', 'zerobase-demo');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=cycle-list]');
  return page;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
