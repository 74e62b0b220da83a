import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { settle, signInAt, visit } from './workspace-support';

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

const url = (path: string) => `${server.api.baseUrl}${path}`;

async function packageId(code: string): Promise<string> {
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[];
  const found = list.find((p) => p.code === code);
  if (!found) throw new Error(`no package ${code}`);
  return found.id;
}

/** Presses Tab until the element matching the selector has the focus. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('the reviewer’s workspace', () => {
  it('should let a reviewer score with the keyboard alone, move the queue’s progress and the coordinator’s board without a reload', async () => {
    // a new package up for scoring: reviewer 1 has scored the 20 demo packages, not this one
    const coordinator = await server.as('coordinator');
    const created = await coordinator.post('/api/packages', {
      cycleId: server.cycleId,
      code: 'DP-90',
      title: '智慧路灯改造',
      leadDepartment: 'power',
      departments: ['power'],
      costLines: [{ department: 'power', category: 'equipment', description: '智慧路灯', quantity: 100, unit: '套', unitCostFen: 2_000_000, year: 2027 }],
    });
    expect(created.status).toBe(201);
    const moved = await coordinator.patch(`/api/packages/${created.body.id}`, { version: created.body.version, stage: 'scoring' });
    expect(moved.status).toBe(200);

    const board = await signInAt(browser, server.api.baseUrl, 'coordinator');
    await visit(board, url(`/cycles/${server.cycleId}/ranking`));
    await board.waitForSelector('[data-testid=ranking-row][data-code=DP-90]');
    expect(await board.locator('[data-testid=ranking-row][data-code=DP-90] [data-testid=ranking-score]').textContent()).toBe('—');
    await board.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 1));

    const page = await signInAt(browser, server.api.baseUrl, 'reviewer1');
    await page.click('[data-testid=cycle-link]');
    await page.click('[data-testid=nav-queue]');
    await page.waitForSelector('[data-testid=queue-progress]');
    expect(await page.getAttribute('[data-testid=queue-progress]', 'data-scored')).toBe('20');
    expect(await page.getAttribute('[data-testid=queue-progress]', 'data-total')).toBe('21');
    expect(await page.locator('[data-testid=queue-progress]').textContent()).toContain('已评分 20 / 21');
    await page.screenshot({ path: `${shots}/reviewer-queue.png` });

    // keyboard only from here: Tab to "score the next package", Enter, then the form
    await tabTo(page, '[data-testid=score-next]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=score-form]');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'score-input-strategic');
    expect(await page.locator('h1').textContent()).toContain('DP-90');
    expect(await page.locator('label[for=score-strategic]').textContent()).toContain('权重 25%');
    expect(await page.locator('#hint-strategic').textContent()).toContain('发展规划');
    // a score out of range is refused in place, nothing is sent
    await page.keyboard.type('120');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-strategic');
    expect(await page.getAttribute('#score-strategic', 'aria-invalid')).toBe('true');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('90');
    for (const value of ['80', '85', '90', '75']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('score-comment');
    await page.keyboard.type('方案成熟，建议优先安排');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('save-next');
    await page.screenshot({ path: `${shots}/reviewer-scoring.png` });
    await page.keyboard.press('Enter');

    // nothing is left: back to the queue, 21 of 21
    await page.waitForURL(/\/queue$/);
    await page.waitForFunction(() => document.querySelector('[data-testid=queue-progress]')?.getAttribute('data-scored') === '21');
    expect(await page.locator('[data-testid=queue-row][data-code=DP-90]').getAttribute('data-status')).toBe('scored');
    const saved = (await (await server.as('reviewer1')).get(`/api/packages/${created.body.id}/scores`)).body.scores as { criterion: string; score: number; comment: string }[];
    expect(Object.fromEntries(saved.map((s) => [s.criterion, s.score]))).toEqual({ strategic: 90, feasibility: 80, goal: 85, costEffectiveness: 90, publicBenefit: 75 });
    expect(saved[0].comment).toBe('方案成熟，建议优先安排');

    // the coordinator's board picked it up live: same page, new score
    await board.waitForFunction(() => document.querySelector('[data-testid=ranking-row][data-code=DP-90] [data-testid=ranking-score]')?.textContent?.trim() !== '—', undefined, { timeout: 10_000 });
    expect(await board.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(1);
    expect(await board.locator('[data-testid=ranking-row][data-code=DP-90] [data-testid=ranking-score]').textContent()).toBe('84.75');

    // once scoring closes, the reviewer sees everyone's scores and no form
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/scoring/close`)).status).toBe(200);
    await visit(page, url(`/cycles/${server.cycleId}/queue/${await packageId('DP-01')}`));
    await page.waitForSelector('[data-testid=all-scores]');
    expect(await page.locator('[data-testid=score-form]').count()).toBe(0);
    expect(await page.locator('[data-testid=all-scores] tbody tr').count()).toBe(3);
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/scoring/reopen`)).status).toBe(200);
    await page.context().close();
    await board.context().close();
  });
});

describe('set-up and workflow', () => {
  it('should create a joint package split 60/40, refuse review while a conflict blocks it, and accept it once the quota is raised', async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'coordinator');
    await page.click('[data-testid=cycle-link]');
    await page.click('[data-testid=new-package]');
    await page.waitForSelector('[data-testid=create-package]');
    await page.fill('#pkg-code', 'DP-91');
    await page.fill('#pkg-title', '滨江综合管廊');
    await page.selectOption('#pkg-lead', 'housing');
    await page.check('input[name=owner-power]');
    expect(await page.inputValue('input[name=share-housing]')).toBe('50');
    await page.fill('input[name=share-housing]', '60');
    await page.fill('input[name=share-power]', '30');
    await page.click('[data-testid=create-submit]');
    expect(await page.locator('[data-testid=split-sum]').textContent()).toContain('90%');
    await page.waitForSelector('text=各部门分摊比例之和必须为 100%');
    await page.fill('input[name=share-power]', '40');
    // 30,000 + 20,000 万元 and 10 % contingency: 55,000 is above the 54,000 available under the quota
    await page.fill('input[name=amount-housing]', '30,000');
    await page.fill('input[name=amount-power]', '20000');
    await page.screenshot({ path: `${shots}/setup-create-package.png`, fullPage: true });
    await page.click('[data-testid=create-submit]');
    await page.waitForURL(/\/packages\/[0-9a-f-]{36}$/);
    await page.waitForSelector('[data-testid=package-stage]');
    const id = page.url().split('/').pop() as string;
    const pkg = (await (await server.as('coordinator')).get(`/api/packages/${id}`)).body;
    expect(pkg).toMatchObject({ code: 'DP-91', joint: true, leadDepartment: 'housing' });
    expect(pkg.costSplit).toEqual(expect.arrayContaining([{ department: 'housing', basisPoints: 6000 }, { department: 'power', basisPoints: 4000 }]));

    // the gate refuses: the quota conflict is named, with a link to it
    await page.selectOption('[data-testid=stage-target]', 'review');
    await page.click('[data-testid=stage-move]');
    await page.waitForSelector('[data-testid=stage-refused]');
    expect(await page.locator('[data-testid=stage-refused]').textContent()).toContain('无法进入审核');
    const conflictLink = page.locator('[data-testid=blocking-conflict] a').first();
    expect(await conflictLink.textContent()).toContain('超出可分配资金总额');
    expect(await conflictLink.getAttribute('href')).toMatch(new RegExp(`/cycles/${server.cycleId}/conflicts\\?conflict=`));
    expect(await page.locator('[data-testid=current-stage]').textContent()).toBe('编制');
    await page.screenshot({ path: `${shots}/setup-gate-refused.png`, fullPage: true });

    // the coordinator raises the quota in the set-up page
    await page.click('[data-testid=nav-setup]');
    await page.waitForSelector('[data-testid=setup-cycle]');
    expect(await page.inputValue('[data-testid=setup-quota]')).toBe('60,000.00');
    await page.fill('[data-testid=setup-quota]', '70,000');
    await page.click('[data-testid=setup-cycle-save]');
    await page.waitForSelector('[data-testid=setup-saved]');
    expect((await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}`)).body.totalQuotaFen).toBe(70_000_000_000);
    await page.screenshot({ path: `${shots}/setup-cycle.png`, fullPage: true });

    await page.goBack();
    await page.waitForSelector('[data-testid=package-stage]');
    await page.selectOption('[data-testid=stage-target]', 'review');
    await page.click('[data-testid=stage-move]');
    await page.waitForSelector('[data-testid=stage-moved]');
    expect(await page.locator('[data-testid=current-stage]').textContent()).toBe('审核');
    expect((await (await server.as('coordinator')).get(`/api/packages/${id}`)).body.stage).toBe('review');

    // a liaison of an owning department may withdraw it
    const liaison = await signInAt(browser, server.api.baseUrl, 'power');
    await visit(liaison, url(`/packages/${id}`));
    await liaison.click('[data-testid=withdraw]');
    await liaison.waitForSelector('[data-testid=stage-moved]');
    expect(await liaison.locator('[data-testid=current-stage]').textContent()).toBe('编制');
    await liaison.context().close();

    // restore the demo quota for the tests that follow
    const cycle = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}`)).body;
    expect((await (await server.as('coordinator')).patch(`/api/cycles/${server.cycleId}`, { version: cycle.version, totalQuotaFen: 60_000_000_000 })).status).toBe(200);
    await page.context().close();
  });
});

describe('tables and navigation', () => {
  it('should keep search, filters and sorting in the address across a reload and say when nothing matches', async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'coordinator');
    await visit(page, url(`/cycles/${server.cycleId}`));
    await page.selectOption('[data-testid=filter-stage]', 'scoring');
    await page.waitForURL(/stage=scoring/);
    await page.click('[data-testid=sort-score]');
    await page.click('[data-testid=sort-score]');
    await page.waitForURL(/sort=score&dir=desc|dir=desc.*sort=score/);
    await page.reload();
    await settle(page);
    await page.waitForSelector('[data-testid=package-row]');
    const scores = await page.$$eval('[data-testid=package-score]', (cells) => cells.map((c) => Number(c.textContent)));
    expect(scores.length).toBeGreaterThan(10);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(await page.getAttribute('th[aria-sort=descending] button', 'data-testid')).toBe('sort-score');
    expect(await page.inputValue('[data-testid=filter-stage]')).toBe('scoring');

    await page.fill('[data-testid=nav-search]', 'no-such-package-anywhere');
    await page.press('[data-testid=nav-search]', 'Enter');
    await page.waitForSelector('[data-testid=empty]');
    expect(await page.locator('[data-testid=empty]').textContent()).toContain('没有符合筛选条件的决策包');
    await page.click('[data-testid=clear-filters]');
    await page.waitForSelector('[data-testid=package-row]');
    await page.context().close();
  });

  it('should say what happened on a missing or forbidden page and offer the way back', async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'observer');
    await visit(page, url('/packages/00000000-0000-4000-8000-000000000000'));
    await page.waitForSelector('[data-testid=load-error]');
    expect(await page.locator('[data-testid=load-error]').textContent()).toContain('找不到该内容');
    // a draft is not published: observers may not read it
    const draft = await (await server.as('coordinator')).post('/api/packages', { cycleId: server.cycleId, code: 'DP-92', title: '未公开的草稿', leadDepartment: 'power', departments: ['power'] });
    expect(draft.status).toBe(201);
    await visit(page, url(`/packages/${draft.body.id}`));
    await page.waitForSelector('[data-testid=load-error]');
    expect(await page.locator('[data-testid=load-error]').textContent()).toContain('您没有权限');
    await page.click('[data-testid=way-back]');
    await page.waitForSelector('[data-testid=cycle-list]');
    await visit(page, url('/no/such/page'));
    expect(await page.locator('[data-testid=not-found]').textContent()).toContain('您访问的地址不存在');
    await page.context().close();
  });
});

describe('projector mode', () => {
  it('should keep the cutoff line in view at 1366×768 with the what-if folded away', async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'coordinator');
    await visit(page, url(`/cycles/${server.cycleId}/ranking?projector=1`));
    await page.waitForSelector('[data-testid=cutoff-line]');
    expect(await page.locator('[data-testid=what-if]').count()).toBe(0);
    const inView = () =>
      page.evaluate(() => {
        const r = document.querySelector('[data-testid=cutoff-line] td')!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    for (const y of [0, 400, 100_000]) {
      await page.evaluate((to) => window.scrollTo(0, to), y);
      await page.waitForTimeout(50);
      expect(await inView(), `scrolled to ${y}`).toBe(true);
    }
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid=ranking-row] td')!).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    await page.context().close();
  });
});

describe('states that recover', () => {
  it('should show a translated error with retry while the server is stopped, and recover by itself when it is back', async () => {
    const page = await signInAt(browser, server.api.baseUrl, 'coordinator');
    await visit(page, url(`/cycles/${server.cycleId}`));
    await page.waitForSelector('[data-testid=package-row]');
    await server.api.stop();
    try {
      await page.selectOption('[data-testid=filter-tier]', 'high');
      await page.waitForSelector('[data-testid=load-error]');
      const text = await page.locator('[data-testid=load-error]').textContent();
      expect(text).toContain('无法连接服务器');
      expect(text).not.toContain('Failed to fetch');
      expect(await page.locator('[data-testid=retry]').textContent()).toBe('重试');
      await page.click('[data-testid=retry]');
      await page.waitForSelector('[data-testid=load-error]');
      await page.screenshot({ path: `${shots}/state-server-stopped.png` });
    } finally {
      await server.api.launch();
    }
    // nobody touches the page: it reloads by itself and shows the 5 high-priority packages
    await page.waitForSelector('[data-testid=load-error]', { state: 'detached', timeout: 15_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=package-row]').length === 5);
    await page.context().close();
  });
});
