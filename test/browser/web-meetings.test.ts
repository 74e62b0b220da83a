import { mkdirSync, readFileSync } from 'node:fs';
import { setTitle } from '@zerobase/collab';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { connectCollab, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { openPackage, signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;
const shots = 'tmp/screenshots';
const docs: CollabClient[] = [];
let pkg: Record<string, string>;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { code: string; id: string }[];
  pkg = Object.fromEntries(list.map((p) => [p.code, p.id]));
}, 180_000);
afterAll(async () => {
  for (const d of docs) d.destroy();
  await browser?.close();
  await server?.close();
});

async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/${name}-${width}x${height}.png` });
  }
}

describe('notifications in the browser', () => {
  it('should show the power liaison a toast and a count when telecom edits their joint package', async () => {
    const power = await signIn(browser, server.api.baseUrl, 'power');
    // the live connection is up (a notification sent before it would only be in the list, without a toast)
    await power.waitForSelector('[data-testid=notification-bell][data-live=true]');
    expect(await power.locator('[data-testid=unread-count]').count()).toBe(0);
    const telecom = connectCollab(server.api.baseUrl, pkg['DP-01']!, (await server.as('telecom')).token);
    docs.push(telecom);
    await telecom.synced();
    setTitle(telecom.doc, '电力与通信线路联合升级改造（通信修订）');
    const toast = power.locator('[data-testid=toast][data-kind=sectionEdited]');
    await toast.waitFor();
    expect(await toast.textContent()).toContain('通信管理办公室修改了决策包 DP-01');
    expect(await power.locator('[data-testid=unread-count]').textContent()).toBe('1');
    await shoot(power, 'notification-toast');
    await toast.click();
    await power.waitForURL(new RegExp(`/packages/${pkg['DP-01']}$`));
    await power.click('[data-testid=notification-bell]');
    await power.waitForSelector('[data-testid=notification]');
    expect(await power.locator('[data-testid=notification]').first().textContent()).toContain('DP-01');
    expect(await power.locator('[data-testid=unread-count]').count()).toBe(0);
    await shoot(power, 'notification-inbox');
    await power.context().close();
  });

  it('should open the live connection only after the editor opened by its address is up, and still bring a toast live', async () => {
    const telecom = await signIn(browser, server.api.baseUrl, 'telecom');
    // every WebSocket the page opens, in order: the document's (/collab) and the app events' (/socket.io)
    await telecom.addInitScript(() => {
      const opened: string[] = [];
      (window as unknown as { __sockets: string[] }).__sockets = opened;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          opened.push(new URL(String(url)).pathname);
        }
      };
    });
    await openPackage(telecom, server.api.baseUrl, pkg['DP-01']!);
    await telecom.waitForSelector('[data-testid=notification-bell][data-live=true]');
    const sockets = await telecom.evaluate(() => (window as unknown as { __sockets: string[] }).__sockets);
    expect(sockets[0]).toBe(`/collab/${pkg['DP-01']}`);
    expect(sockets.filter((p) => p.startsWith('/socket.io'))).toHaveLength(1);
    expect(sockets.findIndex((p) => p.startsWith('/socket.io'))).toBeGreaterThan(0);
    // and notifications still arrive live: power edits the joint package, telecom gets a toast
    const power = connectCollab(server.api.baseUrl, pkg['DP-01']!, (await server.as('power')).token);
    docs.push(power);
    await power.synced();
    setTitle(power.doc, '电力与通信线路联合升级改造（电力修订）');
    const toast = telecom.locator('[data-testid=toast][data-kind=sectionEdited]');
    await toast.waitFor();
    expect(await toast.textContent()).toContain('DP-01');
    expect(await telecom.locator('[data-testid=unread-count]').textContent()).toBe('1');
    await telecom.context().close();
  });
});

describe('a meeting in the browser', () => {
  it('should let the coordinator schedule and drive a meeting that a liaison follows, ending with exported minutes', async () => {
    const chair = await signIn(browser, server.api.baseUrl, 'coordinator');
    await chair.click('text=2027 年度联合基础设施');
    await chair.click('[data-testid=meetings-link]');
    await chair.waitForSelector('[data-testid=schedule-form]');
    await chair.fill('[data-testid=meeting-name]', '2027年度预算跨部门联席会议');
    await chair.fill('[data-testid=meeting-place]', '财政局三楼会议室');
    for (const code of ['power', 'telecom']) await chair.check(`[data-dept=${code}]`);
    for (const code of ['DP-01', 'DP-03']) await chair.check(`[data-package="${code}"]`);
    await chair.fill('[data-testid=free-items]', '线路迁改协调');
    await chair.click('[data-testid=create-meeting]');
    await chair.waitForURL(/\/meetings\/[^/]+$/);
    const meetingUrl = chair.url();
    await chair.waitForSelector('[data-testid=agenda] li');
    expect(await chair.locator('[data-testid=agenda] li').count()).toBe(3);

    const power = await signIn(browser, server.api.baseUrl, 'power');
    await power.goto(meetingUrl);
    await power.waitForSelector('[data-testid=meeting-title]');
    await chair.waitForFunction(() => document.querySelectorAll('[data-testid=attendance] .chip').length === 2);

    await chair.click('[data-testid=start-meeting]');
    await power.waitForSelector('[data-testid=meeting-status] >> text=进行中');
    await chair.click('[data-testid=next-item]');
    await power.waitForSelector('[data-testid=agenda] li[data-current=true] >> text=城市快速路建设');
    expect(await power.locator('[data-testid=on-screen]').textContent()).toContain('DP-03');

    // a what-if the chair previews appears on the liaison's screen, and adopting it moves the ranking
    await chair.fill('[data-testid=what-if-quota]', '20000');
    await chair.click('[data-testid=preview-what-if]');
    await power.waitForSelector('[data-testid=meeting-preview]');
    expect(await power.locator('[data-testid=meeting-preview]').textContent()).toContain('20,000');
    await shoot(power, 'meeting-liaison-preview');
    await chair.click('[data-testid=adopt-preview]');
    await power.waitForSelector('[data-testid=meeting-preview]', { state: 'detached' });
    await power.waitForFunction(() => document.querySelector('[data-testid=meeting-ranking] tr[data-code="DP-03"]')?.getAttribute('data-funded') === 'false');

    // a decision with a follow-up action
    await chair.selectOption('[data-testid=decision-outcome]', 'returned');
    await chair.fill('[data-testid=decision-comment]', '补充交通流量预测');
    await chair.selectOption('[data-testid=follow-owner]', 'power');
    await chair.fill('[data-testid=follow-text]', '配合提供管线迁改资料');
    await chair.fill('[data-testid=follow-due]', '2027-01-15');
    await chair.click('[data-testid=record-decision]');
    await power.waitForSelector('[data-testid=decision] >> text=退回修改');
    await shoot(chair, 'meeting-chair');

    // the minutes: a live document both edit; the recorded decision was added to it by the server
    const valueOf = (page: Page, part: string) => page.locator(`[data-testid=minutes-${part}]`).inputValue();
    const waitForText = (page: Page, part: string, text: string) =>
      page.waitForFunction(([p, t]) => (document.querySelector(`[data-testid=minutes-${p}]`) as HTMLTextAreaElement | null)?.value.includes(t), [part, text] as const);
    await waitForText(power, 'decisions', '退回修改');
    expect(await valueOf(power, 'agenda')).toContain('[DP-03] 城市快速路建设');
    await power.waitForFunction(() => !(document.querySelector('[data-testid=minutes-notes]') as HTMLTextAreaElement | null)?.readOnly);
    await power.fill('[data-testid=minutes-notes]', '供电公司：同意配合迁改。');
    await waitForText(chair, 'notes', '同意配合迁改');
    await chair.click('[data-testid=minutes-notes]');
    await chair.keyboard.press('Control+End');
    await chair.keyboard.type('主持人：下次会议复议。');
    await waitForText(power, 'notes', '主持人：下次会议复议。');
    expect(await valueOf(chair, 'notes')).toBe(await valueOf(power, 'notes'));
    await shoot(power, 'meeting-liaison-minutes');
    await power.locator('[data-testid=minutes]').screenshot({ path: `${shots}/meeting-minutes-live.png` });
    await chair.click('[data-testid=end-meeting]');
    // after the meeting the liaison reads only; once closed, everyone does
    await power.waitForFunction(() => (document.querySelector('[data-testid=minutes-notes]') as HTMLTextAreaElement | null)?.readOnly === true);
    // the minutes as they stood at the end are a version; the chair adds a line, then goes back to that version
    await chair.click('[data-testid=minutes-notes]');
    await chair.keyboard.press('Control+End');
    await chair.keyboard.type('会后补充：暂缓。');
    await waitForText(power, 'notes', '会后补充：暂缓。');
    await chair.click('[data-testid=minutes-versions] summary');
    const ended = chair.locator('[data-testid=minutes-versions] li', { hasText: '会议结束时' });
    await ended.waitFor();
    await ended.getByRole('button', { name: '查看' }).click();
    // the version lacks the line added since: shown as what a restore would remove
    await chair.locator('[data-testid=minutes-version-shown] del', { hasText: '会后补充：暂缓。' }).waitFor();
    await ended.getByRole('button', { name: '恢复此版本' }).click();
    await chair.locator('[data-testid=minutes-versions] li', { hasText: '恢复：会议结束时' }).waitFor();
    await power.waitForFunction(() => !(document.querySelector('[data-testid=minutes-notes]') as HTMLTextAreaElement | null)?.value.includes('会后补充'));
    expect(await valueOf(power, 'notes')).toContain('主持人：下次会议复议。');
    // the liaison reads the versions but restores nothing after the meeting
    await power.click('[data-testid=minutes-versions] summary');
    await power.locator('[data-testid=minutes-versions] li', { hasText: '恢复：会议结束时' }).waitFor();
    expect(await power.locator('[data-testid=minutes-versions] li', { hasText: '会议结束时' }).first().getByRole('button', { name: '查看' }).count()).toBe(1);
    expect(await power.locator('[data-testid=minutes-versions] button', { hasText: '恢复此版本' }).count()).toBe(0);
    await chair.locator('[data-testid=minutes]').screenshot({ path: `${shots}/meeting-minutes-versions.png` });
    await chair.click('[data-testid=close-minutes]');
    await power.waitForSelector('[data-testid=minutes-closed]');
    await chair.waitForFunction(() => (document.querySelector('[data-testid=minutes-notes]') as HTMLTextAreaElement | null)?.readOnly === true);
    const [download] = await Promise.all([chair.waitForEvent('download'), chair.click('[data-testid=export-docx]')]);
    expect(download.suggestedFilename()).toBe('会议纪要-2027年度预算跨部门联席会议.docx');
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(readFileSync((await download.path())!))).file('word/document.xml')!.async('string');
    const wordText = xml.replace(/<[^>]+>/g, '');
    expect(wordText).toContain('供电公司：同意配合迁改。');
    expect(wordText).toContain('主持人：下次会议复议。');
    const [pdf] = await Promise.all([chair.waitForEvent('download'), chair.click('[data-testid=export-pdf]')]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    await shoot(power, 'meeting-liaison-closed');
    await chair.context().close();
    await power.context().close();
  }, 240_000);
});
