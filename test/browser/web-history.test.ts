import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { closeAll, openPackage, signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;
let dp01: string;
const shots = 'tmp/screenshots';

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  // an automatic version once a person paused for 800 ms, without a minimum interval
  [server, browser] = await Promise.all([startDemoServer({ AUTO_VERSION_QUIET_MS: '800', AUTO_VERSION_MIN_INTERVAL_MS: '0' }), launchChromium()]);
  const packages = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body;
  dp01 = packages.find((p: { code: string }) => p.code === 'DP-01').id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** pages a test opened: closed after it, also when it failed half-way (so one failure cannot leave a live editor behind) */
const opened: Page[] = [];
afterEach(async () => {
  await closeAll(...opened.splice(0));
});

async function openDp01(page: Page): Promise<void> {
  opened.push(page);
  await openPackage(page, server.api.baseUrl, dp01);
}

const unitCost = (line: string) => `[data-testid="unit-cost-${line}"]`;
const rows = (page: Page) => page.locator('[data-testid=history-version]');

/** Opens the history panel (if closed) and refreshes it until `count` automatic versions are listed. */
async function waitForAutoVersions(page: Page, count: number): Promise<void> {
  if ((await page.locator('[data-testid=history-panel]').count()) === 0) await page.click('[data-testid=history-toggle]');
  await expect
    .poll(
      async () => {
        await page.click('[data-testid=history-refresh]');
        await page.waitForTimeout(300);
        return page.locator('[data-testid=history-version][data-kind=auto]').count();
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBeGreaterThanOrEqual(count);
}

describe('history of a joint package in the browser', () => {
  it('should list the edits of both departments, compare two versions and restore one as a new version', { timeout: 240_000 }, async () => {
    const power = await signIn(browser, server.api.baseUrl, 'power');
    const telecom = await signIn(browser, server.api.baseUrl, 'telecom');
    await Promise.all([openDp01(power), openDp01(telecom)]);

    // power raises the trench; once power pauses, an automatic version holds it
    await power.fill(unitCost('DP-01-l1'), '650');
    await power.press(unitCost('DP-01-l1'), 'Enter');
    await telecom.waitForFunction(() => document.querySelector('[data-testid=package-total]')?.textContent?.trim() === '2,050.00');
    await waitForAutoVersions(power, 1);

    // telecom writes in the narrative and raises its fibre line: a second automatic version
    await telecom.click('[data-testid=collab-narrative]');
    await telecom.keyboard.type('通信侧负责光缆。');
    await telecom.fill(unitCost('DP-01-l3'), '720');
    await telecom.press(unitCost('DP-01-l3'), 'Enter');
    await power.waitForFunction(() => document.querySelector('[data-testid=package-total]')?.textContent?.trim() === '2,070.00');
    await waitForAutoVersions(power, 2);

    // the list, newest first: who and which fields, for both departments
    const autos = power.locator('[data-testid=history-version][data-kind=auto]');
    const newer = autos.nth(0);
    const older = autos.nth(1);
    expect(await newer.locator('[data-testid=history-who]').textContent()).toBe('通信办 联络人（通信管理办公室）');
    expect(await newer.locator('[data-testid=history-fields] .chip').allTextContents()).toEqual(['说明', '成本明细']);
    expect(await older.locator('[data-testid=history-who]').textContent()).toBe('供电公司 联络人（供电公司）');
    expect(await older.locator('[data-testid=history-fields] .chip').allTextContents()).toEqual(['成本明细']);
    const powerVersion = await older.getAttribute('data-version-id');
    await power.screenshot({ path: `${shots}/history-list.png` });

    // view one version: power's, before telecom's edits
    await older.locator('[data-testid=history-view]').click();
    const view = power.locator('[data-testid=history-shown-version]');
    await view.waitFor();
    expect(await view.locator('[data-testid="version-line-DP-01-l1"]').textContent()).toContain('650.00');
    expect(await view.locator('[data-testid="version-line-DP-01-l3"]').textContent()).toContain('700.00');
    expect(await view.locator('[data-testid=version-total]').textContent()).toBe('2,050.00');

    // compare the two side by side: telecom's line changed, the narrative text added
    await older.locator('[data-testid=history-pick]').check();
    await newer.locator('[data-testid=history-pick]').check();
    await power.click('[data-testid=history-compare]');
    const compare = power.locator('[data-testid=history-compare-view]');
    await compare.waitFor();
    const line = compare.locator('[data-testid="compare-line-DP-01-l3"]');
    expect(await line.getAttribute('data-status')).toBe('changed');
    expect(await line.textContent()).toContain('700.00 → 720.00');
    expect(await compare.locator('[data-testid="compare-line-DP-01-l1"]').count()).toBe(0);
    expect(await compare.locator('[data-testid=compare-field-narrative] [data-side=after] .added-text').textContent()).toBe('通信侧负责光缆。');
    expect(await compare.locator('[data-testid=compare-totals]').textContent()).toContain('2,050.00 → 2,070.00');
    await compare.scrollIntoViewIfNeeded();
    await power.screenshot({ path: `${shots}/history-compare.png` });

    // telecom restores power's version: its own line and the narrative go back, for both
    await telecom.click('[data-testid=history-toggle]');
    await telecom.locator(`[data-testid=history-version][data-version-id="${powerVersion}"] [data-testid=history-restore]`).click();
    await telecom.locator(`[data-testid=history-version][data-version-id="${powerVersion}"] [data-testid=history-restore-confirm]`).click();
    await telecom.waitForSelector('[data-testid=history-message]');
    for (const page of [telecom, power]) {
      await page.waitForFunction(() => document.querySelector('[data-testid=package-total]')?.textContent?.trim() === '2,050.00');
      await page.waitForFunction((s) => (document.querySelector(s) as HTMLInputElement | null)?.value === '700.00', unitCost('DP-01-l3'));
    }
    expect(await power.inputValue(unitCost('DP-01-l1'))).toBe('650.00');
    expect(await power.inputValue('[data-testid=collab-narrative]')).not.toContain('通信侧负责光缆');

    // the restore is itself a new version, the newest, by telecom, naming what it changed; no copy
    // of the state before it, since telecom's automatic version already holds that state
    const first = rows(telecom).first();
    expect(await first.getAttribute('data-kind')).toBe('restore');
    expect(await first.locator('.name').textContent()).toBe('恢复：自动保存');
    expect(await first.locator('[data-testid=history-who]').textContent()).toContain('通信办 联络人');
    expect(await rows(telecom).evaluateAll((list) => list.map((r) => r.getAttribute('data-kind')))).toEqual(['restore', 'auto', 'auto']);
    expect(await first.locator('[data-testid=history-fields] .chip').allTextContents()).toEqual(['说明', '成本明细']);
    await power.click('[data-testid=history-refresh]');
    await power.waitForSelector('[data-testid=history-version][data-kind=restore]');
    expect(await rows(power).first().getAttribute('data-kind')).toBe('restore');
    await telecom.screenshot({ path: `${shots}/history-restored.png` });
  });

  it('should show the history to a reviewer without a restore button', { timeout: 120_000 }, async () => {
    const reviewer = await signIn(browser, server.api.baseUrl, 'reviewer1');
    await reviewer.goto(`${server.api.baseUrl}/packages/${dp01}`);
    await reviewer.click('[data-testid=history-toggle]');
    await reviewer.waitForSelector('[data-testid=history-version][data-kind=restore]');
    expect(await reviewer.locator('[data-testid=history-view]').count()).toBeGreaterThan(0);
    expect(await reviewer.locator('[data-testid=history-restore]').count()).toBe(0);
    expect(await reviewer.locator('[data-testid=history-save]').count()).toBe(0);
  });

  it('should show an observer of the published package the departments behind each version, and no person anywhere on the page', { timeout: 120_000 }, async () => {
    const observer = await signIn(browser, server.api.baseUrl, 'observer');
    opened.push(observer);
    await observer.goto(`${server.api.baseUrl}/packages/${dp01}`);
    await observer.click('[data-testid=history-toggle]');
    await observer.waitForSelector('[data-testid=history-version][data-kind=restore]');
    const who = await rows(observer).locator('[data-testid=history-who]').allTextContents();
    // the restore by telecom, then the automatic versions of telecom's and power's edits: departments only
    expect(who.slice(0, 3)).toEqual(['通信管理办公室', '通信管理办公室', '供电公司']);
    // no liaison's name in the history, the change markers or anywhere else the page holds
    expect(await observer.content()).not.toContain('联络人');
  });
});
