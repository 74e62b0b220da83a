import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSuite, shots } from './editor-suite';
import { signIn } from './sign-in';

const suite = editorSuite();

async function openDp01(page: Page): Promise<void> {
  await suite.open(page);
}

const narrative = '[data-testid=collab-narrative]';
const unitCost = (line: string) => `[data-testid="unit-cost-${line}"]`;
const total = (page: Page) => page.locator('[data-testid=package-total]').textContent();

describe('co-editing a joint package in the browser', () => {
  it('should let the power and telecom liaisons edit DP-01 together, each in their own part', async () => {
    const power = await signIn(suite.browser, suite.server.api.baseUrl, 'power');
    const telecom = await signIn(suite.browser, suite.server.api.baseUrl, 'telecom');
    await Promise.all([openDp01(power), openDp01(telecom)]);

    // presence: each sees the other
    await power.waitForSelector('[data-testid=collab-peer] >> text=通信办 联络人');
    await telecom.waitForSelector('[data-testid=collab-peer] >> text=供电公司 联络人');
    expect(await total(power)).toBe('2,000.00');

    // the narrative: power types, telecom sees it
    await power.click(narrative);
    await power.keyboard.type('电力侧负责管沟开挖。');
    await telecom.waitForFunction((s) => (document.querySelector(s) as HTMLTextAreaElement).value === '电力侧负责管沟开挖。', narrative);

    // telecom types at the end while power inserts at the start: telecom's caret keeps its place
    await telecom.click(narrative);
    await telecom.keyboard.press('End');
    await telecom.keyboard.type('通信侧');
    await power.waitForFunction((s) => (document.querySelector(s) as HTMLTextAreaElement).value.endsWith('通信侧'), narrative);
    await power.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement).setSelectionRange(0, 0), narrative);
    await power.keyboard.type('【联合】');
    await telecom.waitForFunction((s) => (document.querySelector(s) as HTMLTextAreaElement).value.startsWith('【联合】'), narrative);
    await telecom.keyboard.type('负责光缆。');
    const expected = '【联合】电力侧负责管沟开挖。通信侧负责光缆。';
    await power.waitForFunction(([s, text]) => (document.querySelector(s) as HTMLTextAreaElement).value === text, [narrative, expected] as const);
    expect(await telecom.inputValue(narrative)).toBe(expected);

    // the title (shared part): committed on Enter, shown to the other side and in the page heading
    await telecom.fill('[data-testid=collab-title]', '电力与通信线路联合升级改造（一期）');
    await telecom.press('[data-testid=collab-title]', 'Enter');
    await power.waitForFunction(() => (document.querySelector('[data-testid=collab-title]') as HTMLInputElement).value === '电力与通信线路联合升级改造（一期）');
    await power.waitForSelector('[data-testid=package-title] >> text=（一期）');

    // rights: each liaison edits their own department's lines only
    expect(await power.isEnabled(unitCost('DP-01-l1'))).toBe(true);
    expect(await power.isDisabled(unitCost('DP-01-l3'))).toBe(true);
    expect(await power.isDisabled(unitCost('DP-01-l4'))).toBe(true);
    expect(await telecom.isDisabled(unitCost('DP-01-l1'))).toBe(true);
    expect(await telecom.isEnabled(unitCost('DP-01-l3'))).toBe(true);
    expect(await power.isEnabled(narrative)).toBe(true);
    expect(await power.getAttribute(narrative, 'readonly')).toBeNull();

    // power raises the trench from 600 to 650 (10k yuan): both see the new total
    await power.fill(unitCost('DP-01-l1'), '650');
    await power.press(unitCost('DP-01-l1'), 'Enter');
    await power.waitForFunction(() => document.querySelector('[data-testid=package-total]')?.textContent?.trim() === '2,050.00');
    await telecom.waitForFunction(() => document.querySelector('[data-testid=package-total]')?.textContent?.trim() === '2,050.00');
    expect(await telecom.inputValue(unitCost('DP-01-l1'))).toBe('650.00');
    expect(await telecom.locator('[data-testid="live-request-power"]').textContent()).toBe('1,050.00');
    await power.screenshot({ path: `${shots}/co-editing-power.png`, fullPage: true });
    await telecom.screenshot({ path: `${shots}/co-editing-telecom.png`, fullPage: true });

    // a change the server refuses (power forces telecom's input open): shown, then gone
    await power.evaluate((s) => document.querySelector(s)?.removeAttribute('disabled'), unitCost('DP-01-l3'));
    await power.fill(unitCost('DP-01-l3'), '1');
    await power.press(unitCost('DP-01-l3'), 'Enter');
    const refusal = power.locator('[data-testid=collab-refusal]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('您无权修改“通信管理办公室”');
    await power.waitForSelector('[data-testid=collab-status][data-status=connected]');
    await power.waitForFunction((s) => (document.querySelector(s) as HTMLInputElement | null)?.value === '700.00', unitCost('DP-01-l3'));
    expect(await total(power)).toBe('2,050.00');
    expect(await power.isDisabled(unitCost('DP-01-l3'))).toBe(true);
    expect(await power.inputValue(narrative)).toBe(expected);
    expect(await telecom.inputValue(unitCost('DP-01-l3'))).toBe('700.00');
    await power.screenshot({ path: `${shots}/co-editing-refused.png` });

    // the fresh replica still edits: power's next change reaches telecom
    await power.fill(unitCost('DP-01-l2'), '450');
    await power.press(unitCost('DP-01-l2'), 'Enter');
    await telecom.waitForFunction(() => document.querySelector('[data-testid=package-total]')?.textContent?.trim() === '2,100.00');

    // the server holds the accepted edits and not the refused one
    const coordinator = await suite.server.as('coordinator');
    await expect
      .poll(async () => {
        const pkg = (await coordinator.get(`/api/packages/${suite.dp01}`)).body;
        return pkg.costLines.map((l: { id: string; unitCostFen: number }) => [l.id, l.unitCostFen]);
      }, { timeout: 10_000 })
      .toEqual([
        ['DP-01-l1', 650_000_000],
        ['DP-01-l2', 450_000_000],
        ['DP-01-l3', 700_000_000],
        ['DP-01-l4', 300_000_000],
      ]);

    // leaving the page disconnects: telecom no longer sees power
    await power.click('text=返回决策包列表');
    await power.waitForSelector('[data-testid=package-row]');
    await telecom.waitForFunction(() => !document.querySelector('[data-testid=collab-peers]')?.textContent?.includes('供电公司 联络人'));
    await power.context().close();
    await telecom.context().close();
  });

  it('should keep pinyin out of the document while an input method composes, and merge what others typed meanwhile', async () => {
    const power = await signIn(suite.browser, suite.server.api.baseUrl, 'power');
    const telecom = await signIn(suite.browser, suite.server.api.baseUrl, 'telecom');
    await Promise.all([openDp01(power), openDp01(telecom)]);
    await power.click(narrative);
    await power.keyboard.press('Control+A');
    await power.keyboard.type('AB');
    await telecom.waitForFunction((s) => (document.querySelector(s) as HTMLTextAreaElement).value === 'AB', narrative);

    const ime = await power.context().newCDPSession(power);
    await power.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement).setSelectionRange(1, 1), narrative);
    await ime.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 });
    expect(await power.inputValue(narrative)).toBe('AzhongB');
    // telecom types at the start while power is still composing
    await telecom.click(narrative);
    await telecom.keyboard.press('Home');
    await telecom.keyboard.type('xy');
    await power.waitForTimeout(300);
    expect(await telecom.inputValue(narrative)).toBe('xyAB');
    expect(await power.inputValue(narrative)).toBe('AzhongB');
    // commit: the composed word lands where power put it, after telecom's text
    await ime.send('Input.insertText', { text: '中' });
    await telecom.waitForFunction((s) => (document.querySelector(s) as HTMLTextAreaElement).value === 'xyA中B', narrative);
    expect(await power.inputValue(narrative)).toBe('xyA中B');
    expect(await power.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement).selectionStart, narrative)).toBe(4);
    await power.context().close();
    await telecom.context().close();
  });

  it('should show the live document read only to an observer, with the department of who else is here and not their name', async () => {
    const observer = await signIn(suite.browser, suite.server.api.baseUrl, 'observer');
    const power = await signIn(suite.browser, suite.server.api.baseUrl, 'power');
    await Promise.all([openDp01(observer), openDp01(power)]);
    await observer.waitForSelector('[data-testid=collab-peer] >> text=供电公司');
    expect(await observer.locator('[data-testid=collab-peers]').textContent()).not.toContain('联络人');
    expect(await observer.locator('[data-testid=collab-rights]').textContent()).toContain('只读');
    expect(await observer.getAttribute(narrative, 'readonly')).not.toBeNull();
    expect(await observer.isDisabled('[data-testid=collab-title]')).toBe(true);
    for (const line of ['DP-01-l1', 'DP-01-l2', 'DP-01-l3', 'DP-01-l4']) expect(await observer.isDisabled(unitCost(line))).toBe(true);
    await observer.context().close();
  });
});
