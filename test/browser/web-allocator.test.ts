import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;
const shots = 'tmp/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the allocator in the ranking board', () => {
  it('should show the coordinator why each package of the demo cycle is below the line, the mandate and the modes side by side', async () => {
    const coordinator = await server.as('coordinator');
    const ranking = (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body as {
      items: { code: string; funded: boolean; explanation: { belowLine?: { extraQuotaFen: number | null } } }[];
    };
    const below = ranking.items.filter((i) => !i.funded).map((i) => i.code);
    expect(below.length).toBeGreaterThan(0);

    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.click('text=2027 年度联合基础设施');
    await page.click('[data-testid=ranking-link]');
    await page.waitForSelector('[data-testid=ranking-row]');
    await page.waitForSelector('[data-testid=allocation-modes] tr[data-mode=optimal]');

    // every package below the line says why, in its row
    for (const code of below) {
      const reason = page.locator(`[data-testid=ranking-row][data-code="${code}"] [data-testid=below-line-reason]`);
      expect(await reason.count(), code).toBe(1);
      expect((await reason.textContent())!.trim().length, code).toBeGreaterThan(0);
    }
    // funded rows carry no such reason, and the mandated package is marked
    const funded = ranking.items.filter((i) => i.funded).map((i) => i.code);
    for (const code of funded) expect(await page.locator(`[data-testid=ranking-row][data-code="${code}"] [data-testid=below-line-reason]`).count(), code).toBe(0);
    expect(await page.locator('[data-testid=ranking-row][data-code="DP-10"] [data-testid=mandated-badge]').textContent()).toContain('法定');
    expect(await page.locator('[data-testid=ranking-row][data-code="DP-10"]').textContent()).toContain('法定保障');

    // DP-13 is excluded by its alternative DP-14, which ranks above it: money alone does not fund it
    expect(await page.locator('[data-testid=ranking-row][data-code="DP-13"] [data-testid=below-line-reason]').textContent()).toContain('同组替代方案 DP-14 排名更前');

    // the bridge: the exact extra quota, in yuan to the fen, and the weight sensitivity in its explanation
    const bridge = ranking.items.find((i) => i.code === 'DP-07')!;
    const yuan = (bridge.explanation.belowLine!.extraQuotaFen! / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    const bridgeRow = page.locator('[data-testid=ranking-row][data-code="DP-07"]');
    expect(await bridgeRow.locator('[data-testid=needs-more]').textContent()).toContain(yuan);
    await bridgeRow.locator('button.why').click();
    await page.waitForSelector('[data-testid=weight-sensitivity]');
    expect(await page.locator('tr.explain').textContent()).toContain('为何在分配线以下');

    // the modes side by side: three rows, the optimum proven, the differences listed
    expect(await page.locator('[data-testid=allocation-modes] tbody tr').count()).toBe(3);
    expect(await page.locator('[data-testid=allocation-modes] tr[data-mode=optimal]').textContent()).toContain('已证明最优');
    expect(await page.locator('[data-testid=mode-differences] li').count()).toBeGreaterThan(0);

    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await bridgeRow.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/allocator-below-line-${width}x${height}.png` });
      await page.screenshot({ path: `${shots}/allocator-board-${width}x${height}.png`, fullPage: true });
    }
  });
});
