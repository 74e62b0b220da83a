import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { signIn } from './sign-in';

const WAN = 1_000_000;
const EVALUATOR_PASSWORD = 'Third-party evaluation 2026';
const shots = 'tmp/screenshots';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

let server: DemoServer;
let browser: Browser;
let coordinator: HttpClient;
let cycleId: string;
const pkg: Record<string, string> = {};
const userId: Record<string, string> = {};

const satisfaction = { id: 'sat', name: '居民满意度', unit: '%', baseline: 60, target: 80, direction: 'increase' };

async function moveCycle(stage: string) {
  const cycle = (await coordinator.get(`/api/cycles/${cycleId}`)).body;
  expect((await coordinator.patch(`/api/cycles/${cycleId}`, { version: cycle.version, stage })).status).toBe(200);
}

async function shoot(page: Page, name: string) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${shots}/${name}-${size.width}x${size.height}.png` });
  }
}

const text = async (page: Page, testId: string) => ((await page.locator(`[data-testid="${testId}"]`).first().textContent()) ?? '').trim();

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  coordinator = await server.as('coordinator');
  cycleId = (await coordinator.post('/api/cycles', { name: '2026 年度 执行与评价', fiscalYear: 2026, totalQuotaFen: 3_000 * WAN, reserveBasisPoints: 0 })).body.id;
  await coordinator.put(`/api/cycles/${cycleId}/criteria`, { criteria: [{ key: 'costEffectiveness', nameZh: '成本效益', nameEn: 'Cost-effectiveness', weight: 100 }] });
  for (const [code, title, wan] of [['A', '老旧小区改造', 1_000], ['B', '管网更新', 600]] as const) {
    const res = await coordinator.post('/api/packages', {
      cycleId, code, title, leadDepartment: 'water', departments: ['water'], contingencyBasisPoints: 0, kpis: [satisfaction],
      costLines: [{ department: 'water', category: 'services', description: '施工', quantity: 1, unit: '项', unitCostFen: wan * WAN, year: 2026 }],
    });
    expect(res.status).toBe(201);
    pkg[code] = res.body.id;
  }
  const evaluator = await coordinator.post('/api/users', { email: 'evaluator1@demo.zerobase', displayName: '第三方评价机构 甲', password: EVALUATOR_PASSWORD });
  expect(evaluator.status, JSON.stringify(evaluator.body)).toBe(201);
  userId.evaluator1 = evaluator.body.id;
  expect((await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: userId.evaluator1, role: 'evaluator' })).status).toBe(201);
  userId.reviewer1 = (await (await server.as('reviewer1')).get('/api/auth/me')).body.userId;
  expect((await coordinator.post(`/api/cycles/${cycleId}/memberships`, { userId: userId.reviewer1, role: 'reviewer' })).status).toBe(201);
  await moveCycle('execution');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('execution and evaluation screens in the browser', () => {
  it('enters actuals, imports a file with two bad rows, approves an adjustment and tracks a problem to closure', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/execution`);
    await page.waitForSelector('[data-testid=execution-table]');
    expect(await page.locator('[data-testid=execution-table] tbody tr').count()).toBe(2);

    // month 1 of package A, with its KPI
    await page.selectOption('[data-testid=enter-month]', '1');
    await page.fill('[data-testid=enter-spent]', '50');
    await page.fill('[data-testid=enter-kpi-sat]', '62');
    await page.click('[data-testid=enter-save]');
    await page.waitForFunction(() => document.querySelector('[data-testid=rate-A]')?.textContent?.includes('5 %'));

    // a CSV with two bad rows: nothing stored, both rows named
    const csv = 'code,month,spentWan,kpi:sat\nA,2,40,\nB,2,-5,\nNOPE,2,10,\nB,3,30,\n';
    await page.setInputFiles('[data-testid=import-file]', { name: 'actuals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=import-run]');
    await page.waitForSelector('[data-testid=import-errors]');
    const errors = await page.locator('[data-testid=import-errors] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(errors.map((r) => r.slice(0, 2))).toEqual([['3', 'spentWan'], ['4', 'code']]);
    expect(await text(page, 'execution-notice')).toContain('2');
    expect(await text(page, 'rate-A')).toBe('5 %');

    // a cut proposed and approved: the allocation changes
    await page.selectOption('[data-testid=adjust-from]', pkg.B);
    await page.fill('[data-testid=adjust-amount]', '100');
    await page.fill('[data-testid=adjust-reason]', '进度滞后，压减部分资金');
    await page.click('[data-testid=adjust-propose]');
    const approve = page.locator('[data-testid^=approve-]');
    await approve.waitFor();
    await approve.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=execution-row-B]')?.textContent?.includes('500.00'));
    expect(await page.locator('[data-testid=adjustments] tbody').textContent()).toContain('已批准');

    // the coordinator tightens the off-track rule from the page: the rule shown and stored is the new one
    await page.click('[data-testid=edit-execution-rule] summary');
    await page.fill('[data-testid=rule-execution]', '45');
    await page.fill('[data-testid=rule-projection]', '85.5');
    await page.click('[data-testid=save-execution-rule]');
    await page.waitForFunction(() => document.querySelector('[data-testid=execution-rule]')?.textContent?.includes('45%'));
    expect(await text(page, 'execution-rule')).toContain('85.5%');
    expect((await coordinator.get(`/api/cycles/${cycleId}/execution`)).body.rule).toMatchObject({ reviewMonth: 6, minExecutionBasisPoints: 4_500, minProjectionBasisPoints: 8_550 });

    // the second-quarter review flags A (50 of 1 000 spent) and opens a problem; it is rectified and closed
    await page.click('[data-testid=run-review]');
    // A (50 of 1 000 spent) and B (nothing spent) are both behind plan
    const problemRow = page.locator('[data-testid=problems] tbody tr', { hasText: 'A 执行偏离' });
    await problemRow.waitFor();
    expect(await text(page, 'flag-A')).toContain('偏离');
    await problemRow.locator('input[name=owner]').fill('住建局 项目办');
    await problemRow.locator('input[name=evidence]').fill('整改报告 2026-07');
    await problemRow.locator('select[name=status]').selectOption('inProgress');
    await problemRow.locator('button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=execution-notice]')?.textContent?.includes('整改情况已更新'));
    const stored = (await coordinator.get(`/api/cycles/${cycleId}/problems`)).body;
    const of = (id: string) => stored.filter((p: { packageId: string }) => p.packageId === id).map((p: { owner: string; evidence: string; status: string }) => [p.owner, p.evidence, p.status]);
    expect(of(pkg.A)).toEqual([['住建局 项目办', '整改报告 2026-07', 'inProgress']]);
    expect(of(pkg.B)).toEqual([['', '', 'open']]);
    await shoot(page, 'execution');
    await problemRow.locator('[data-testid^=close-]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=problems] tbody')?.textContent?.includes('已销号'));
    expect(await page.locator('[data-testid=problems] tbody').textContent()).toContain('整改报告 2026-07');
  });

  it('lets the evaluator score only its package and the coordinator grade, adjust and create the next cycle', async () => {
    await moveCycle('evaluation');
    expect((await coordinator.put(`/api/packages/${pkg.A}/performance/scorers`, { userIds: [userId.evaluator1, userId.reviewer1] })).status).toBe(200);
    expect((await coordinator.put(`/api/packages/${pkg.B}/performance/scorers`, { userIds: [userId.reviewer1] })).status).toBe(200);

    // the third-party evaluator lands on the evaluation of its own package
    const evaluator = await signIn(browser, server.api.baseUrl, 'evaluator1', EVALUATOR_PASSWORD);
    await evaluator.click('text=2026 年度 执行与评价');
    await evaluator.waitForURL(/\/evaluation$/);
    await evaluator.waitForSelector('[data-testid=evaluation-table]');
    expect(await evaluator.locator('[data-testid=evaluation-table] tbody tr').count()).toBe(1);
    expect(await evaluator.locator('[data-testid=evaluation-row-B]').count()).toBe(0);
    const form = evaluator.locator('[data-testid=sheet-A] form');
    for (const key of ['financial', 'serviceUsers', 'internalProcess', 'learningGrowth']) await form.locator(`input[name=${key}]`).fill('95');
    await form.locator('textarea').fill('目标全部完成');
    await form.locator('button[type=submit]').click();
    await evaluator.waitForSelector('[data-testid=my-sheet-A]');
    expect(await text(evaluator, 'my-sheet-A')).toContain('95');
    await shoot(evaluator, 'evaluation-evaluator');
    // the evaluator's ways around lead to what it may read: its package and back, then the cycles (never the cycle's package list)
    expect(await evaluator.locator('[data-testid=nav-packages]').count()).toBe(0);
    expect(await evaluator.locator('[data-testid=nav-evaluation]').count()).toBe(1);
    await evaluator.click('[data-testid=evaluation-row-A] a');
    await evaluator.waitForURL(new RegExp(`/packages/${pkg.A}$`));
    await evaluator.click('[data-testid=package-back]');
    await evaluator.waitForURL(/\/evaluation$/);
    await evaluator.waitForSelector('[data-testid=evaluation-table]');
    await evaluator.click('[data-testid=evaluation-back]');
    await evaluator.waitForSelector('[data-testid=cycle-list]');
    await evaluator.context().close();

    const reviewer = await server.as('reviewer1');
    const sheet = (n: number) => ({ scores: { financial: n, serviceUsers: n, internalProcess: n, learningGrowth: n } });
    expect((await reviewer.put(`/api/packages/${pkg.A}/performance/sheet`, sheet(91))).status).toBe(200);
    expect((await reviewer.put(`/api/packages/${pkg.B}/performance/sheet`, sheet(70))).status).toBe(200);

    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    await page.goto(`${server.api.baseUrl}/cycles/${cycleId}/evaluation`);
    await page.waitForSelector('[data-testid=evaluation-table]');
    expect(await text(page, 'grade-A')).toBe('优');
    expect(await text(page, 'grade-B')).toBe('中');
    // the coordinator adjusts B with a reason
    await page.click('[data-testid=adjust-B] summary');
    await page.selectOption('[data-testid=adjust-B] select[name=grade]', 'good');
    await page.fill('[data-testid=adjust-B] input[name=reason]', '汛期停工，已整改到位');
    await page.click('[data-testid=adjust-B] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('[data-testid=grade-B]')?.textContent?.trim() === '良');
    expect(await page.locator('[data-testid=evaluation-row-B]').textContent()).toContain('汛期停工，已整改到位');

    // the use of results, changed from the page: a good grade now means a 20 % cut
    await page.click('[data-testid=edit-rules] summary');
    await page.selectOption('[data-testid=effect-good]', 'cut');
    await page.fill('[data-testid=cut-good]', '20');
    await page.click('[data-testid=save-rules]');
    await page.waitForFunction(() => document.querySelector('[data-testid=carry-rule]')?.textContent?.includes('良 → 压减 20%'));
    expect((await coordinator.get(`/api/cycles/${cycleId}/performance`)).body.settings.carryOverRule.good).toEqual({ effect: 'cut', cutBasisPoints: 2_000 });

    // preview, then create the next cycle
    await page.click('[data-testid=next-preview]');
    await page.waitForSelector('[data-testid=next-preview-table]');
    expect(await page.locator('[data-testid=next-row-A]').textContent()).toContain('优先保障');
    expect(await page.locator('[data-testid=next-row-B]').textContent()).toContain('压减 20%');
    await shoot(page, 'evaluation-coordinator');
    await page.fill('[data-testid=next-name]', '2027 年度 执行与评价');
    await page.click('[data-testid=next-create]');
    await page.click('[data-testid=next-open]');
    await page.waitForURL(/\/ranking$/);
    await page.waitForSelector('[data-testid=carry-over-note]');
    const notes = await page.locator('[data-testid=carry-over-note]').allTextContents();
    expect(notes.some((n) => n.includes('优') && n.includes('优先保障'))).toBe(true);
    expect(notes.some((n) => n.includes('良') && n.includes('压减 20%'))).toBe(true);
    await shoot(page, 'evaluation-next-ranking');
  });
});
