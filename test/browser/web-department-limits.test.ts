import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWanYuanInput } from '@zerobase/domain';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('department floors and caps in the set-up and on the ranking board', () => {
  it('should let the coordinator set a cap (refusing a floor above it) and show its effect and reason on the board', async () => {
    const coordinator = await server.as('coordinator');
    const cycleId = server.cycleId;
    const before = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body as { perDepartment: { department: string; fundedFen: number }[] };
    const capped = [...before.perDepartment].sort((a, b) => b.fundedFen - a.fundedFen)[0]!;
    const departments = (await coordinator.get('/api/departments')).body as { code: string; nameZh: string }[];
    const name = departments.find((d) => d.code === capped.department)!.nameZh;
    // half of what it gets now, in whole 10k yuan
    const capWan = Math.floor(capped.fundedFen / 2 / 1_000_000);

    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/setup`);
    await page.click('[data-testid=setup-tab-limits]');
    const floor = page.getByLabel(`${name}保底（万元）`);
    const cap = page.getByLabel(`${name}上限（万元）`);

    // a floor above the cap is marked and nothing is sent
    await floor.fill(String(capWan + 1));
    await cap.fill(String(capWan));
    await page.click('[data-testid=save-limits]');
    await page.waitForSelector('[data-testid=limits-invalid]');
    expect(await floor.getAttribute('aria-invalid')).toBe('true');
    expect((await coordinator.get(`/api/cycles/${cycleId}/department-limits`)).body).toEqual({ limits: [] });

    // the cap alone is saved
    await floor.fill('');
    await page.click('[data-testid=save-limits]');
    await page.waitForSelector('[data-testid=setup-saved]');
    expect((await coordinator.get(`/api/cycles/${cycleId}/department-limits`)).body).toEqual({ limits: [{ department: capped.department, floorFen: null, capFen: capWan * 1_000_000 }] });
    expect(await cap.inputValue()).toBe(formatWanYuanInput(capWan * 1_000_000));

    // the board: the department's row shows its cap reached, and a package it stops says why
    const ranking = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body as { items: { code: string; explanation: { funding: string } }[] };
    const stopped = ranking.items.filter((i) => i.explanation.funding === 'departmentCap').map((i) => i.code);
    expect(stopped.length).toBeGreaterThan(0);
    await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/ranking`);
    await page.waitForSelector('[data-testid=ranking-row]');
    await page.waitForSelector(`[data-testid=limit-${capped.department}]`);
    expect(await page.locator(`[data-testid=limit-${capped.department}]`).textContent()).toContain('上限使部分决策包未获安排');
    for (const code of stopped) {
      const row = page.locator(`[data-testid=ranking-row][data-code="${code}"]`);
      expect(await row.textContent(), code).toContain('超出部门上限');
      expect(await row.locator('[data-testid=department-cap]').textContent(), code).toContain(`${name}已达上限`);
    }
  });

  it('should show the coordinator the panel calibration on the ranking board, and not show it to a reviewer', async () => {
    const coordinator = await server.as('coordinator');
    const cycleId = server.cycleId;
    const panel = (await coordinator.get(`/api/cycles/${cycleId}/panel-calibration`)).body as { kendallW: number; reviewers: { reviewerId: string }[] };
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/ranking`);
    await page.waitForSelector('[data-testid=panel-calibration]');
    expect(await page.locator('[data-testid=panel-reviewer]').count()).toBe(panel.reviewers.length);
    expect(await page.locator('[data-testid=kendall-w]').textContent()).toContain(`W = ${panel.kendallW.toFixed(2)}`);

    const reviewer = await signIn(browser, server.api.baseUrl, 'reviewer1');
    await reviewer.goto(`${server.api.baseUrl}/cycles/${cycleId}/ranking`);
    await reviewer.waitForSelector('[data-testid=ranking-row]');
    expect(await reviewer.locator('[data-testid=panel-calibration]').count()).toBe(0);
  });
});
