import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { signIn } from './sign-in';

let server: DemoServer;
/** the chain head recorded before publishing (set by the dashboard test) */
let checkpoint = '';
let browser: Browser;
const shots = 'tmp/screenshots';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the metrics dashboard and the public page in the browser', () => {
  it('should render every chart with a text alternative and its numbers, then publish the cycle', async () => {
    // a second cycle the coordinator runs: the dashboard also shows the correlations over both
    expect((await (await server.as('coordinator')).post('/api/cycles', { name: '2028 年度 专项', fiscalYear: 2028, totalQuotaFen: 100_000_000, reserveBasisPoints: 0 })).status).toBe(201);
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.click('text=2027 年度联合基础设施');
    await page.waitForSelector('[data-testid=metrics-link]');
    const lazyScripts = new Set<string>();
    page.on('request', (r) => (r.resourceType() === 'script' ? lazyScripts.add(r.url()) : undefined));
    await page.click('[data-testid=metrics-link]');
    await page.waitForURL(/\/cycles\/[^/]+\/metrics$/);
    await page.waitForSelector('zb-chart-card');
    // seven charts, each drawn by ECharts as SVG, each with an accessible description and a caption
    const charts = page.locator('zb-chart-card [role=img]');
    await page.waitForFunction(() => [...document.querySelectorAll('zb-chart-card [role=img]')].every((el) => el.querySelector('svg path')), undefined, { timeout: 20_000 });
    expect(await charts.count()).toBe(7);
    for (let i = 0; i < 7; i++) {
      const label = await charts.nth(i).getAttribute('aria-label');
      expect(label && label.length).toBeGreaterThan(10);
    }
    expect(await page.locator('[data-testid=chart-alt-savings]').textContent()).toContain('节约 2000 万元');
    // meetings come from the meetings module: the demo cycle has held none yet
    expect((await page.locator('[data-testid=metric-meetings]').textContent())?.trim()).toBe('0');
    expect(await page.locator('[data-testid=metric-saved]').textContent()).toContain('2,000');
    await page.waitForSelector('[data-testid=metrics-correlation-cycles]');
    expect(await page.locator('[data-testid=metrics-correlation-cycles]').textContent()).toMatch(/合并 2 个预算周期的决策包：与节约资金 r = (-?\d\.\d\d|无)（n = \d+）/);

    // the numbers are one click away
    const savings = page.locator('[data-testid=chart-data-savings]');
    expect(await savings.locator('table').isVisible()).toBe(false);
    await savings.locator('summary').click();
    const rows = await savings.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()).join(' ')));
    expect(rows).toEqual(['DP-01 3000 2000 1000', 'DP-02 6000 5000 1000']);
    // the dashboard and its charting library came as chunks of their own when the route was opened
    expect(lazyScripts.size).toBeGreaterThan(1);

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${shots}/metrics-dashboard-${size.width}.png`, fullPage: false });
      await page.screenshot({ path: `${shots}/metrics-dashboard-${size.width}-full.png`, fullPage: true });
    }

    // a recorded run first: the publication carries the chain's head
    const recorded = await (await server.as('coordinator')).post(`/api/cycles/${server.cycleId}/ranking/runs`, {});
    expect(recorded.status).toBe(201);
    checkpoint = recorded.body.hash;
    await page.click('[data-testid=publish]');
    await page.waitForSelector('[data-testid=published]');
    expect(await page.locator('[data-testid=published]').textContent()).toContain('评分');
  });

  it('should show the public page without signing in, with no internal field', async () => {
    const coordinator = await server.as('coordinator');
    const users = (await coordinator.get('/api/users')).body as { email: string; displayName: string }[];
    const context = await browser.newContext({ viewport: SIZES[0] });
    const page = await context.newPage();
    await page.goto(`${server.api.baseUrl}/public`);
    await page.waitForSelector('[data-testid=public-cycles]');
    await page.click('[data-testid=public-cycles] a');
    await page.waitForSelector('[data-testid=public-packages] tbody tr');
    expect(page.url()).toContain(`/public/cycles/${server.cycleId}`);
    const codes = await page.locator('[data-testid=public-packages] tbody tr td:first-child').allTextContents();
    expect(codes.map((c) => c.trim())).toEqual(['DP-01', 'DP-02', 'DP-04', 'DP-05', 'DP-09']);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('居民满意度'); // targets are shown
    for (const u of users) {
      expect(text).not.toContain(u.email);
      expect(text).not.toContain(u.displayName);
    }
    expect(await page.locator('[data-testid=public-csv]').getAttribute('href')).toBe(`/api/public/cycles/${server.cycleId}/csv`);
    expect(await page.locator('[data-testid=public-checkpoint] code').textContent()).toBe(checkpoint);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(200);
      await page.screenshot({ path: `${shots}/public-cycle-${size.width}.png`, fullPage: false });
    }
    await context.close();
  });
});
