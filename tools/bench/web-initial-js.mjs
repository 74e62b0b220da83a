#!/usr/bin/env node
// Initial JavaScript of each web route, gzip: the scripts the browser fetches to show the route
// on a fresh load (signed in where needed), gzip -9 of the built files in dist/apps/web/browser.
// Needs the build (`npx nx build api && npx nx build web`), PostgreSQL (TEST_PG_URL) and Chromium.
// Usage: node tools/bench/web-initial-js.mjs
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';

const ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DIST = 'dist/apps/web/browser';
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  await c.query(sql);
  await c.end();
}

const name = `zb_jsbench_${Date.now().toString(36)}`;
await admin(`CREATE DATABASE ${name}`);
const dbUrl = new URL(ADMIN);
dbUrl.pathname = `/${name}`;
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ['dist/apps/api/apps/api/src/main.js'], { env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: dbUrl.toString(), LOGIN_ATTEMPTS_PER_MINUTE: '1000', SEED_DEMO: 'true' }, stdio: 'ignore' });
let browser;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 400) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 150));
  }
  const login = async (who) => (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${who}@demo.zerobase`, password: 'zerobase-demo' }) })).json();
  const coordinator = await login('coordinator');
  const get = async (path) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${coordinator.accessToken}` } })).json();
  const cycleId = (await get('/api/cycles'))[0].id;
  const dp01 = (await get(`/api/cycles/${cycleId}/packages`)).find((p) => p.code === 'DP-01').id;
  // who signs in for the route (null: nobody); the browser signs in itself, the session cookie is HttpOnly
  const routes = [
    ['login', null, '/login'],
    ['cycles', 'coordinator', '/'],
    ['package list', 'coordinator', `/cycles/${cycleId}`],
    ['reviewer queue (new)', 'reviewer1', `/cycles/${cycleId}/queue`],
    ['scoring form (new)', 'reviewer1', `/cycles/${cycleId}/queue/${dp01}`],
    ['new package (new)', 'coordinator', `/cycles/${cycleId}/packages/new`],
    ['cycle set-up (new)', 'coordinator', `/cycles/${cycleId}/setup`],
    ['cycle set-up, members', 'coordinator', `/cycles/${cycleId}/setup?tab=members`],
    ['cycle set-up, publication', 'coordinator', `/cycles/${cycleId}/setup?tab=publication`],
    ['ranking, projector mode', 'coordinator', `/cycles/${cycleId}/ranking?projector=1`],
    ['not found (new)', 'coordinator', '/no/such/page'],
  ];
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  console.log('| route | scripts | initial JS, gzip -9 |\n| --- | ---: | ---: |');
  for (const [label, who, path] of routes) {
    const context = await browser.newContext();
    if (who) {
      const session = await (await context.request.post(`${base}/api/auth/login`, { data: { email: `${who}@demo.zerobase`, password: 'zerobase-demo' } })).json();
      await context.addInitScript((s) => localStorage.setItem('zerobase.session', JSON.stringify(s)), session);
    }
    const page = await context.newPage();
    const scripts = new Set();
    page.on('request', (r) => {
      const file = new URL(r.url()).pathname.slice(1);
      if (file.endsWith('.js')) scripts.add(file);
    });
    await page.goto(`${base}${path}`);
    await page.waitForSelector('h1, h2', { timeout: 60_000 });
    if (new URL(page.url()).pathname !== new URL(`${base}${path}`).pathname) throw new Error(`${label}: ended on ${page.url()}, not ${path}`);
    await page.waitForLoadState('networkidle');
    let bytes = 0;
    for (const file of scripts) if (existsSync(`${DIST}/${file}`)) bytes += gzipSync(readFileSync(`${DIST}/${file}`), { level: 9 }).length;
    console.log(`| ${label} | ${scripts.size} | ${(bytes / 1024).toFixed(1)} KiB |`);
    await context.close();
  }
} finally {
  await browser?.close();
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
