#!/usr/bin/env node
// The package editor, the conflict inbox and the offline state at 1366x768 and 1920x1080:
// writes docs/screenshots/editor-*.png and attachments-*.png. Needs the built api and web (npx nx build api web).
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
const server = await startApi('shots');
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
    await power.context().close();
    await telecom.context().close();
  }
  console.log('wrote docs/screenshots/editor-*.png, conflict-inbox-*.png and attachments-*.png');
} finally {
  await browser.close();
  await server.stop();
  rmSync(attachmentsDir, { recursive: true, force: true });
}
