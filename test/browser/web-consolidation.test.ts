import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

const row = (page: Page, code: string) => page.locator(`[data-testid=ranking-row][data-code="${code}"]`);
const rowCodes = (page: Page) => page.locator('[data-testid=ranking-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));

describe('consolidation on the ranking board', () => {
  it("lets the coordinator keep each unit's order, shows each package's unit and what held it, and records an override with its reason", async () => {
    const coordinator = await server.as('coordinator');
    const cycleId = server.cycleId;
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/ranking`);
      await page.waitForSelector('[data-testid=ranking-row]');
      await page.waitForSelector('[data-testid=consolidation-panel]');
      // off: the ranking follows the scores, no unit notes
      expect(await page.locator('[data-testid=consolidation-toggle]').isChecked()).toBe(false);
      expect(await row(page, 'DP-03').count()).toBe(1);
      expect(await page.locator('[data-testid=unit-note]').count()).toBe(0);
      const before = await rowCodes(page);
      expect(before.indexOf('DP-03')).toBeLessThan(before.indexOf('DP-19'));

      // on: the expressway is held below the electric buses of the same unit
      await page.click('[data-testid=consolidation-toggle]');
      await page.waitForSelector('[data-testid=ranking-row][data-code="DP-03"] [data-testid=held-by]');
      expect((await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body.settings.consolidation).toBe(true);
      expect(await row(page, 'DP-03').locator('[data-testid=held-by]').textContent()).toContain('受单元排序约束，排在同单元 DP-19 之后');
      expect(await row(page, 'DP-03').locator('[data-testid=unit-of]').textContent()).toContain('交通运输局 · 本单元第 2 位（共 4 个）');
      expect((await row(page, 'DP-01').locator('[data-testid=unit-of]').textContent())!.trim()).toBe('供电公司');
      const on = await rowCodes(page);
      expect(on.indexOf('DP-03')).toBe(on.indexOf('DP-19') + 1);
      expect(await row(page, 'DP-11').locator('[data-testid=held-by]').textContent()).toContain('DP-12');
      // below the line, DP-11 cannot score its way past DP-12, which is not funded
      expect(await row(page, 'DP-11').locator('[data-testid=unit-above]').textContent()).toContain('本单元排在其前的 DP-12 尚未安排');

      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await row(page, 'DP-03').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/consolidation-held-${width}x${height}.png` });
      }
      await page.setViewportSize({ width: 1366, height: 768 });

      // environment's order, changed on the board: the air monitoring first, so nothing holds it any more
      await page.selectOption('[data-testid=unit-select]', 'environment');
      expect(await page.locator('[data-testid=unit-order] li').allTextContents()).toEqual([expect.stringContaining('DP-12'), expect.stringContaining('DP-11')]);
      await page.click('[aria-label="将 DP-11 上移"]');
      await page.click('[data-testid=save-unit-order]');
      await page.waitForSelector('[data-testid=unit-order-saved]');
      const environment = (await coordinator.get(`/api/cycles/${cycleId}/consolidation`)).body.units.find((u: { department: string }) => u.department === 'environment');
      expect(environment.packages.map((p: { code: string }) => p.code)).toEqual(['DP-11', 'DP-12']);
      await page.waitForFunction(() => document.querySelector('[data-testid=ranking-row][data-code="DP-11"] [data-testid=held-by]') === null);

      // an override needs a reason: refused here, nothing stored
      await page.selectOption('[data-testid=override-package]', { label: 'DP-03 · 交通运输局' });
      await page.selectOption('[data-testid=override-above]', { label: 'DP-19' });
      await page.click('[data-testid=add-override]');
      expect(await page.locator('[data-testid=consolidation-error]').textContent()).toContain('请填写调整理由');
      expect(await page.locator('[data-testid=override-reason]').getAttribute('aria-invalid')).toBe('true');
      expect((await coordinator.get(`/api/cycles/${cycleId}/consolidation`)).body.overrides).toEqual([]);

      // with a reason: stored, listed, and the expressway is back above the buses with the reason on both rows
      await page.fill('[data-testid=override-reason]', '快速路为市重点工程，须先行');
      await page.click('[data-testid=add-override]');
      await page.waitForSelector('[data-testid=override-row]');
      expect(await page.locator('[data-testid=override-row]').textContent()).toContain('快速路为市重点工程，须先行');
      await page.waitForSelector('[data-testid=ranking-row][data-code="DP-03"] [data-testid=unit-override]');
      expect(await row(page, 'DP-03').locator('[data-testid=unit-override]').textContent()).toContain('协调调整：排在 DP-19 之前（理由：快速路为市重点工程，须先行）');
      expect(await row(page, 'DP-19').locator('[data-testid=unit-override]').textContent()).toContain('DP-03 排在其前');
      expect(await row(page, 'DP-03').locator('[data-testid=held-by]').count()).toBe(0);
      const overrides = (await coordinator.get(`/api/cycles/${cycleId}/consolidation`)).body.overrides;
      expect(overrides).toEqual([expect.objectContaining({ code: 'DP-03', aboveCode: 'DP-19', reason: '快速路为市重点工程，须先行' })]);

      // the reverse would make a cycle: named, not sent
      await page.selectOption('[data-testid=override-package]', { label: 'DP-19 · 交通运输局' });
      await page.selectOption('[data-testid=override-above]', { label: 'DP-03' });
      await page.fill('[data-testid=override-reason]', '反向');
      await page.click('[data-testid=add-override]');
      expect(await page.locator('[data-testid=consolidation-error]').textContent()).toContain('会使单元排序形成循环（DP-19 > DP-03 > DP-19）');
      expect((await coordinator.get(`/api/cycles/${cycleId}/consolidation`)).body.overrides).toHaveLength(1);

      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.locator('[data-testid=consolidation-section]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/consolidation-panel-${width}x${height}.png` });
        await page.screenshot({ path: `${shots}/consolidation-board-${width}x${height}.png`, fullPage: true });
      }
    } finally {
      await page.context().close();
    }

    // English, and a liaison: reads the state and the notes, cannot turn it off or override
    const liaison = await signIn(browser, server.api.baseUrl, 'power');
    try {
      await liaison.evaluate(() => localStorage.setItem('zerobase.lang', 'en'));
      await liaison.setViewportSize({ width: 1366, height: 768 });
      await liaison.goto(`${server.api.baseUrl}/cycles/${cycleId}/ranking`);
      await liaison.waitForSelector('[data-testid=consolidation-panel]');
      expect(await liaison.locator('[data-testid=consolidation-state]').textContent()).toContain("Consolidation is on: the ranking keeps each unit's order");
      expect(await liaison.locator('[data-testid=consolidation-toggle]').count()).toBe(0);
      expect(await liaison.locator('[data-testid=override-form]').count()).toBe(0);
      expect(await row(liaison, 'DP-03').locator('[data-testid=unit-override]').textContent()).toContain('override: above DP-19 (reason: 快速路为市重点工程，须先行)');
      expect(await row(liaison, 'DP-03').locator('[data-testid=unit-of]').textContent()).toContain('Transport · 1 of 4 in its unit');
      await liaison.locator('[data-testid=consolidation-section]').scrollIntoViewIfNeeded();
      await liaison.screenshot({ path: `${shots}/consolidation-en-1366x768.png` });
    } finally {
      await liaison.context().close();
    }
  });

  it('marks an override that no longer applies (its packages left one unit) as stale, with why', async () => {
    const cycleId = server.cycleId;
    const coordinator = await server.as('coordinator');
    const pkgs = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body.items as { code: string; packageId: string }[];
    const idOf = (code: string) => pkgs.find((i) => i.code === code)!.packageId;
    const [{ lead: water }] = await server.db.query<{ lead: string }>(`SELECT lead_department_id AS lead FROM decision_package WHERE id = $1`, [idOf('DP-10')]);
    // DP-19 now led by water: "DP-03 above DP-19" (recorded above) no longer reorders one unit
    await server.db.query(`UPDATE decision_package SET lead_department_id = $1 WHERE id = $2`, [water, idOf('DP-19')]);
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/ranking`);
      await page.waitForSelector('[data-testid=override-row]');
      const note = page.locator('[data-testid=override-row] [data-testid=override-stale]');
      expect(await note.textContent()).toContain('已失效，排名不再采用：packages DP-03 (unit transport) and DP-19 (unit water) are in different units');
      // the ranking ignores it: DP-03 shows no override note
      expect(await row(page, 'DP-03').locator('[data-testid=unit-override]').count()).toBe(0);
      await page.locator('[data-testid=consolidation-section]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/consolidation-stale-override-1366x768.png` });
    } finally {
      await page.context().close();
    }
  });
});
