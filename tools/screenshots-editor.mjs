#!/usr/bin/env node
// The package editor, the conflict inbox, the offline state, attachments, the markers on values
// another department changed and the history at 1366x768 and 1920x1080: writes
// docs/screenshots/editor-*.png, conflict-inbox-*.png, attachments-*.png and history-*.png.
// Needs the built api and web (npx nx build api web).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, packageId, signedInPage, startApi } from './editor-harness.mjs';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

// attachment files of this run go to a temporary directory, not ./data
const attachmentsDir = mkdtempSync(join(tmpdir(), 'zb-shots-attachments-'));
process.env.ATTACHMENTS_DIR = attachmentsDir;
// automatic versions soon after each person pauses, so that the history has something to show
process.env.AUTO_VERSION_QUIET_MS ??= '800';
process.env.AUTO_VERSION_MIN_INTERVAL_MS ??= '0';
// a server given DATABASE_URL seeds the demo only when asked
process.env.SEED_DEMO ??= 'true';
const server = await startApi('shots');

/** Opens the history panel and refreshes it until the newest version is by `who` (a display name). */
async function openHistory(page, who) {
  await page.click('[data-testid=history-toggle]');
  for (let i = 0; ; i++) {
    await page.click('[data-testid=history-refresh]');
    await page.waitForTimeout(400);
    const newest = page.locator('[data-testid=history-version]').first().locator('[data-testid=history-who]');
    if ((await newest.count()) && (await newest.textContent()).includes(who)) return;
    if (i > 60) throw new Error(`the history shows no version by ${who}`);
  }
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
try {
  const dp01 = await packageId(server.baseUrl, 'DP-01');
  for (const viewport of SIZES) {
    const size = `${viewport.width}x${viewport.height}`;
    const power = await signedInPage(browser, server.baseUrl, 'power', viewport);
    const telecom = await signedInPage(browser, server.baseUrl, 'telecom', viewport);
    for (const page of [power, telecom]) {
      await page.goto(`${server.baseUrl}/packages/${dp01}`);
      await page.waitForSelector('[data-testid=collab-status][data-status=connected]');
    }
    await power.screenshot({ path: `docs/screenshots/editor-${size}.png` });
    await telecom.screenshot({ path: `docs/screenshots/editor-telecom-${size}.png` });
    await power.screenshot({ path: `docs/screenshots/editor-full-${size}.png`, fullPage: true });

    // offline, with an unconfirmed change; then a concurrent overwrite of the title
    await power.context().setOffline(true);
    await power.waitForSelector('[data-testid=collab-status][data-status=offline]');
    await power.fill('[data-testid=collab-title]', `电力与通信线路联合升级（供电 ${size}）`);
    await power.press('[data-testid=collab-title]', 'Enter');
    await power.screenshot({ path: `docs/screenshots/editor-offline-${size}.png` });
    await telecom.fill('[data-testid=collab-title]', `电力与通信线路联合升级（通信 ${size}）`);
    await telecom.press('[data-testid=collab-title]', 'Enter');
    await telecom.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
    await power.context().setOffline(false);
    await power.waitForSelector('[data-testid=conflict-banner]');
    await power.click('[data-testid=conflict-banner-toggle]');
    await power.screenshot({ path: `docs/screenshots/editor-conflict-banner-${size}.png` });
    await power.click('[data-testid=conflict-badge]');
    await power.waitForSelector('[data-testid=conflict-list] zb-conflict-card');
    await power.screenshot({ path: `docs/screenshots/conflict-inbox-${size}.png` });
    await power.click('[data-testid=resolve-keepPrevious]');
    await power.waitForSelector('[data-testid=conflict-none]');

    // attachments: power adds a drawing (a PNG of the editor) to a cost line and a PDF to the package; telecom previews them
    await power.goto(`${server.baseUrl}/packages/${dp01}`);
    await power.waitForSelector('[data-testid=attach-input]');
    const drawing = await power.screenshot({ type: 'png' });
    const study = await power.pdf({ format: 'A4' });
    const line = await power.locator('[data-testid=attach-target] option', { hasText: '管沟开挖' }).getAttribute('value');
    await power.selectOption('[data-testid=attach-target]', line);
    await power.setInputFiles('[data-testid=attach-input]', { name: `管沟断面图-${size}.png`, mimeType: 'image/png', buffer: drawing });
    await power.selectOption('[data-testid=attach-target]', '');
    await power.setInputFiles('[data-testid=attach-input]', { name: `可行性研究报告-${size}.pdf`, mimeType: 'application/pdf', buffer: study });
    await power.waitForSelector(`tr[data-attachment="可行性研究报告-${size}.pdf"]`);
    await power.setInputFiles('[data-testid=attach-input]', { name: '报价单.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
    await power.waitForSelector('[data-testid=attach-notice][data-kind=error]');
    await power.locator('[data-testid=attachments]').scrollIntoViewIfNeeded();
    await power.screenshot({ path: `docs/screenshots/attachments-refused-${size}.png` });
    await telecom.waitForSelector(`tr[data-attachment="管沟断面图-${size}.png"]`);
    await telecom.click(`tr[data-attachment="管沟断面图-${size}.png"] [data-testid=attach-preview]`);
    await telecom.waitForFunction(() => document.querySelector('[data-testid=attach-preview-image]')?.naturalWidth > 0);
    await telecom.locator('[data-testid=attachments]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await telecom.screenshot({ path: `docs/screenshots/attachments-${size}.png` });
    // (a PDF preview is Chromium's own viewer in a frame; headless Chromium leaves its pages blank, so no screenshot of it)

    // history: power raises a line, telecom extends the narrative; list, view and compare
    await power.goto(`${server.baseUrl}/packages/${dp01}`);
    await power.waitForSelector('[data-testid=collab-status][data-status=connected]');
    await power.fill('[data-testid="unit-cost-DP-01-l1"]', viewport.width === 1366 ? '650' : '680');
    await power.press('[data-testid="unit-cost-DP-01-l1"]', 'Enter');
    await power.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
    await power.waitForTimeout(1500);
    await telecom.click('[data-testid=collab-narrative]');
    await telecom.keyboard.press('End');
    await telecom.keyboard.type('通信侧负责光缆敷设与接续。');
    await telecom.fill('[data-testid="unit-cost-DP-01-l3"]', '720');
    await telecom.press('[data-testid="unit-cost-DP-01-l3"]', 'Enter');
    await telecom.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
    // power sees, without reloading, who in telecom changed the line and the narrative last
    await power.waitForSelector('[data-testid=change-mark][data-path="dept:telecom/costLines/DP-01-l3.unitCostFen"]', { state: 'attached' });
    await power.waitForSelector('[data-testid=change-mark][data-path="shared/narrative"]', { state: 'attached' });
    await power.hover('[data-testid="unit-cost-DP-01-l3"]');
    await power.screenshot({ path: `docs/screenshots/editor-change-marks-${size}.png` });
    await openHistory(power, '通信办');
    await power.screenshot({ path: `docs/screenshots/history-list-${size}.png` });
    const rows = power.locator('[data-testid=history-version]');
    await rows.nth(1).locator('[data-testid=history-view]').click();
    await power.waitForSelector('[data-testid=history-shown-version]');
    await power.locator('[data-testid=history-shown-version]').scrollIntoViewIfNeeded();
    await power.screenshot({ path: `docs/screenshots/history-view-${size}.png` });
    await rows.nth(0).locator('[data-testid=history-pick]').check();
    await rows.nth(1).locator('[data-testid=history-pick]').check();
    await power.click('[data-testid=history-compare]');
    await power.waitForSelector('[data-testid=history-compare-view]');
    await power.locator('[data-testid=history-compare-view]').scrollIntoViewIfNeeded();
    await power.screenshot({ path: `docs/screenshots/history-compare-${size}.png` });
    if (viewport.width === 1366) {
      await power.evaluate(() => localStorage.setItem('zerobase.lang', 'en'));
      await power.reload();
      await power.waitForSelector('[data-testid=collab-status][data-status=connected]');
      await openHistory(power, '通信办');
      await power.locator('[data-testid=history-version]').nth(0).locator('[data-testid=history-pick]').check();
      await power.locator('[data-testid=history-version]').nth(1).locator('[data-testid=history-pick]').check();
      await power.click('[data-testid=history-compare]');
      await power.waitForSelector('[data-testid=history-compare-view]');
      await power.screenshot({ path: `docs/screenshots/history-compare-en-${size}.png` });
      await power.evaluate(() => localStorage.removeItem('zerobase.lang'));
    }
    await power.context().close();
    await telecom.context().close();
  }
  console.log('wrote docs/screenshots/editor-*.png, conflict-inbox-*.png, attachments-*.png and history-*.png');
} finally {
  await browser.close();
  await server.stop();
  rmSync(attachmentsDir, { recursive: true, force: true });
}
