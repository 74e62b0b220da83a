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

const narrative = '[data-testid=collab-narrative]';
const unitCost = '[data-testid="unit-cost-DP-01-l1"]';
const rights = '[data-testid=collab-rights]';

describe('the editor follows a stage lock while it is open', () => {
  it("should turn a liaison's open editor read only when the coordinator moves the package to allocation, and editable again on reopening", async () => {
    const coordinator = await server.as('coordinator');
    const id = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body.find((p: { code: string }) => p.code === 'DP-01').id as string;
    const page = await signIn(browser, server.api.baseUrl, 'power');
    await page.goto(`${server.api.baseUrl}/packages/${id}`);
    await page.waitForSelector('[data-testid=collab-status][data-status=connected]');
    await page.waitForSelector('[data-testid=package-total]');
    expect(await page.isEnabled(unitCost)).toBe(true);
    expect(await page.getAttribute(narrative, 'readonly')).toBeNull();

    const moved = await coordinator.patch(`/api/packages/${id}`, { version: (await coordinator.get(`/api/packages/${id}`)).body.version, stage: 'allocation' });
    expect(moved.status).toBe(200);
    // the same page, no reload: the server narrowed the connection and the editor says why
    await page.waitForFunction((s) => document.querySelector(s)?.textContent?.includes('分配'), rights);
    expect(await page.locator(rights).textContent()).toContain('只读');
    expect(await page.isDisabled(unitCost)).toBe(true);
    expect(await page.getAttribute(narrative, 'readonly')).not.toBeNull();
    // and the page's own stage follows
    await page.waitForFunction(() => document.querySelector('.summary-row')?.textContent?.includes('分配'));
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `${shots}/stage-lock-${size.width}.png` });
    }

    const reopened = await coordinator.post(`/api/packages/${id}/reopen`, { version: moved.body.version, reason: '补充材料' });
    expect(reopened.status).toBe(200);
    await page.waitForFunction((s) => !document.querySelector(s)?.textContent?.includes('只读'), rights);
    expect(await page.isEnabled(unitCost)).toBe(true);
    expect(await page.getAttribute(narrative, 'readonly')).toBeNull();
    await page.waitForFunction(() => document.querySelector('.summary-row')?.textContent?.includes('编制'));
    await page.context().close();
  });
});
