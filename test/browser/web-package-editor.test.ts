import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorSuite, shots } from './editor-suite';
import { signIn } from './sign-in';

const suite = editorSuite();

/** A liaison at 1366 x 768, signed in, with DP-01 open and synced. */
async function openAs(who: string): Promise<Page> {
  const page = await signIn(suite.browser, suite.server.api.baseUrl, who, { viewport: { width: 1366, height: 768 } });
  await suite.open(page);
  return page;
}

/** How many updates the browser's copy of DP-01 holds (y-indexeddb's `updates` store), -1 if unreadable. */
const storedUpdates = (page: Page) =>
  page.evaluate(
    (name) =>
      new Promise<number>((resolve) => {
        const request = indexedDB.open(name);
        request.onerror = () => resolve(-1);
        request.onsuccess = () => {
          const db = request.result;
          try {
            const count = db.transaction('updates', 'readonly').objectStore('updates').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => resolve(-1);
          } catch {
            resolve(-1);
          } finally {
            db.close();
          }
        };
      }),
    `zerobase-package-${suite.dp01}`,
  );

const cell = (field: string, line: string) => `[data-testid="${field}-${line}"]`;
const textOf = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).textContent();
const waitText = (page: Page, testId: string, text: string) =>
  page.waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() === t, [testId, text] as const);
const rowOrder = (page: Page, section: string) =>
  page.locator(`[data-testid=collab-lines-${section}] tbody tr`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));
const descriptions = (page: Page, section: string) =>
  page.locator(`[data-testid=collab-lines-${section}] [data-testid^="description-"]`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

async function pasteInto(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).evaluate((element, data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

describe('the package editor in the browser', () => {
  it('should let power add, type, paste, reorder and remove cost lines that telecom sees live, and keep power out of telecom’s section', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    expect(await textOf(power, 'package-total')).toBe('2,000.00');

    // a new line, typed with the keyboard: the amount follows as quantity and unit cost are typed
    await power.click('[data-testid=add-line-power]');
    const newDescription = power.locator('[data-testid=collab-lines-power] [data-testid^="description-r-"]');
    await newDescription.waitFor();
    const newId = (await newDescription.getAttribute('data-testid'))!.slice('description-'.length);
    await power.waitForFunction((s) => document.activeElement === document.querySelector(s), cell('description', newId));
    await power.keyboard.type('电缆沟盖板');
    await power.keyboard.press('ArrowRight');
    await power.keyboard.type('20');
    await power.keyboard.press('ArrowRight');
    await power.keyboard.type('块');
    await power.keyboard.press('ArrowRight');
    await power.keyboard.type('0.15');
    await waitText(power, `line-amount-${newId}`, '3.00'); // before the cell is committed
    await power.keyboard.press('Enter');
    await waitText(telecom, 'package-total', '2,003.00');
    expect(await telecom.inputValue(cell('description', newId))).toBe('电缆沟盖板');
    expect(await telecom.inputValue(cell('quantity', newId))).toBe('20');
    expect(await telecom.inputValue(cell('unit', newId))).toBe('块');
    expect(await textOf(telecom, `line-amount-${newId}`)).toBe('3.00');

    // three rows copied from a spreadsheet (header, 万元 with thousands separators, one unreadable)
    const block = '类别\t内容\t数量\t单位\t单价（万元）\t年度\n材料\t光缆接头盒\t10\t个\t0.8\t2027\n设备\t环网柜\t1\t台\t1,250万元\t2027\n材料\t接地装置\tabc\t套\t0.5\t2027\n';
    await pasteInto(power, cell('unit-cost', 'DP-01-l2'), block);
    const report = await textOf(power, 'paste-report-power');
    expect(report).toContain('已添加 2 行');
    expect(report).toContain('第 4 行：数量“abc”不是数字');
    await waitText(telecom, 'package-total', '3,261.00');
    expect(await descriptions(telecom, 'power')).toEqual(['管沟开挖（解放路段）', '电力电缆及共用杆塔', '电缆沟盖板', '光缆接头盒', '环网柜']);
    expect(await descriptions(telecom, 'power')).not.toContain('接地装置');

    // an unreadable value is refused, naming the line and the field, and the value is kept
    await power.fill(cell('quantity', 'DP-01-l1'), 'abc');
    await power.press(cell('quantity', 'DP-01-l1'), 'Enter');
    const error = await textOf(power, 'collab-lines-power-error');
    expect(error).toContain('第 1 行');
    expect(error).toContain('管沟开挖（解放路段）');
    expect(error).toContain('数量');
    expect(error).toContain('abc');
    expect(await power.inputValue(cell('quantity', 'DP-01-l1'))).toBe('1');

    // Esc reverts the cell being typed
    await power.click(cell('unit', 'DP-01-l2'));
    await power.keyboard.type('吨');
    await power.keyboard.press('Escape');
    await power.keyboard.press('Enter');
    expect(await power.inputValue(cell('unit', 'DP-01-l2'))).not.toContain('吨');

    // reorder with the keyboard (Alt+↑) and by dragging; telecom sees the order
    await power.click(cell('description', 'DP-01-l2'));
    await power.keyboard.press('Alt+ArrowUp');
    await telecom.waitForFunction(() => document.querySelector('[data-testid=collab-lines-power] tbody tr')?.getAttribute('data-row-key') === 'DP-01-l2');
    expect((await rowOrder(telecom, 'power')).slice(0, 2)).toEqual(['DP-01-l2', 'DP-01-l1']);
    await power.dragAndDrop('[data-testid=collab-lines-power] tr[data-row-key="DP-01-l2"] .handle', '[data-testid=collab-lines-power] tr[data-row-key="DP-01-l1"] td:nth-child(3)');
    await telecom.waitForFunction(() => document.querySelector('[data-testid=collab-lines-power] tbody tr')?.getAttribute('data-row-key') === 'DP-01-l1');

    // remove the expensive pasted line
    const cabinet = (await power.locator('[data-testid=collab-lines-power] tbody tr').evaluateAll((rows) =>
      rows.find((r) => (r.querySelector('[data-testid^="description-"]') as HTMLInputElement).value === '环网柜')?.getAttribute('data-row-key'),
    ))!;
    await power.click(`[data-testid="collab-lines-power-remove-${cabinet}"]`);
    await waitText(telecom, 'package-total', '2,011.00');
    expect(await textOf(telecom, 'section-subtotal-power')).toBe('1,011.00');

    // rights: power cannot type into telecom's section, which says whose it is; telecom likewise
    for (const field of ['description', 'quantity', 'unit-cost', 'unit', 'year', 'category']) {
      expect(await power.isDisabled(cell(field, 'DP-01-l3'))).toBe(true);
      expect(await telecom.isDisabled(cell(field, 'DP-01-l1'))).toBe(true);
    }
    expect(await power.locator('[data-testid=add-line-telecom]').count()).toBe(0);
    expect(await textOf(power, 'owner-telecom')).toContain('由通信管理办公室负责');
    expect(await textOf(telecom, 'owner-power')).toContain('由供电公司负责');
    expect(await telecom.isEnabled(cell('description', 'DP-01-l3'))).toBe(true);

    // the cost grid and the totals are on screen at 1366 x 768
    for (const selector of ['[data-testid=package-total]', '[data-testid=collab-lines-power]', '[data-testid=collab-lines-telecom]']) {
      const box = (await power.locator(selector).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    await power.screenshot({ path: `${shots}/editor-power-1366.png` });

    // the server stored what both see
    const coordinator = await suite.server.as('coordinator');
    await expect
      .poll(async () => (await coordinator.get(`/api/packages/${suite.dp01}`)).body.costLines.map((l: { description: string }) => l.description), { timeout: 10_000 })
      .toEqual(['管沟开挖（解放路段）', '电力电缆及共用杆塔', '电缆沟盖板', '光缆接头盒', '光缆及配线设备', '敷设与接续施工']);
    await power.context().close();
    await telecom.context().close();
  });

  it('should edit the split with a 100 % check, objectives, KPIs, risks and levels, seen live by the other liaison', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    await power.fill('[data-testid=split-power]', '60');
    await power.press('[data-testid=split-power]', 'Enter');
    await telecom.waitForSelector('[data-testid=split-sum][data-ok=false]');
    expect(await textOf(telecom, 'split-sum')).toContain('分摊合计应为 100 %，当前为 110 %');
    await telecom.fill('[data-testid=split-telecom]', '40');
    await telecom.press('[data-testid=split-telecom]', 'Enter');
    await power.waitForSelector('[data-testid=split-sum][data-ok=true]');

    await power.click('[data-testid=add-objective]');
    // the new row takes the focus once it is rendered: type only then
    await power.waitForFunction(() => {
      const active = document.activeElement as HTMLInputElement | null;
      return !!active && active.tagName === 'INPUT' && !!active.closest('[data-testid=objectives]') && active.value === '';
    });
    await power.keyboard.type('施工期间不中断通信');
    await power.keyboard.press('Enter');
    await telecom.waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('[data-testid=objectives] input')].some((i) => i.value === '施工期间不中断通信'),
    );

    await telecom.click('[data-testid=add-kpi]');
    const kpiName = telecom.locator('[data-testid=kpis] [data-testid^="cell-name-r-"]');
    await kpiName.waitFor();
    const kpiId = (await kpiName.getAttribute('data-testid'))!.slice('cell-name-'.length);
    await telecom.fill(`[data-testid="cell-name-${kpiId}"]`, '光缆中断时长');
    await telecom.press(`[data-testid="cell-name-${kpiId}"]`, 'ArrowDown');
    await telecom.fill(`[data-testid="cell-target-${kpiId}"]`, '2.5');
    await telecom.press(`[data-testid="cell-target-${kpiId}"]`, 'Enter');
    await telecom.selectOption(`[data-testid="cell-direction-${kpiId}"]`, 'decrease');
    await power.waitForFunction((id) => (document.querySelector(`[data-testid="cell-direction-${id}"]`) as HTMLSelectElement | null)?.value === 'decrease', kpiId);
    expect(await power.inputValue(`[data-testid="cell-name-${kpiId}"]`)).toBe('光缆中断时长');
    expect(await power.inputValue(`[data-testid="cell-target-${kpiId}"]`)).toBe('2.5');

    await power.click('[data-testid=add-risk]');
    await power.click('[data-testid=add-level-minimum]');
    await telecom.waitForSelector('[data-testid="cell-level-minimum"]');
    await telecom.fill('[data-testid="cell-costFen-minimum"]', '1,500');
    await telecom.press('[data-testid="cell-costFen-minimum"]', 'Enter');
    await power.waitForFunction(() => (document.querySelector('[data-testid="cell-costFen-minimum"]') as HTMLInputElement | null)?.value === '1,500.00');

    const coordinator = await suite.server.as('coordinator');
    await expect
      .poll(async () => {
        const pkg = (await coordinator.get(`/api/packages/${suite.dp01}`)).body;
        return [pkg.costSplit, pkg.objectives.at(-1), pkg.kpis.at(-1)?.target, pkg.risks.length, pkg.levels[0]?.costFen];
      }, { timeout: 10_000 })
      .toEqual([[{ department: 'power', basisPoints: 6_000 }, { department: 'telecom', basisPoints: 4_000 }], '施工期间不中断通信', 2.5, 1, 1_500_000_000]);
    await power.screenshot({ path: `${shots}/editor-power-fields.png`, fullPage: true });
    await power.context().close();
    await telecom.context().close();
  });

  it('should say offline at once, keep offline edits through a reload, count them and merge them when back online', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    await power.waitForSelector('[data-testid=collab-pending][data-pending="0"][data-offline-ready=true]');
    await power.context().setOffline(true);
    await power.waitForSelector('[data-testid=collab-status][data-status=offline]', { timeout: 2_000 });
    expect(await power.locator('[data-testid=collab-peer]').count()).toBe(0);

    await power.fill(cell('unit-cost', 'DP-01-l2'), '450');
    await power.press(cell('unit-cost', 'DP-01-l2'), 'Enter');
    await power.waitForSelector('[data-testid=collab-pending]:not([data-pending="0"])');
    expect(await textOf(power, 'collab-pending')).toMatch(/\d+ 项修改待服务器确认/);
    const beforeDescription = await storedUpdates(power);
    await power.fill(cell('description', 'DP-01-l2'), '电力电缆（离线修改）');
    await power.press(cell('description', 'DP-01-l2'), 'Enter');
    // the browser's copy has the edit (IndexedDB writes are asynchronous) before the page goes away
    await expect.poll(() => storedUpdates(power), { timeout: 15_000 }).toBeGreaterThan(beforeDescription);

    // a reload while still offline: the editor opens from the browser's copy, edits included
    await power.reload();
    await power.waitForSelector('[data-testid=collab-status][data-status=offline]');
    await power.waitForFunction((s) => (document.querySelector(s) as HTMLInputElement | null)?.value === '450.00', cell('unit-cost', 'DP-01-l2'));
    expect(await power.inputValue(cell('description', 'DP-01-l2'))).toBe('电力电缆（离线修改）');
    expect(await power.isEnabled(cell('unit-cost', 'DP-01-l2'))).toBe(true);
    await power.waitForSelector('[data-testid=collab-pending]:not([data-pending="0"])');

    // telecom edits meanwhile
    await telecom.fill(cell('unit-cost', 'DP-01-l4'), '350');
    await telecom.press(cell('unit-cost', 'DP-01-l4'), 'Enter');

    await power.context().setOffline(false);
    await power.waitForSelector('[data-testid=collab-status][data-status=connected]');
    await power.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
    const total = await textOf(power, 'package-total');
    await waitText(telecom, 'package-total', total!.trim());
    expect(await telecom.inputValue(cell('unit-cost', 'DP-01-l2'))).toBe('450.00');
    expect(await telecom.inputValue(cell('description', 'DP-01-l2'))).toBe('电力电缆（离线修改）');
    expect(await power.inputValue(cell('unit-cost', 'DP-01-l4'))).toBe('350.00');
    await power.context().close();
    await telecom.context().close();
  });

  it('should put a conflict from concurrent overwrites in both inboxes, settle it from the UI and drop it for everyone', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    await power.context().setOffline(true);
    await power.waitForSelector('[data-testid=collab-status][data-status=offline]');
    await power.fill('[data-testid=collab-title]', '线路联合升级（供电方案）');
    await power.press('[data-testid=collab-title]', 'Enter');
    await telecom.fill('[data-testid=collab-title]', '线路联合升级（通信方案）');
    await telecom.press('[data-testid=collab-title]', 'Enter');
    await telecom.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
    await power.context().setOffline(false);

    // both are told: a badge in the header and a banner over the package
    for (const page of [power, telecom]) {
      await page.waitForSelector('[data-testid=conflict-badge]');
      await page.waitForSelector('[data-testid=conflict-banner]');
    }
    await power.click('[data-testid=conflict-badge]');
    await power.waitForSelector('[data-testid=conflict-list] zb-conflict-card');
    expect(await power.locator('[data-testid=conflict-side-previous]').textContent()).toContain('线路联合升级（通信方案）');
    expect(await power.locator('[data-testid=conflict-side-incoming]').textContent()).toContain('线路联合升级（供电方案）');
    expect(await power.locator('[data-testid=conflict-side-previous]').textContent()).toContain('通信管理办公室');
    await power.screenshot({ path: `${shots}/conflict-inbox.png` });

    // telecom settles it from the banner: the first value stays, for everyone
    await telecom.click('[data-testid=conflict-banner-toggle]');
    await telecom.click('[data-testid=resolve-keepPrevious]');
    await telecom.waitForSelector('[data-testid=conflict-banner]', { state: 'detached' });
    await telecom.waitForFunction(() => (document.querySelector('[data-testid=collab-title]') as HTMLInputElement).value === '线路联合升级（通信方案）');
    await power.waitForSelector('[data-testid=conflict-none]');
    expect(await power.locator('[data-testid=conflict-badge]').count()).toBe(0);
    await power.goBack();
    await power.waitForFunction(() => (document.querySelector('[data-testid=collab-title]') as HTMLInputElement | null)?.value === '线路联合升级（通信方案）');
    expect(await power.locator('[data-testid=conflict-banner]').count()).toBe(0);
    await power.context().close();
    await telecom.context().close();
  });

  it('should show where the other liaison is: the field they are in, and their caret and selection in the purpose, kept on its characters while power types', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    const purpose = await telecom.inputValue('[data-testid=collab-purpose]');
    await telecom.click('[data-testid=collab-purpose]');
    await telecom.keyboard.press('Control+Home');
    for (let i = 0; i < 2; i++) await telecom.keyboard.press('ArrowRight');
    for (let i = 0; i < 3; i++) await telecom.keyboard.press('Shift+ArrowRight');

    const caret = power.locator('.zb-remote-cursors .zb-remote-caret');
    await caret.waitFor();
    // the caret shows from telecom's first click; the selection follows with its later presence update
    await power.waitForFunction((text) => document.querySelector('.zb-remote-cursors .zb-remote-selection')?.textContent === text, purpose.slice(2, 5));
    const telecomName = await caret.getAttribute('data-name');
    await expect
      .poll(async () => power.locator('[data-testid=collab-peer]', { hasText: telecomName! }).locator('[data-testid=collab-peer-field]').textContent(), { timeout: 15_000 })
      .toContain('目的');
    expect(await power.getAttribute('[data-testid=collab-purpose]', 'data-editing-by')).toBe(telecomName);
    await power.screenshot({ path: `${shots}/editor-cursors.png` });

    // power types in front of the selection: it stays on the same characters
    await power.click('[data-testid=collab-title]');
    await power.focus('[data-testid=collab-purpose]');
    await power.keyboard.press('Control+Home');
    await power.keyboard.type('【紧急】');
    await power.waitForFunction(
      (text) => document.querySelector('.zb-remote-cursors .zb-remote-selection')?.textContent === text && (document.querySelector('[data-testid=collab-purpose]') as HTMLTextAreaElement).value.startsWith('【紧急】'),
      purpose.slice(2, 5),
    );

    // telecom moves to the title: the caret goes, the field follows
    await telecom.click('[data-testid=collab-title]');
    await caret.waitFor({ state: 'detached' });
    await power.waitForFunction(() => document.querySelector('[data-testid=collab-peer-field]')?.textContent?.includes('名称') ?? false);
    await power.context().close();
    await telecom.context().close();
  });

  it('should record concurrent rewrites of the purpose as a conflict with both texts, not interleave them silently, and settle it for both editors', async () => {
    const [power, telecom] = await Promise.all([openAs('power'), openAs('telecom')]);
    await power.context().setOffline(true);
    await power.waitForSelector('[data-testid=collab-status][data-status=offline]');
    await power.fill('[data-testid=collab-purpose]', '供电线路入地改造，提高可靠性。');
    await telecom.fill('[data-testid=collab-purpose]', '通信光缆与电力同沟敷设，节省开挖。');
    await telecom.waitForSelector('[data-testid=collab-pending][data-pending="0"]');
    await power.context().setOffline(false);

    for (const page of [power, telecom]) await page.waitForSelector('[data-testid=conflict-banner]');
    await power.click('[data-testid=conflict-banner-toggle]');
    const card = power.locator('zb-conflict-banner zb-conflict-card');
    expect(await card.locator('[data-testid=conflict-where]').textContent()).toContain('目的');
    expect(await card.locator('[data-testid=conflict-side-previous] .value').textContent()).toBe('通信光缆与电力同沟敷设，节省开挖。');
    expect(await card.locator('[data-testid=conflict-side-incoming] .value').textContent()).toBe('供电线路入地改造，提高可靠性。');

    // telecom keeps its own wording; both editors show exactly it
    await telecom.click('[data-testid=conflict-banner-toggle]');
    await telecom.click('zb-conflict-banner [data-testid=resolve-keepPrevious]');
    await telecom.waitForSelector('[data-testid=conflict-banner]', { state: 'detached' });
    for (const page of [power, telecom]) {
      await page.waitForFunction(() => (document.querySelector('[data-testid=collab-purpose]') as HTMLTextAreaElement).value === '通信光缆与电力同沟敷设，节省开挖。');
    }
    await power.waitForSelector('[data-testid=conflict-banner]', { state: 'detached' });
    await power.context().close();
    await telecom.context().close();
  });
});
