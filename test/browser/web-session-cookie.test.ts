import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { signIn } from './sign-in';

let server: DemoServer;
let browser: Browser;
const CRITERIA = ['strategic', 'feasibility', 'goal', 'costEffectiveness', 'publicBenefit'];
/** header.payload.signature: what a JWT looks like wherever it might be kept */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Everything a script on the page can read where a token could be kept. */
function readableStorage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i) as string)}`).join('\n');
    return [dump(localStorage), dump(sessionStorage), document.cookie].join('\n');
  });
}

/** Records the URLs of the WebSockets a page opens. */
function socketUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on('websocket', (ws) => urls.push(ws.url()));
  return urls;
}

describe('the session in the browser', () => {
  it('keeps the token out of every script-readable store while lists, live ranking and co-editing work', async () => {
    const page = await signIn(browser, server.api.baseUrl, 'coordinator');
    const opened = socketUrls(page);
    // the token lives only in the HttpOnly cookie
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'zb_session');
    expect(session?.value).toMatch(JWT);
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    const stored = await readableStorage(page);
    expect(stored).toContain('zerobase.session'); // the user (a positive signal that storage was read)
    expect(stored).toContain('协调人');
    expect(stored).not.toMatch(JWT);
    expect(stored).not.toContain(session!.value);

    // the package list (REST with the cookie)
    await page.click('text=2027 年度联合基础设施');
    await page.waitForSelector('[data-testid=package-row]');
    expect(await page.locator('[data-testid=package-row]').count()).toBe(20);

    // the live ranking push (Socket.IO authenticated by the cookie)
    await page.click('[data-testid=ranking-link]');
    await page.waitForSelector('[data-testid=ranking-row][data-code=DP-14]');
    await page.waitForSelector('[data-testid=ranking-live] >> text=实时更新');
    const before = Number(await page.locator('[data-testid=ranking-row][data-code=DP-14] [data-testid=ranking-score]').textContent());
    const coordinator = await server.as('coordinator');
    const dp14 = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body.find((p: { code: string }) => p.code === 'DP-14').id;
    const put = await (await server.as('reviewer1')).put(`/api/packages/${dp14}/scores/mine`, { scores: CRITERIA.map((criterion) => ({ criterion, score: 100 })) });
    expect(put.status).toBe(200);
    await page.waitForFunction((old) => Number(document.querySelector('[data-testid=ranking-row][data-code=DP-14] [data-testid=ranking-score]')?.textContent) > old, before, { timeout: 10_000 });

    // a change from the page (POST with cookie + header) goes through: a what-if preview
    await page.selectOption('select[name=mode]', 'skipAndContinue');
    await page.click('[data-testid=what-if] button[type=submit]');
    await page.waitForSelector('[data-testid=what-if-preview]');

    // co-editing (the /collab upgrade authenticated by the cookie)
    const dp01 = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body.find((p: { code: string }) => p.code === 'DP-01').id;
    const power = await signIn(browser, server.api.baseUrl, 'power');
    const powerSockets = socketUrls(power);
    await Promise.all([page, power].map((p) => p.goto(`${server.api.baseUrl}/packages/${dp01}`)));
    await Promise.all([page, power].map((p) => p.waitForSelector('[data-testid=collab-status][data-status=connected]')));
    await power.click('[data-testid=collab-narrative]');
    await power.keyboard.type('会话不在脚本可读处。');
    await page.waitForFunction(() => (document.querySelector('[data-testid=collab-narrative]') as HTMLTextAreaElement).value.includes('会话不在脚本可读处。'));

    // the live connection opens once the editor is up (after the /collab socket): wait for it before reading what opened
    await page.waitForSelector('[data-testid=notification-bell][data-live=true]');
    expect(opened.some((u) => u.includes('/socket.io/'))).toBe(true);
    expect([...opened, ...powerSockets].some((u) => u.includes('/collab/'))).toBe(true);
    for (const url of [...opened, ...powerSockets]) expect(url).not.toMatch(/token=|eyJ/);
    expect(await readableStorage(page)).not.toMatch(JWT);
    expect(await readableStorage(power)).not.toMatch(JWT);

    // signing out clears the cookie: the next API read is refused
    await power.click('text=退出');
    await power.waitForURL(/\/login$/);
    await power.waitForFunction(async () => (await fetch('/api/cycles')).status === 401, undefined, { timeout: 10_000 });
    expect((await power.context().cookies()).find((c) => c.name === 'zb_session')).toBeUndefined();
    expect(await readableStorage(power)).not.toContain('zerobase.session');
  });
});
