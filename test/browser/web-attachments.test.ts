import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { solidPng, textPdf } from '../support/sample-files';
import { closeAll, signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;
let dataDir: string;
let dp01: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zb-web-attachments-'));
  [server, browser] = await Promise.all([startDemoServer({ DATA_DIR: dataDir, ATTACHMENT_MAX_BYTES: String(1024 * 1024) }), launchChromium()]);
  const packages = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body;
  dp01 = packages.find((p: { code: string }) => p.code === 'DP-01').id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** pages a test opened: closed after it, also when it failed half-way (so one failure cannot leave a live editor behind) */
const opened: Page[] = [];
afterEach(async () => {
  await closeAll(...opened.splice(0));
});

/** A demo user at 1366 x 768 with the joint line upgrade open. */
async function openAs(who: string): Promise<Page> {
  const page = await signIn(browser, server.api.baseUrl, who, { viewport: { width: 1366, height: 768 } });
  opened.push(page);
  await page.goto(`${server.api.baseUrl}/packages/${dp01}`);
  await page.waitForSelector('[data-testid=attachments] h2');
  return page;
}

const row = (page: Page, name: string) => page.locator(`[data-testid=attach-list] tr[data-attachment="${name}"]`);

describe('attachments in the browser', () => {
  it('should take files from power (picker, on a cost line), show them to telecom live with who and when, and preview the drawing and the PDF', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    await telecom.waitForSelector('[data-testid=attach-none]');

    // power attaches a drawing to one of power's lines; telecom's lines are not offered
    const options = await power.locator('[data-testid=attach-target] option').allTextContents();
    expect(options.some((o) => o.includes('管沟开挖'))).toBe(true);
    const lineValue = await power.locator('[data-testid=attach-target] option', { hasText: '管沟开挖' }).getAttribute('value');
    await power.selectOption('[data-testid=attach-target]', lineValue!);
    await power.setInputFiles('[data-testid=attach-input]', [
      { name: '管沟断面图.png', mimeType: 'image/png', buffer: solidPng(320, 180, [40, 110, 190]) },
      { name: '可行性研究报告.pdf', mimeType: 'application/pdf', buffer: textPdf('Feasibility study of the joint trench') },
    ]);
    await row(power, '可行性研究报告.pdf').waitFor();
    expect(await power.locator('[data-testid=attach-notice]').getAttribute('data-kind')).toBe('info');

    // telecom sees both without reloading (Socket.IO), with power's name, department and the line
    const drawing = row(telecom, '管沟断面图.png');
    await drawing.waitFor();
    await row(telecom, '可行性研究报告.pdf').waitFor();
    expect(await drawing.locator('.line').textContent()).toContain('管沟开挖');
    expect(await drawing.locator('.who').textContent()).toMatch(/供电|电力|power/i);
    // telecom may not remove power's files
    expect(await drawing.locator('[data-testid=attach-remove]').count()).toBe(0);

    await drawing.locator('[data-testid=attach-preview]').click();
    const image = telecom.locator('[data-testid=attach-preview-image]');
    await image.waitFor();
    await telecom.waitForFunction(() => (document.querySelector('[data-testid=attach-preview-image]') as HTMLImageElement | null)?.naturalWidth === 320);

    // the PDF opens in a frame on the page (the server lets only this origin frame it)
    const contentResponse = telecom.waitForResponse((r) => r.url().includes('/content') && r.request().resourceType() === 'document');
    await row(telecom, '可行性研究报告.pdf').locator('[data-testid=attach-preview]').click();
    await telecom.waitForSelector('[data-testid=attach-preview-frame]');
    const response = await contentResponse;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toMatch(/^inline;/);
    await power.context().close();
    await telecom.context().close();
  });

  it('should refuse, with a message, a file whose content is not what its name says or that is too large, and show nothing to a user who may not read the package', async () => {
    const power = await openAs('power');
    // the panel's list has arrived (it shows "none" while it loads too)
    await power.waitForLoadState('networkidle');
    const before = await power.locator('[data-testid=attach-list] tbody tr').count();
    await power.setInputFiles('[data-testid=attach-input]', { name: '报价单.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    const notice = power.locator('[data-testid=attach-notice][data-kind=error]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('报价单.pdf');
    expect(await notice.textContent()).toContain('不符');
    expect(await power.locator('[data-testid=attach-list] tbody tr').count()).toBe(before);
    // over the limit (1 MB in this test): the browser reads the 413 and says what the limit is
    await power.setInputFiles('[data-testid=attach-input]', { name: '大图.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1536 * 1024)]) });
    await power.waitForFunction(() => document.querySelector('[data-testid=attach-notice][data-kind=error]')?.textContent?.includes('大图.pdf'));
    expect(await notice.textContent()).toContain('超过大小上限 1 MB');
    expect(await power.locator('[data-testid=attach-list] tbody tr').count()).toBe(before);
    await power.context().close();

    // an observer reads DP-01 only while it is published
    const coordinator = await server.as('coordinator');
    const current = (await coordinator.get(`/api/packages/${dp01}`)).body;
    expect((await coordinator.patch(`/api/packages/${dp01}`, { version: current.version, published: false })).status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const observer = await context.newPage();
    await observer.goto(`${server.api.baseUrl}/login`);
    await observer.fill('input[name=email]', 'observer@demo.zerobase');
    await observer.fill('input[name=password]', 'zerobase-demo');
    await observer.click('button[type=submit]');
    await observer.waitForSelector('[data-testid=cycle-list]');
    const list = await observer.evaluate(async (id) => (await fetch(`/api/packages/${id}/attachments`)).status, dp01);
    expect(list).toBe(403);
    await observer.goto(`${server.api.baseUrl}/packages/${dp01}`);
    await observer.waitForSelector('zb-load-state');
    expect(await observer.locator('[data-testid=attachments]').count()).toBe(0);
    await context.close();
  });
});
