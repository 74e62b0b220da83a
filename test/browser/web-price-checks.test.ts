import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { seriousViolations, signInAt } from './workspace-support';

let server: DemoServer;
let browser: Browser;
const pkg: Record<string, string> = {};
const shots = 'tmp/screenshots';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  const packages = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[];
  for (const p of packages) pkg[p.code] = p.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shoot(page: Page, name: string, before: () => Promise<void> = async () => undefined): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await before();
    await page.waitForTimeout(250);
    await page.screenshot({ path: `${shots}/${name}-${size.width}x${size.height}.png` });
  }
}

const rowTexts = (page: Page, selector: string) =>
  page.locator(`${selector} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())));

describe('claim plausibility in the browser', () => {
  it('shows the coordinator every flagged line of the cycle with its package, department, reference and ratio, sortable', { timeout: 120_000 }, async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'coordinator');
    try {
      await page.click('[data-testid=cycle-link]');
      await page.click('[data-testid=nav-price-checks]');
      await page.waitForSelector('[data-testid=price-flags]');
      expect(await page.textContent('[data-testid=price-summary]')).toContain('已核查 41 条成本明细：11 条有目录参考价');
      // largest deviation first
      const rows = await rowTexts(page, '[data-testid=price-flags]');
      expect(rows.map((r) => r[0].slice(0, 5))).toEqual(['DP-06', 'DP-02', 'DP-16']);
      const power = rows[1];
      expect(power[1]).toBe('供电公司');
      expect(power[2]).toBe('电力线路入地 材料 · 米');
      expect(power[3]).toBe('2,000');
      expect(power[4]).toBe('目录 900 元/米（2026 目录）');
      expect(power[5]).toBe('2.22×');
      expect(power[6]).toBe('高出 122%');
      expect(rows[2][6]).toBe('低于 58%');

      // sorted by ratio, smallest first after a second click
      await page.click('[data-testid=sort-ratio]');
      await page.click('[data-testid=sort-ratio]');
      // the table is read once the header says it is sorted ascending (the click's render may lag under load)
      await page.waitForSelector('th[aria-sort=ascending]:has([data-testid=sort-ratio])');
      expect((await rowTexts(page, '[data-testid=price-flags]')).map((r) => r[5])).toEqual(['0.42×', '2.22×', '2.5×']);
      expect(await page.getAttribute('th:has([data-testid=sort-ratio])', 'aria-sort')).toBe('ascending');
      expect(await seriousViolations(page)).toEqual([]);
      await page.click('[data-testid=sort-deviation]');
      await shoot(page, 'price-checks');
      await page.click('[data-testid=language]');
      await page.waitForFunction(() => document.querySelector('[data-testid=price-summary]')?.textContent?.includes('41 cost lines checked'));
      expect((await rowTexts(page, '[data-testid=price-flags]'))[1].slice(4)).toEqual(['Catalogue 900 yuan/米 (2026 目录)', '2.22×', '122% above']);
      await shoot(page, 'price-checks-en');
      await page.click('[data-testid=language]');

      // the catalogue behind it: a file with a negative price is refused whole, its rows named
      await page.click('[data-testid=catalogue-link]');
      await page.waitForSelector('[data-testid=price-catalogue]');
      expect(await page.locator('[data-testid=price-catalogue] tbody tr').count()).toBe(9);
      const csv = '类别,单位,名称,参考单价（元）,目录版本\n材料,米,地下电力及通信线路（含管材）,2500,2027 目录\n机械,台班,挖掘机台班,-800,2027 目录\n';
      await page.setInputFiles('[data-testid=import-file]', { name: '参考价.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.click('[data-testid=import-run]');
      await page.waitForSelector('[data-testid=import-errors]');
      expect(await rowTexts(page, '[data-testid=import-errors]')).toEqual([['3', '参考单价（元）', 'must not be negative']]);
      expect(await page.textContent('[data-testid=import-refused]')).toContain('1 处错误，未导入任何条目');
      expect(await page.textContent('[data-testid="price-row-materials-米"] [data-testid=price]')).toBe('900');
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, 'price-catalogue');

      // a coordinator changes a price by hand
      await page.click('[data-testid="edit-equipment-套"]');
      await page.fill('[data-testid=edit-price]', '12,000');
      await page.click('[data-testid=edit-save]');
      await page.waitForFunction(() => document.querySelector('[data-testid="price-row-equipment-套"] [data-testid=price]')?.textContent === '12,000');
      expect(await page.textContent('[data-testid=catalogue-notice]')).toContain('已保存参考价“交通流量传感器（含安装）”');
    } finally {
      await page.context().close();
    }
  });

  it('marks the power liaison’s line in the editor with the reference used, and follows the line as it is typed', { timeout: 120_000 }, async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'power');
    try {
      await page.goto(`${server.api.baseUrl}/packages/${pkg['DP-02']}`);
      await page.waitForSelector('[data-testid=collab-status][data-status=connected]');
      const mark = page.locator('[data-testid="price-mark-DP-02-l6"]');
      await mark.waitFor();
      expect((await mark.textContent())?.startsWith('偏高 +122%')).toBe(true);
      expect(await mark.getAttribute('aria-label')).toBe('参考价 900 元/米（2026 目录），本行 2,000 元/米，高出 122%');
      // the unit cost cell is described by the marker
      const cell = page.locator('[data-testid="unit-cost-DP-02-l6"]');
      expect((await cell.getAttribute('aria-describedby'))!.split(' ')).toContain(await mark.getAttribute('id'));
      // telecom's line of the same category and unit is within the band: no marker there
      expect(await page.locator('[data-testid="price-mark-DP-02-l8"]').count()).toBe(0);
      expect(await page.getAttribute('[data-testid=price-marks]', 'data-flagged', { strict: false })).toBe('1');
      // the reference shows on focus
      const tip = mark.locator('.zb-price-tip');
      expect(await tip.isVisible()).toBe(false);
      await mark.focus();
      await tip.waitFor({ state: 'visible' });
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, 'editor-price-mark', async () => {
        await mark.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await mark.focus();
      });

      // the liaison lowers the unit cost to the reference: the marker goes, while typing is confirmed
      await cell.fill('0.09');
      await cell.press('Enter');
      await page.waitForSelector('[data-testid="price-mark-DP-02-l6"]', { state: 'detached' });
      expect(await page.getAttribute('[data-testid=price-marks]', 'data-flagged', { strict: false })).toBe('0');
      await cell.fill('0.3');
      await cell.press('Enter');
      await mark.waitFor();
      expect(await mark.getAttribute('aria-label')).toBe('参考价 900 元/米（2026 目录），本行 3,000 元/米，高出 233%');

      // the catalogue is read-only for a liaison
      await page.goto(`${server.api.baseUrl}/price-catalogue`);
      await page.waitForSelector('[data-testid=price-catalogue]');
      expect(await page.locator('[data-testid=catalogue-read-only]').count()).toBe(1);
      expect(await page.locator('[data-testid=price-add], [data-testid=price-import]').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
