import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { interfaceText, seriousViolations, signInAt, visit } from './workspace-support';

/**
 * Every route of the web client (apps/web/src/app/app.routes.ts), as the role that uses it, in
 * both languages and through axe-core: English shows no Chinese interface text, Chinese no English
 * interface text (data such as package titles and people's names excepted: it is marked
 * translate="no"), and no page has a serious or critical accessibility violation.
 */
let server: DemoServer;
let browser: Browser;
let targets: Target[] = [];
const HAN = /\p{Script=Han}/u;
const ENGLISH_WORDS = /\b[A-Za-z]{3,}\s+[A-Za-z]{2,}\b/;

interface Target {
  /** the route's path pattern in app.routes.ts */
  route: string;
  /** a demo user, or null for a page read without signing in */
  who: string | null;
  path: string;
  /** present once the page shows what it is about (the positive signal before any "nothing found") */
  ready: string;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  const coordinator = await server.as('coordinator');
  const c = server.cycleId;
  const packages = (await coordinator.get(`/api/cycles/${c}/packages`)).body as { id: string; code: string }[];
  const dp = (code: string) => packages.find((p) => p.code === code)!.id;
  // a meeting with an agenda and a follow-up, a publication, and a notification for the power liaison
  const meeting = await coordinator.post(`/api/cycles/${c}/meetings`, {
    title: '第一次跨部门联席会议',
    place: '财政局三楼会议室',
    scheduledAt: '2027-01-05T09:00:00+08:00',
    invitedDepartments: ['power', 'telecom'],
    agenda: [{ packageId: dp('DP-01') }, { title: '其他事项' }],
  });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  expect((await coordinator.post(`/api/cycles/${c}/publications`)).status).toBe(201);
  const telecom = await server.as('telecom');
  const line = (await telecom.get(`/api/packages/${dp('DP-01')}`)).body;
  expect((await telecom.patch(`/api/packages/${line.id}`, { version: line.version, purpose: `${line.purpose}（通信局补充）` })).status).toBe(200);

  targets = [
    { route: 'login', who: null, path: '/login', ready: 'input[name=email]' },
    { route: '', who: 'coordinator', path: '/', ready: '[data-testid=cycle-link]' },
    { route: 'cycles/:cycleId', who: 'coordinator', path: `/cycles/${c}`, ready: '[data-testid=package-row]' },
    { route: 'cycles/:cycleId', who: 'observer', path: `/cycles/${c}`, ready: '[data-testid=package-row]' },
    { route: 'cycles/:cycleId/ranking', who: 'coordinator', path: `/cycles/${c}/ranking`, ready: '[data-testid=cutoff-line]' },
    { route: 'cycles/:cycleId/ranking', who: 'coordinator', path: `/cycles/${c}/ranking?projector=1`, ready: '[data-testid=cutoff-line]' },
    { route: 'cycles/:cycleId/conflicts', who: 'power', path: `/cycles/${c}/conflicts`, ready: '[data-testid=conflict-list], [data-testid=conflict-none]' },
    { route: 'cycles/:cycleId/conflicts', who: 'coordinator', path: `/cycles/${c}/conflicts`, ready: '[data-testid=conflict-list], [data-testid=conflict-none]' },
    { route: 'packages/:packageId', who: 'power', path: `/packages/${dp('DP-01')}`, ready: '[data-testid=co-editing] input' },
    { route: 'packages/:packageId', who: 'coordinator', path: `/packages/${dp('DP-03')}`, ready: '[data-testid=co-editing] input' },
    { route: 'packages/:packageId', who: 'reviewer1', path: `/packages/${dp('DP-02')}`, ready: '[data-testid=co-editing] input' },
    { route: 'cycles/:cycleId/meetings', who: 'coordinator', path: `/cycles/${c}/meetings`, ready: '[data-testid=meeting-list]' },
    { route: 'cycles/:cycleId/follow-ups', who: 'coordinator', path: `/cycles/${c}/follow-ups`, ready: '[data-testid=follow-up-list]' },
    { route: 'meetings/:meetingId', who: 'coordinator', path: `/meetings/${meeting.body.id}`, ready: '[data-testid=agenda]' },
    { route: 'notifications', who: 'power', path: '/notifications', ready: '[data-testid=notification]' },
    { route: 'cycles/:cycleId/metrics', who: 'coordinator', path: `/cycles/${c}/metrics`, ready: '[data-testid=metrics-cards]' },
    { route: 'public', who: null, path: '/public', ready: '[data-testid=public-cycles] a' },
    { route: 'public/cycles/:cycleId', who: null, path: `/public/cycles/${c}`, ready: '[data-testid=public-packages] tbody tr' },
    { route: 'cycles/:cycleId/queue', who: 'reviewer1', path: `/cycles/${c}/queue`, ready: '[data-testid=queue-row]' },
    { route: 'cycles/:cycleId/queue/:packageId', who: 'reviewer1', path: `/cycles/${c}/queue/${dp('DP-01')}`, ready: '[data-testid=score-form]' },
    { route: 'cycles/:cycleId/packages/new', who: 'coordinator', path: `/cycles/${c}/packages/new`, ready: '[data-testid=create-package]' },
    ...['cycle', 'criteria', 'envelopes', 'limits', 'units', 'members', 'publication'].map((tab) => ({
      route: 'cycles/:cycleId/setup',
      who: 'coordinator',
      path: `/cycles/${c}/setup?tab=${tab}`,
      ready: `[data-testid=setup-${tab}]`,
    })),
    { route: 'cycles/:cycleId/execution', who: 'coordinator', path: `/cycles/${c}/execution`, ready: '[data-testid=execution-table], [data-testid=execution-empty]' },
    { route: 'cycles/:cycleId/evaluation', who: 'coordinator', path: `/cycles/${c}/evaluation`, ready: '[data-testid=evaluation-table], [data-testid=evaluation-empty]' },
    { route: 'cycles/:cycleId/evaluation', who: 'evaluator', path: `/cycles/${c}/evaluation`, ready: '[data-testid=evaluation-table], [data-testid=evaluation-empty]' },
    { route: 'cycles/:cycleId/price-checks', who: 'coordinator', path: `/cycles/${c}/price-checks`, ready: '[data-testid=price-summary]' },
    { route: 'price-catalogue', who: 'coordinator', path: '/price-catalogue', ready: '[data-testid=price-catalogue] tbody tr' },
    { route: '**', who: 'coordinator', path: '/no/such/page', ready: '[data-testid=not-found]' },
  ];
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Signed-in pages per user and language, reused across targets; closed by the caller. */
async function pageFor(pages: Map<string, Page>, who: string | null, language: 'en' | 'zh-CN'): Promise<Page> {
  const key = `${who ?? 'public'}|${language}`;
  const open = pages.get(key);
  if (open) return open;
  let page: Page;
  if (who) page = await signInAt(browser, server.api.baseUrl, who, undefined, language);
  else {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript((lang) => localStorage.setItem('zerobase.lang', lang), language);
    page = await context.newPage();
  }
  pages.set(key, page);
  return page;
}

/** Opens the target and waits for its positive signal; what went wrong otherwise, as one line. */
async function open(page: Page, target: Target): Promise<string | null> {
  try {
    await visit(page, `${server.api.baseUrl}${target.path}`);
    await page.waitForSelector(target.ready, { timeout: 20_000 });
    return null;
  } catch (error) {
    return `${target.path}: did not show ${target.ready} (${String(error).split('\n')[0]})`;
  }
}

async function closeAll(pages: Map<string, Page>): Promise<void> {
  for (const page of pages.values()) await page.context().close();
}

describe('every route, both languages, axe-core', () => {
  it('should visit every route of app.routes.ts', () => {
    const source = readFileSync('apps/web/src/app/app.routes.ts', 'utf8');
    const routes = [...source.matchAll(/path: '([^']*)'/g)].map((m) => m[1]);
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !targets.some((t) => t.route === r))).toEqual([]);
  });

  it('should leave no Chinese interface text in English, and no English interface text in Chinese', async () => {
    const offenders: string[] = [];
    for (const [language, bad] of [
      ['en', (line: string) => HAN.test(line)],
      ['zh-CN', (line: string) => ENGLISH_WORDS.test(line) && !/@|DP-/.test(line)],
    ] as const) {
      const pages = new Map<string, Page>();
      try {
        for (const target of targets) {
          const page = await pageFor(pages, target.who, language);
          const failed = await open(page, target);
          if (failed) {
            offenders.push(failed);
            continue;
          }
          const text = await interfaceText(page);
          // the positive signal: the page's heading is in the interface text, in the language asked for
          const heading = (await page.locator('main h1').first().textContent())?.trim() ?? '';
          expect(heading.length, `${target.path}: heading`).toBeGreaterThan(0);
          for (const line of text.split('\n')) if (bad(line)) offenders.push(`${language} ${target.path}: ${line}`);
        }
      } finally {
        await closeAll(pages);
      }
    }
    if (offenders.length) console.log(`interface text in the wrong language:\n${offenders.join('\n')}`);
    expect(offenders).toEqual([]);
  }, 600_000);

  it('should have no serious or critical axe-core violation on any page, at both window sizes', async () => {
    const violations: string[] = [];
    for (const viewport of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const pages = new Map<string, Page>();
      try {
        for (const target of targets) {
          const page = await pageFor(pages, target.who, 'zh-CN');
          await page.setViewportSize(viewport);
          const failed = await open(page, target);
          if (failed) {
            violations.push(failed);
            continue;
          }
          violations.push(...(await seriousViolations(page)).map((v) => `${viewport.width} ${target.path}: ${v}`));
        }
      } finally {
        await closeAll(pages);
      }
    }
    if (violations.length) console.log(`axe-core:\n${violations.join('\n')}`);
    expect(violations).toEqual([]);
  }, 600_000);
});
