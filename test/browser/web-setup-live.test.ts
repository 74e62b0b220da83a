import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { signIn } from './sign-in';

/**
 * The coordinator's set-up done in the browser (publication, people, decision units) and the
 * reviewer's queue following changes live. Real API, PostgreSQL and Chromium.
 */
let server: DemoServer;
let browser: Browser;
const url = (path: string) => `${server.api.baseUrl}${path}`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openSetup(page: Page, tab: string): Promise<void> {
  await page.goto(url(`/cycles/${server.cycleId}/setup?tab=${tab}`));
  await page.waitForSelector(`[data-testid=setup-${tab}]`);
  await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'));
}

/** A visitor who is not signed in, on the public page of the demo cycle. */
async function publicPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(url(`/public/cycles/${server.cycleId}`));
  await page.waitForSelector('[data-testid=public-packages], [data-testid=public-error]');
  return page;
}

describe('publication from the browser', () => {
  it('should show the public page a package only after the coordinator marks it and publishes, and nothing after withdrawing', async () => {
    const visitor = await publicPage();
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    try {
      // before: the public page answers, and says nothing is published
      expect(await visitor.locator('h1').textContent()).toContain('信息公开');
      expect(await visitor.locator('[data-testid=public-error]').textContent()).toContain('尚未公开');

      await openSetup(page, 'publication');
      expect(await page.getAttribute('[data-testid=publication-status]', 'data-state')).toBe('none');
      expect(await page.locator('[data-testid=withdraw-cycle]').isDisabled()).toBe(true);
      // DP-03 (the expressway) is not marked shown in the demo: mark it, and it is stored
      expect(await page.isChecked('[data-testid=shown-DP-03]')).toBe(false);
      await page.check('[data-testid=shown-DP-03]');
      await page.waitForSelector('[data-testid=publication-done]');
      expect((await (await server.as('coordinator')).get(`/api/packages/${await packageId('DP-03')}`)).body.published).toBe(true);

      await page.click('[data-testid=publish-cycle]');
      await page.waitForSelector('[data-testid=publication-status][data-state=public]');
      expect(await page.locator('[data-testid=publication-status]').textContent()).toContain('公开中：评分阶段的信息，含 6 个决策包');
      expect(await page.locator('[data-testid=publication-row]').count()).toBe(1);

      // after: the same visitor's page, reloaded, lists DP-03 among the published packages
      await visitor.reload();
      await visitor.waitForSelector('[data-testid=public-packages] tbody tr');
      const codes = await visitor.locator('[data-testid=public-packages] tbody tr td:first-child').allTextContents();
      expect(codes.map((c) => c.trim())).toEqual(['DP-01', 'DP-02', 'DP-03', 'DP-04', 'DP-05', 'DP-09']);

      // withdrawing asks why first, then takes the page down
      await page.click('[data-testid=withdraw-cycle]');
      await page.waitForSelector('[data-testid=withdraw-reason][aria-invalid=true]');
      expect(await page.getAttribute('[data-testid=withdraw-reason]', 'aria-invalid')).toBe('true');
      expect(await page.locator('[data-testid=publication-status]').getAttribute('data-state')).toBe('public');
      await page.fill('[data-testid=withdraw-reason]', '金额有误，更正后重新发布');
      await page.click('[data-testid=withdraw-cycle]');
      await page.waitForSelector('[data-testid=publication-status][data-state=none]');
      expect(await page.locator('[data-testid=publication-status]').textContent()).toContain('金额有误，更正后重新发布');
      expect(await page.getAttribute('[data-testid=publication-row]', 'data-state')).toBe('withdrawn');

      await visitor.reload();
      await visitor.waitForSelector('[data-testid=public-error]');
      expect(await visitor.locator('[data-testid=public-packages]').count()).toBe(0);
      await visitor.goto(url('/public'));
      await visitor.waitForSelector('[data-testid=empty]');
      expect(await visitor.locator('[data-testid=empty]').textContent()).toContain('尚无公开信息');
    } finally {
      await visitor.context().close();
      await page.context().close();
    }
  });
});

async function packageId(code: string): Promise<string> {
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[];
  return list.find((p) => p.code === code)!.id;
}

describe('people and decision units from the browser', () => {
  it('should create a person with a role who can then sign in and find their work', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    let newcomer: Page | null = null;
    try {
      await openSetup(page, 'members');
      const before = await page.locator('[data-testid=member-row]').count();
      await page.fill('[data-testid=new-name]', '评审专家 四');
      await page.fill('[data-testid=new-email]', 'reviewer4@demo.zerobase');
      await page.fill('[data-testid=new-password]', 'password123');
      await page.selectOption('[data-testid=new-works-in]', 'health');
      await page.selectOption('[data-testid=new-role]', 'reviewer');
      expect(await page.locator('[data-testid=new-department]').isDisabled()).toBe(true);
      // a common password is refused here, before anything is sent
      await page.click('[data-testid=new-member-submit]');
      expect(await page.getAttribute('[data-testid=new-password]', 'aria-invalid')).toBe('true');
      expect((await (await server.as('coordinator')).get('/api/users')).body.some((u: { email: string }) => u.email === 'reviewer4@demo.zerobase')).toBe(false);

      await page.fill('[data-testid=new-password]', 'Expert panel 2027');
      await page.click('[data-testid=new-member-submit]');
      await page.waitForSelector('[data-testid=member-added]');
      expect(await page.locator('[data-testid=member-row]').count()).toBe(before + 1);
      const row = page.locator('[data-testid=member-row][data-email="reviewer4@demo.zerobase"]');
      expect(await row.locator('td').allTextContents()).toEqual(['评审专家 四', 'reviewer4@demo.zerobase', '评审专家', '—', '删除']);
      const stored = ((await (await server.as('coordinator')).get('/api/users')).body as { email: string; department: string }[]).find((u) => u.email === 'reviewer4@demo.zerobase');
      expect(stored?.department).toBe('health');

      // the same email again: told it exists, nothing added
      await page.fill('[data-testid=new-name]', '重复');
      await page.fill('[data-testid=new-email]', 'reviewer4@demo.zerobase');
      await page.fill('[data-testid=new-password]', 'Another panel 2027');
      await page.click('[data-testid=new-member-submit]');
      await page.waitForSelector('[data-testid=members-error]');
      expect(await page.locator('[data-testid=members-error]').textContent()).toContain('已存在');
      expect(await page.locator('[data-testid=member-row]').count()).toBe(before + 1);

      // the newcomer signs in with the initial password and finds the cycle and their queue
      newcomer = await signIn(browser, server.api.baseUrl, 'reviewer4', 'Expert panel 2027');
      expect(await newcomer.locator('[data-testid=current-user]').textContent()).toBe('评审专家 四');
      await newcomer.click('[data-testid=cycle-link]');
      await newcomer.click('[data-testid=nav-queue]');
      await newcomer.waitForSelector('[data-testid=queue-row]');
      // 20 packages up for scoring; the one the health commission owns is recused, since the newcomer works there
      expect(await newcomer.locator('[data-testid=queue-row]').count()).toBe(20);
      expect(await newcomer.getAttribute('[data-testid=queue-row][data-code=DP-09]', 'data-status')).toBe('recused');
      expect(await newcomer.getAttribute('[data-testid=queue-progress]', 'data-total')).toBe('19');
    } finally {
      await newcomer?.context().close();
      await page.context().close();
    }
  });

  it('should rename a unit and move it under another, offering no parent that would make a loop', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    try {
      await openSetup(page, 'units');
      // the city bureau cannot go under its own division
      await page.click('[data-testid=edit-unit-city]');
      // the form's parent list is read once it is filled (its render may lag the click under load)
      await page.waitForSelector('[data-testid=unit-parent] option[value=education]', { state: 'attached' });
      const parents = await page.locator('[data-testid=unit-parent] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(parents).toContain('education');
      expect(parents).not.toContain('city');
      expect(parents).not.toContain('city-enforcement');
      await page.click('[data-testid=unit-edit-form] button[type=button]');

      await page.click('[data-testid=edit-unit-culture]');
      await page.fill('[data-testid=unit-name-zh]', '文化和旅游局');
      await page.fill('[data-testid=unit-name-en]', 'Culture and Tourism Bureau');
      await page.selectOption('[data-testid=unit-parent]', 'education');
      await page.click('[data-testid=unit-save]');
      await page.waitForSelector('[data-testid=unit-saved]');
      const row = page.locator('[data-testid=unit-row][data-code=culture]');
      expect(await row.getAttribute('data-parent')).toBe('education');
      expect(await row.getAttribute('data-depth')).toBe('1');
      expect(await row.textContent()).toContain('文化和旅游局');
      // listed right under its new parent
      const order = await page.locator('[data-testid=unit-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
      expect(order[order.indexOf('education') + 1]).toBe('culture');
      const stored = ((await (await server.as('coordinator')).get('/api/departments')).body as { code: string; parent: string | null; nameEn: string }[]).find((d) => d.code === 'culture');
      expect(stored).toMatchObject({ parent: 'education', nameEn: 'Culture and Tourism Bureau' });

      // and back to the top level, after a reload
      await page.reload();
      await page.waitForSelector('[data-testid=edit-unit-culture]');
      await page.click('[data-testid=edit-unit-culture]');
      await page.selectOption('[data-testid=unit-parent]', '');
      await page.click('[data-testid=unit-save]');
      await page.waitForSelector('[data-testid=unit-row][data-code=culture][data-depth="0"]');
      expect(((await (await server.as('coordinator')).get('/api/departments')).body as { code: string; parent: string | null }[]).find((d) => d.code === 'culture')?.parent).toBeNull();
    } finally {
      await page.context().close();
    }
  });
});

describe('the reviewer’s queue, live', () => {
  it('should show a package moved up for scoring in the open queue without a reload, and drop it when it moves back', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'reviewer1');
    try {
      await page.goto(url(`/cycles/${server.cycleId}/queue`));
      await page.waitForSelector('[data-testid=queue-live].on');
      const total = Number(await page.getAttribute('[data-testid=queue-progress]', 'data-total'));
      expect(await page.locator('[data-testid=queue-row][data-code=DP-93]').count()).toBe(0);
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

      const coordinator = await server.as('coordinator');
      const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code: 'DP-93', title: '社区充电桩建设', leadDepartment: 'power', departments: ['power'] });
      expect(created.status).toBe(201);
      const moved = await coordinator.patch(`/api/packages/${created.body.id}`, { version: created.body.version, stage: 'scoring' });
      expect(moved.status).toBe(200);

      await page.waitForSelector('[data-testid=queue-row][data-code=DP-93][data-status=open]', { timeout: 15_000 });
      expect(await page.getAttribute('[data-testid=queue-progress]', 'data-total')).toBe(String(total + 1));
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

      expect((await coordinator.patch(`/api/packages/${created.body.id}`, { version: moved.body.version, stage: 'drafting' })).status).toBe(200);
      await page.waitForSelector('[data-testid=queue-row][data-code=DP-93]', { state: 'detached', timeout: 15_000 });
      expect(await page.getAttribute('[data-testid=queue-progress]', 'data-total')).toBe(String(total));
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});
