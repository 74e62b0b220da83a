#!/usr/bin/env node
// Screenshots of the workspace for docs/screenshots: the reviewer's queue and scoring form, the
// set-up pages and the ranking board in projector mode, at 1366×768 and 1920×1080.
// Needs the build (`npx nx build api && npx nx build web`), PostgreSQL (TEST_PG_URL) and Chromium.
// Usage: node tools/screenshots.mjs [prefix]   (only the shots whose file name starts with prefix, e.g. allocator)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { chromium } from 'playwright-core';

const ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OUT = 'docs/screenshots';
const SESSION_COOKIE = 'zb_session';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

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

const name = `zb_shots_${Date.now().toString(36)}`;
await admin(`CREATE DATABASE ${name}`);
const dbUrl = new URL(ADMIN);
dbUrl.pathname = `/${name}`;
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ['dist/apps/api/apps/api/src/main.js'], {
  env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: dbUrl.toString(), LOGIN_ATTEMPTS_PER_MINUTE: '1000', SEED_DEMO: 'true' },
  stdio: 'ignore',
});
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
  mkdirSync(OUT, { recursive: true });
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });

  const login = async (who) => (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${who}@demo.zerobase`, password: 'zerobase-demo' }) })).json());
  const coordinator = await login('coordinator');
  const get = async (path) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${coordinator.accessToken}` } })).json();
  const cycleId = (await get('/api/cycles'))[0].id;
  const dp01 = (await get(`/api/cycles/${cycleId}/packages`)).find((p) => p.code === 'DP-01').id;

  const shots = [
    { file: 'reviewer-queue', who: 'reviewer1', path: `/cycles/${cycleId}/queue` },
    { file: 'reviewer-scoring', who: 'reviewer1', path: `/cycles/${cycleId}/queue/${dp01}` },
    { file: 'setup-cycle', who: 'coordinator', path: `/cycles/${cycleId}/setup` },
    { file: 'setup-criteria', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'criteria' },
    { file: 'setup-units', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'units' },
    { file: 'setup-members', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'members' },
    { file: 'setup-new-package', who: 'coordinator', path: `/cycles/${cycleId}/packages/new` },
    { file: 'package-list', who: 'coordinator', path: `/cycles/${cycleId}?sort=score&dir=desc` },
    { file: 'ranking-projector', who: 'coordinator', path: `/cycles/${cycleId}/ranking?projector=1` },
    { file: 'ranking-projector-en', who: 'coordinator', path: `/cycles/${cycleId}/ranking?projector=1`, lang: 'en' },
    { file: 'allocator-setup-limits', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'limits', limits: true },
    { file: 'allocator-setup-limits-en', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'limits', limits: true, lang: 'en' },
    { file: 'allocator-department-limits', who: 'coordinator', path: `/cycles/${cycleId}/ranking`, limits: true, scrollTo: '[data-testid=department-funding] thead' },
    { file: 'allocator-cap-reason', who: 'coordinator', path: `/cycles/${cycleId}/ranking`, limits: true, scrollTo: '[data-testid=department-cap]' },
    { file: 'allocator-panel', who: 'coordinator', path: `/cycles/${cycleId}/ranking`, scrollTo: '[data-testid=panel-calibration]' },
    { file: 'allocator-panel-en', who: 'coordinator', path: `/cycles/${cycleId}/ranking`, scrollTo: '[data-testid=panel-calibration]', lang: 'en' },
    { file: 'allocator-department-limits-en', who: 'coordinator', path: `/cycles/${cycleId}/ranking`, limits: true, scrollTo: '[data-testid=department-funding]', lang: 'en' },
  ].filter((shot) => !process.argv[2] || shot.file.startsWith(process.argv[2]));
  // the allocator shots show a cap on the best-funded department and a floor it cannot meet on another
  const setLimits = async () => {
    const perDepartment = (await get(`/api/cycles/${cycleId}/ranking`)).perDepartment.sort((a, b) => b.fundedFen - a.fundedFen);
    const limits = [
      { department: perDepartment[0].department, capFen: Math.floor(perDepartment[0].fundedFen / 2 / 1_000_000) * 1_000_000 },
      { department: perDepartment[1].department, floorFen: perDepartment[1].requestedFen + 100_000_000 },
    ];
    await fetch(`${base}/api/cycles/${cycleId}/department-limits`, { method: 'PUT', headers: { authorization: `Bearer ${coordinator.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ limits }) });
  };
  // shots without limits come first
  shots.sort((a, b) => Number(!!a.limits) - Number(!!b.limits));
  let limitsSet = false;
  const sessions = new Map();
  for (const shot of shots) {
    if (shot.limits && !limitsSet) {
      await setLimits();
      limitsSet = true;
    }
    for (const size of SIZES) {
      const key = `${shot.who}|${shot.lang ?? 'zh-CN'}`;
      if (!sessions.has(key)) sessions.set(key, await login(shot.who));
      const context = await browser.newContext({ viewport: size });
      // the browser signs in with the HttpOnly session cookie the login sets
      await context.addCookies([{ name: SESSION_COOKIE, value: encodeURIComponent(sessions.get(key).accessToken), url: base }]);
      await context.addInitScript(
        ([session, lang]) => {
          localStorage.setItem('zerobase.session', JSON.stringify(session));
          localStorage.setItem('zerobase.lang', lang);
        },
        [sessions.get(key), shot.lang ?? 'zh-CN'],
      );
      const page = await context.newPage();
      page.setDefaultTimeout(90_000);
      await page.goto(`${base}${shot.path}`);
      await page.waitForSelector('main h1');
      await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'));
      if (shot.tab) await page.click(`[data-testid=setup-tab-${shot.tab}]`);
      if (shot.file.startsWith('ranking')) await page.waitForSelector('[data-testid=cutoff-line]');
      if (shot.scrollTo) await page.waitForSelector(shot.scrollTo);
      if (shot.scrollTo) await page.locator(shot.scrollTo).first().evaluate((el, block) => el.scrollIntoView({ block }), shot.scrollTo.includes('department-funding') ? 'start' : 'center');
      if (shot.scrollTo?.includes('department-funding')) await page.evaluate(() => window.scrollBy(0, -60));
      await page.waitForTimeout(300);
      const path = `${OUT}/${shot.file}-${size.width}x${size.height}.png`;
      await page.screenshot({ path });
      console.log(path);
      await context.close();
    }
  }
} finally {
  await browser?.close();
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
