#!/usr/bin/env node
// Screenshots of the workspace for docs/screenshots: the reviewer's queue and scoring form, the
// set-up pages, the ranking board in projector mode, the reference-price checks, the consolidation panel, execution monitoring and the end-of-cycle
// evaluation (on a 2026 cycle built through the API), at 1366×768 and 1920×1080.
// Needs the build (`npx nx build api && npx nx build web`), PostgreSQL (TEST_PG_URL) and Chromium.
// Usage: node tools/screenshots.mjs [prefix…]   e.g. `node tools/screenshots.mjs execution evaluation`
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { chromium } from 'playwright-core';

const ADMIN = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OUT = 'docs/screenshots';
const EVALUATOR_PASSWORD = 'Third-party evaluation 2026';
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
  env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: dbUrl.toString(), LOGIN_ATTEMPTS_PER_MINUTE: '1000', PACKAGE_CREATIONS_PER_MINUTE: '1000', SEED_DEMO: 'true' },
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

  const login = async (who) => (await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${who}@demo.zerobase`, password: who === 'evaluator1' ? EVALUATOR_PASSWORD : 'zerobase-demo' }) })).json());
  const coordinator = await login('coordinator');
  const get = async (path) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${coordinator.accessToken}` } })).json();
  const cycleId = (await get('/api/cycles'))[0].id;
  const dp01 = (await get(`/api/cycles/${cycleId}/packages`)).find((p) => p.code === 'DP-01').id;

  const only = process.argv.slice(2);
  const wanted = (file) => only.length === 0 || only.some((prefix) => file.startsWith(prefix));
  const shots = [
    { file: 'reviewer-queue', who: 'reviewer1', path: `/cycles/${cycleId}/queue` },
    { file: 'reviewer-scoring', who: 'reviewer1', path: `/cycles/${cycleId}/queue/${dp01}` },
    { file: 'setup-cycle', who: 'coordinator', path: `/cycles/${cycleId}/setup` },
    { file: 'setup-criteria', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'criteria' },
    { file: 'setup-units', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'units' },
    { file: 'setup-members', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'members' },
    { file: 'setup-members-new', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'members', scrollTo: '[data-testid=new-member-form]' },
    { file: 'setup-members-en', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'members', lang: 'en' },
    { file: 'setup-units-edit', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'units', click: '[data-testid=edit-unit-city-enforcement]' },
    { file: 'setup-publication', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'publication' },
    { file: 'setup-publication-en', who: 'coordinator', path: `/cycles/${cycleId}/setup`, tab: 'publication', lang: 'en' },
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
    { file: 'price-checks', who: 'coordinator', path: `/cycles/${cycleId}/price-checks` },
    { file: 'price-checks-en', who: 'coordinator', path: `/cycles/${cycleId}/price-checks`, lang: 'en' },
    { file: 'price-catalogue', who: 'coordinator', path: '/price-catalogue' },
    { file: 'consolidation-panel', who: 'coordinator', path: `/cycles/${cycleId}/ranking`, consolidation: true, scrollTo: '[data-testid=consolidation-panel]' },
  ];
  // the allocator shots show a cap on the best-funded department and a floor it cannot meet on another
  const setLimits = async () => {
    const perDepartment = (await get(`/api/cycles/${cycleId}/ranking`)).perDepartment.sort((a, b) => b.fundedFen - a.fundedFen);
    const limits = [
      { department: perDepartment[0].department, capFen: Math.floor(perDepartment[0].fundedFen / 2 / 1_000_000) * 1_000_000 },
      { department: perDepartment[1].department, floorFen: perDepartment[1].requestedFen + 100_000_000 },
    ];
    await fetch(`${base}/api/cycles/${cycleId}/department-limits`, { method: 'PUT', headers: { authorization: `Bearer ${coordinator.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ limits }) });
  };
  // shots without limits come first, then those with limits, then those with order-preserving consolidation on
  const phase = (s) => (s.consolidation ? 2 : s.limits ? 1 : 0);
  shots.sort((a, b) => phase(a) - phase(b));
  // the publication page shows a publication that was withdrawn and the one the public reads now
  if (shots.some((s) => s.file.startsWith('setup-publication') && wanted(s.file))) {
    const post = (path, body) => fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${coordinator.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    await post(`/api/cycles/${cycleId}/publications`);
    await post(`/api/cycles/${cycleId}/publications/withdraw`, { reason: '申请金额有误，更正后重新发布' });
    await post(`/api/cycles/${cycleId}/publications`);
  }
  let limitsSet = false;
  let consolidationOn = false;
  const sessions = new Map();
  for (const shot of shots.filter((s) => wanted(s.file))) {
    if (shot.limits && !limitsSet) {
      await setLimits();
      limitsSet = true;
    }
    if (shot.consolidation && !consolidationOn) {
      await fetch(`${base}/api/cycles/${cycleId}/evaluation-settings`, { method: 'PUT', headers: { authorization: `Bearer ${coordinator.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ consolidation: true }) });
      consolidationOn = true;
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
      if (shot.tab) await page.waitForSelector(`[data-testid=setup-${shot.tab}]`);
      if (shot.tab) await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'));
      if (shot.click) await page.click(shot.click);
      if (shot.file.startsWith('ranking')) await page.waitForSelector('[data-testid=cutoff-line]');
      if (shot.scrollTo) await page.waitForSelector(shot.scrollTo);
      if (shot.scrollTo) await page.locator(shot.scrollTo).first().evaluate((el, block) => el.scrollIntoView({ block }), shot.scrollTo.includes('department-funding') || shot.scrollTo.includes('new-member') ? 'start' : 'center');
      if (shot.scrollTo?.includes('department-funding')) await page.evaluate(() => window.scrollBy(0, -60));
      await page.waitForTimeout(300);
      const path = `${OUT}/${shot.file}-${size.width}x${size.height}.png`;
      await page.screenshot({ path });
      console.log(path);
      await context.close();
    }
  }

  // execution monitoring and the end-of-cycle evaluation, on a cycle of the current year
  if (wanted('execution') || wanted('evaluation')) {
    const { take, loop } = await executionAndEvaluation(base, login, browser);
    if (wanted('execution')) await take({ file: 'execution', who: 'coordinator', path: `/cycles/${loop.cycleId}/execution`, ready: '[data-testid=execution-table]' });
    await loop.toEvaluation();
    if (wanted('evaluation')) {
      await take({ file: 'evaluation-evaluator', who: 'evaluator1', path: `/cycles/${loop.cycleId}/evaluation`, ready: '[data-testid=evaluation-table]' });
      await take({ file: 'evaluation-coordinator', who: 'coordinator', path: `/cycles/${loop.cycleId}/evaluation`, ready: '[data-testid=evaluation-table]', click: '[data-testid=next-preview]', after: '[data-testid=next-preview-table]' });
      const next = await loop.createNext();
      await take({ file: 'evaluation-next-ranking', who: 'coordinator', path: `/cycles/${next}/ranking`, ready: '[data-testid=carry-over-note]' });
    }
  }
} finally {
  await browser?.close();
  api.kill('SIGTERM');
  await new Promise((r) => api.once('exit', r));
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A 2026 cycle in execution with actuals, a review, problems and adjustments; then evaluated. */
async function executionAndEvaluation(base, login, browser) {
  const WAN = 1_000_000;
  const coordinator = await login('coordinator');
  const call = async (method, path, body, token = coordinator.accessToken) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = res.status === 204 ? null : await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const moveTo = async (id, stage) => call('PATCH', `/api/cycles/${id}`, { version: (await call('GET', `/api/cycles/${id}`)).version, stage });
  const cycle = await call('POST', '/api/cycles', { name: '2026 年度 城市更新（执行与评价）', nameEn: 'FY2026 urban renewal (execution and evaluation)', fiscalYear: 2026, totalQuotaFen: 6_000 * WAN, reserveBasisPoints: 0 });
  const cycleId = cycle.id;
  await call('PUT', `/api/cycles/${cycleId}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
  const kpi = (id, name, unit, baseline, target, direction = 'increase') => ({ id, name, unit, baseline, target, direction });
  const packages = [
    ['EX-01', '老旧小区综合改造', 'housing', 1_800, [kpi('sat', '居民满意度', '%', 62, 80)]],
    ['EX-02', '配电网升级', 'power', 1_200, [kpi('outage', '年均停电时长', '小时', 12, 6, 'decrease')]],
    ['EX-03', '5G 基站补盲', 'telecom', 900, [kpi('cover', '覆盖率', '%', 85, 98)]],
    ['EX-04', '智慧停车平台', 'city', 600, [kpi('spaces', '共享车位', '个', 0, 2000)]],
  ];
  const ids = {};
  for (const [code, title, dept, wan, kpis] of packages) {
    const p = await call('POST', '/api/packages', { cycleId, code, title, leadDepartment: dept, departments: [dept], contingencyBasisPoints: 0, kpis, costLines: [{ department: dept, category: 'services', description: '实施', quantity: 1, unit: '项', unitCostFen: wan * WAN, year: 2026 }] });
    ids[code] = p.id;
  }
  await moveTo(cycleId, 'execution');
  const monthly = { 'EX-01': [120, 140, 150, 160, 170, 180], 'EX-02': [20, 20, 25, 25, 30, 30], 'EX-03': [70, 75, 80, 80, 85, 90], 'EX-04': [40, 45, 50, 50, 55, 60] };
  const kpiAt6 = { 'EX-01': { sat: 71 }, 'EX-02': { outage: 11.5 }, 'EX-03': { cover: 92 }, 'EX-04': { spaces: 900 } };
  for (const [code, wans] of Object.entries(monthly)) {
    for (let m = 1; m <= 6; m++) {
      const kpiActuals = m === 6 ? Object.entries(kpiAt6[code]).map(([k, value]) => ({ kpi: k, value })) : [];
      await call('PUT', `/api/packages/${ids[code]}/actuals/${m}`, { spentFen: wans[m - 1] * WAN, kpiActuals });
    }
  }
  const review = await call('POST', `/api/cycles/${cycleId}/execution/review`, { month: 6 });
  for (const problem of review.opened) await call('PATCH', `/api/problems/${problem.id}`, { owner: '供电公司 项目办', measures: '调整施工组织，增加作业面', dueDate: '2026-09-30', status: 'inProgress' });
  await call('POST', `/api/cycles/${cycleId}/problems`, { packageId: ids['EX-04'], description: '车位共享协议签约滞后', owner: '城市管理局', measures: '专班推进签约', dueDate: '2026-08-15' });
  const cut = await call('POST', `/api/cycles/${cycleId}/adjustments`, { kind: 'reallocate', fromPackageId: ids['EX-02'], toPackageId: ids['EX-01'], amountFen: 200 * WAN, reason: '配电网施工窗口推迟，资金调剂至老旧小区改造' });
  await call('POST', `/api/adjustments/${cut.id}/approve`);
  await call('POST', `/api/cycles/${cycleId}/adjustments`, { kind: 'cut', fromPackageId: ids['EX-04'], amountFen: 100 * WAN, reason: '平台采购结余' });

  const loop = {
    cycleId,
    async toEvaluation() {
      await moveTo(cycleId, 'evaluation');
      const evaluator = await call('POST', '/api/users', { email: 'evaluator1@demo.zerobase', displayName: '第三方评价机构 甲', password: EVALUATOR_PASSWORD });
      await call('POST', `/api/cycles/${cycleId}/memberships`, { userId: evaluator.id, role: 'evaluator' });
      const reviewer = await login('reviewer1');
      const reviewerId = (await call('GET', '/api/auth/me', undefined, reviewer.accessToken)).userId;
      await call('POST', `/api/cycles/${cycleId}/memberships`, { userId: reviewerId, role: 'reviewer' });
      const evaluatorSession = await login('evaluator1');
      const sheet = (f, s, i, l) => ({ scores: { financial: f, serviceUsers: s, internalProcess: i, learningGrowth: l } });
      await call('PUT', `/api/packages/${ids['EX-01']}/performance/scorers`, { userIds: [evaluator.id, reviewerId] });
      await call('PUT', `/api/packages/${ids['EX-02']}/performance/scorers`, { userIds: [reviewerId] });
      await call('PUT', `/api/packages/${ids['EX-03']}/performance/scorers`, { userIds: [evaluator.id] });
      await call('PUT', `/api/packages/${ids['EX-04']}/performance/scorers`, { userIds: [reviewerId] });
      await call('PUT', `/api/packages/${ids['EX-01']}/performance/sheet`, { ...sheet(94, 96, 90, 92), comment: '改造目标全部完成，居民满意度显著提升' }, evaluatorSession.accessToken);
      await call('PUT', `/api/packages/${ids['EX-01']}/performance/sheet`, sheet(92, 95, 88, 90), reviewer.accessToken);
      await call('PUT', `/api/packages/${ids['EX-02']}/performance/sheet`, sheet(62, 58, 55, 60), reviewer.accessToken);
      await call('PUT', `/api/packages/${ids['EX-04']}/performance/sheet`, sheet(80, 84, 78, 82), reviewer.accessToken);
      await call('PUT', `/api/packages/${ids['EX-02']}/performance/grade`, { grade: 'medium', reason: '施工窗口推迟属外部原因，已整改' });
    },
    async createNext() {
      const next = await call('POST', `/api/cycles/${cycleId}/next-cycle`, { name: '2027 年度 城市更新', nameEn: 'FY2027 urban renewal', totalQuotaFen: 4_000 * WAN });
      await call('PUT', `/api/cycles/${next.cycleId}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
      return next.cycleId;
    },
  };

  const take = async (shot) => {
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size });
      // signed in through the context itself: the session cookie is HttpOnly
      const password = shot.who === 'evaluator1' ? EVALUATOR_PASSWORD : 'zerobase-demo';
      const session = await (await context.request.post(`${base}/api/auth/login`, { data: { email: `${shot.who}@demo.zerobase`, password } })).json();
      await context.addInitScript((stored) => {
        localStorage.setItem('zerobase.session', JSON.stringify(stored));
        localStorage.setItem('zerobase.lang', 'zh-CN');
      }, session);
      const page = await context.newPage();
      page.setDefaultTimeout(90_000);
      await page.goto(`${base}${shot.path}`);
      await page.waitForSelector(shot.ready);
      if (shot.click) {
        await page.click(shot.click);
        await page.waitForSelector(shot.after);
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      await page.waitForTimeout(300);
      const path = `${OUT}/${shot.file}-${size.width}x${size.height}.png`;
      await page.screenshot({ path });
      console.log(path);
      await context.close();
    }
  };
  return { take, loop };
}
