import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSuite, shots } from './editor-suite';
import { signIn } from './sign-in';
import { seriousViolations, signInAt } from './workspace-support';

const suite = editorSuite();

/** Opens DP-01 and waits until the editor is live and the markers have their first answer. */
async function openDp01(page: Page): Promise<void> {
  await suite.open(page);
  await page.waitForSelector('[data-testid=change-marks]:not([data-answers="0"])', { state: 'attached' });
}

const unitCost = (line: string) => `[data-testid="unit-cost-${line}"]`;
/** The marker's accessible name: the text of the tip it is labelled by. */
const labelOf = async (mark: Locator): Promise<string> => (await mark.locator('.zb-change-tip').textContent()) ?? '';
const markOf = (path: string) => `[data-testid=change-mark][data-path="${path}"]`;
const TELECOM_L3 = 'dept:telecom/costLines/DP-01-l3.unitCostFen';
const POWER_L1 = 'dept:power/costLines/DP-01-l1.unitCostFen';
const NARRATIVE = 'shared/narrative';
const TIME = /\d{2}-\d{2} \d{2}:\d{2}/;

describe('markers on values another department changed', () => {
  it('should show power, live, who in telecom changed a value and when; never on power’s own edits', { timeout: 180_000 }, async () => {
    const power = await signIn(suite.browser, suite.server.api.baseUrl, 'power');
    const telecom = await signIn(suite.browser, suite.server.api.baseUrl, 'telecom');
    try {
      await Promise.all([openDp01(power), openDp01(telecom)]);
      expect(await power.locator('[data-testid=change-mark]').count()).toBe(0);

      // telecom changes a unit cost in its own section while power has the editor open
      await telecom.fill(unitCost('DP-01-l3'), '720');
      await telecom.press(unitCost('DP-01-l3'), 'Enter');
      const mark = power.locator(`[data-testid=collab-lines-telecom] ${markOf(TELECOM_L3)}`);
      await mark.waitFor({ timeout: 10_000 });
      const label = await labelOf(mark);
      expect(label).toContain('通信管理办公室');
      expect(label).toContain('通信办 联络人');
      expect(label).toMatch(new RegExp(`^由 通信管理办公室 通信办 联络人 于 ${TIME.source} 修改$`));
      expect(await mark.getAttribute('role')).toBe('img');
      // the cell is described by the marker (screen readers read who and when with the cell)
      const cell = power.locator(unitCost('DP-01-l3'));
      expect(await cell.getAttribute('data-changed-by')).toBe('telecom');
      expect((await cell.getAttribute('aria-describedby'))!.split(' ')).toContain(await mark.getAttribute('id'));
      expect(await power.getByRole('img', { name: label }).count()).toBe(1);
      // the tooltip shows on hover
      const tip = mark.locator('.zb-change-tip');
      expect(await tip.isVisible()).toBe(false);
      await cell.hover();
      await tip.waitFor({ state: 'visible' });
      expect(await mark.getAttribute('aria-labelledby')).toBe(await tip.getAttribute('id'));
      // the person's name is data: marked so that a translation (and the language sweep) leaves it alone
      expect(await tip.locator('[translate=no]').textContent()).toBe('通信办 联络人');
      expect(await seriousViolations(power)).toEqual([]);
      await power.screenshot({ path: `${shots}/change-marks-power.png` });
      // telecom's own edit is not marked for telecom
      expect(await telecom.locator('[data-testid=change-mark]').count()).toBe(0);

      // power raises its own line; afterwards telecom extends the narrative
      await power.fill(unitCost('DP-01-l1'), '650');
      await power.press(unitCost('DP-01-l1'), 'Enter');
      await power.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
      await telecom.locator(markOf(POWER_L1)).waitFor({ timeout: 10_000 });
      expect(await labelOf(telecom.locator(markOf(POWER_L1)))).toContain('供电公司 联络人');
      await telecom.click('[data-testid=collab-narrative]');
      await telecom.keyboard.press('End');
      await telecom.keyboard.type('通信侧负责光缆敷设。');
      // positive signal: power's markers were refreshed after power's own edit was stored
      await power.locator(markOf(NARRATIVE)).waitFor({ timeout: 10_000 });
      expect(await labelOf(power.locator(markOf(NARRATIVE)))).toContain('通信办 联络人');
      // …and power's own change carries no marker, the telecom one stays
      expect(await power.locator(markOf(POWER_L1)).count()).toBe(0);
      expect(await power.locator(unitCost('DP-01-l1')).getAttribute('data-changed-by')).toBeNull();
      expect(await power.locator(markOf(TELECOM_L3)).count()).toBe(1);

      // power rewrites the narrative: the last change is power's own, so power's marker goes, and telecom gets one
      await power.click('[data-testid=collab-narrative]');
      await power.keyboard.press('End');
      await power.keyboard.type('电力侧负责管沟开挖。');
      await telecom.locator(markOf(NARRATIVE)).waitFor({ timeout: 10_000 });
      await power.locator(markOf(NARRATIVE)).waitFor({ state: 'detached', timeout: 10_000 });
      expect(await power.locator('[data-testid=collab-narrative]').getAttribute('aria-describedby')).toBeNull();
      await telecom.screenshot({ path: `${shots}/change-marks-telecom.png` });

      // telecom adds a line: the rows of telecom's grid are marked as changed by telecom
      await telecom.click('[data-testid=add-line-telecom]');
      const rows = power.locator(`${markOf('dept:telecom/costLines')}`);
      await rows.waitFor({ timeout: 10_000 });
      expect(await labelOf(rows)).toMatch(new RegExp(`^由 通信管理办公室 通信办 联络人 于 ${TIME.source} 增删或调整了行$`));
      expect(await power.locator('[data-testid=collab-lines-telecom]').getAttribute('data-changed-by')).toBe('telecom');
      await rows.hover();
      await rows.locator('.zb-change-tip').waitFor({ state: 'visible' });
      await power.screenshot({ path: `${shots}/change-marks-rows.png` });
    } finally {
      await power.context().close();
      await telecom.context().close();
    }
  });

  it('should mark for a coordinator every value a department changed, in English too', { timeout: 120_000 }, async () => {
    const coordinator = await signInAt(suite.browser, suite.server.api.baseUrl, 'coordinator', { width: 1366, height: 768 }, 'en');
    try {
      await openDp01(coordinator);
      const telecomMark = coordinator.locator(markOf(TELECOM_L3));
      await telecomMark.waitFor();
      expect(await labelOf(telecomMark)).toMatch(new RegExp(`^Changed by 通信办 联络人 \\(.+\\) on ${TIME.source}$`));
      expect(await coordinator.locator(markOf(POWER_L1)).count()).toBe(1);
      expect(await labelOf(coordinator.locator(markOf(NARRATIVE)))).toContain('供电公司 联络人');
    } finally {
      await coordinator.context().close();
    }
  });
});
