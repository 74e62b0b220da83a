import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';

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

describe('web client smoke test', () => {
  it('should sign in, open the package list and show the 20 demo packages with totals in 万元', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.api.baseUrl}/`);
    await page.waitForURL(/\/login$/);
    await page.fill('input[name=email]', 'coordinator@demo.zerobase');
    await page.fill('input[name=password]', 'zerobase-demo');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=cycle-list]');
    await page.click('text=2027 年度联合基础设施');
    await page.waitForSelector('[data-testid=package-row]');
    expect(await page.locator('[data-testid=package-row]').count()).toBe(20);
    await expect(page.locator('[data-testid=package-count]').textContent()).resolves.toContain('共 20 个决策包');
    expect(await page.locator('[data-testid=package-row]', { hasText: 'DP-03' }).textContent()).toContain('18,700.00');
    await page.screenshot({ path: `${shots}/package-list.png`, fullPage: true });

    await page.selectOption('[data-testid=filter-tier]', 'high');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=package-row]').length === 5);

    await page.click('text=老旧小区综合改造（联合）');
    await page.waitForSelector('[data-testid=package-total]');
    expect(await page.locator('[data-testid=package-total]').textContent()).toBe('5,000.00');
    await page.click('[data-testid=language]');
    await page.waitForSelector('text=Cost lines');
    await page.screenshot({ path: `${shots}/package-detail-en.png`, fullPage: true });
  });

  it('should show a wrong password as an error without signing in', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.api.baseUrl}/login`);
    await page.fill('input[name=email]', 'coordinator@demo.zerobase');
    await page.fill('input[name=password]', 'nope');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('邮箱或密码错误');
    expect(page.url()).toMatch(/\/login$/);
  });
});
