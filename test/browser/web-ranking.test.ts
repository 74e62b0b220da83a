import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;
const shots = 'tmp/screenshots';
const CRITERIA = ['strategic', 'feasibility', 'goal', 'costEffectiveness', 'publicBenefit'];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The board's rows in page order: item codes, with 'CUTOFF' where the cutoff line is. */
function boardOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=ranking-table] > tbody > tr', (rows) =>
    rows.flatMap((row) => (row.getAttribute('data-testid') === 'cutoff-line' ? ['CUTOFF'] : row.getAttribute('data-code') ? [row.getAttribute('data-code') as string] : [])),
  );
}

describe('the ranking board in the browser', () => {
  it('should show 20 ranked packages with the cutoff line and follow a reviewer’s new score live', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.click('text=2027 年度联合基础设施');
    await page.click('[data-testid=ranking-link]');
    await page.waitForURL(/\/cycles\/[^/]+\/ranking$/);
    await page.waitForSelector('[data-testid=ranking-row]');
    await page.waitForSelector('[data-testid=ranking-live] >> text=实时更新');

    expect(await page.locator('[data-testid=ranking-row]').count()).toBe(20);
    expect(await page.locator('[data-testid=cutoff-line]').count()).toBe(1);
    const before = await boardOrder(page);
    expect(before.slice(0, 2)).toEqual(['DP-01', 'DP-05']);
    // strict allocation: the 5 bn bridge (rank 14) does not fit, the line is drawn above it
    expect(before.slice(before.indexOf('CUTOFF') - 1, before.indexOf('CUTOFF') + 2)).toEqual(['DP-19', 'CUTOFF', 'DP-07']);
    expect(before.indexOf('DP-14')).toBeGreaterThan(before.indexOf('CUTOFF'));
    expect(await page.locator('[data-testid=cutoff-line]').textContent()).toContain('资金分配线');
    expect(await page.locator('[data-testid=ranking-tiers]').textContent()).toMatch(/高 5.*中 10.*低 5/);
    await page.screenshot({ path: `${shots}/ranking-board.png`, fullPage: true });

    // a reviewer raises DP-14 (green retrofit, 63) to 100 on every criterion, through the API
    await page.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 1));
    const coordinator = await server.as('coordinator');
    const packages = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body;
    const dp14 = packages.find((p: { code: string }) => p.code === 'DP-14').id;
    const reviewer = await server.as('reviewer1');
    const put = await reviewer.put(`/api/packages/${dp14}/scores/mine`, { scores: CRITERIA.map((criterion) => ({ criterion, score: 100 })) });
    expect(put.status).toBe(200);

    // the board moves DP-14 above the line without a reload
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=ranking-table] > tbody > tr')];
      const line = rows.findIndex((r) => r.getAttribute('data-testid') === 'cutoff-line');
      const dp14Row = rows.findIndex((r) => r.getAttribute('data-code') === 'DP-14');
      return line >= 0 && dp14Row >= 0 && dp14Row < line;
    }, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(1);
    const after = await boardOrder(page);
    expect(after.filter((c) => c !== 'CUTOFF')).toHaveLength(20);
    const row = page.locator('[data-testid=ranking-row][data-code=DP-14]');
    expect(Number(await row.locator('[data-testid=ranking-score]').textContent())).toBeGreaterThan(63);
    expect(await row.textContent()).toContain('已安排');
    await page.screenshot({ path: `${shots}/ranking-board-live.png`, fullPage: true });

    // what if: skip what does not fit and continue — a preview, clearly not saved, with a reset
    await page.selectOption('select[name=mode]', 'skipAndContinue');
    await page.click('[data-testid=what-if] button[type=submit]');
    await page.waitForSelector('[data-testid=what-if-preview]');
    expect(await page.locator('[data-testid=what-if-preview]').textContent()).toContain('未保存');
    expect(await page.locator('.change.gained').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}/ranking-what-if.png`, fullPage: true });
    expect((await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body.settings.allocationMode).toBe('strict');
    await page.click('[data-testid=what-if-reset]');
    await page.waitForSelector('[data-testid=what-if-preview]', { state: 'detached' });
    expect(await boardOrder(page)).toEqual(after);
    await page.context().close();
  });

  it('should show the board without the what-if form to a liaison', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'telecom');
    await page.goto(`${server.api.baseUrl}/cycles/${server.cycleId}/ranking`);
    await page.waitForSelector('[data-testid=ranking-row]');
    expect(await page.locator('[data-testid=what-if]').count()).toBe(0);
    expect(await page.locator('[data-testid=cutoff-line]').count()).toBe(1);
    // before scoring closes a liaison sees the composite, not the per-criterion breakdown
    await page.locator('[data-testid=ranking-row] button.why').first().click();
    expect(await page.locator('[data-testid=breakdown-withheld]').textContent()).toContain('评分结束后公布');
    for (const [width, height] of [[1366, 768], [1920, 1080]]) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `${shots}/ranking-liaison-breakdown-withheld-${width}.png` });
    }
    await page.context().close();
  });
});
