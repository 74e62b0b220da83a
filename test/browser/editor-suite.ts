import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../support/browser';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { closeAll, openPackage } from './sign-in';

/** Where the editor tests keep the screenshots they take. */
export const shots = 'tmp/screenshots';

export interface EditorSuite {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** the demo's joint line upgrade (DP-01) */
  readonly dp01: string;
  /** Opens DP-01 in this page (closed after the test) and waits until the editor is live. */
  open(page: Page): Promise<void>;
  /** Closes this page after the test, also when the test failed half-way. */
  track(page: Page): Page;
}

/**
 * The set-up every editor test file shares: a demo server and Chromium for the file, DP-01's id, and the
 * pages a test opened closed after it (so one failure cannot leave a live editor behind).
 */
export function editorSuite(): EditorSuite {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  let dp01: string | undefined;
  const opened: Page[] = [];
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
    const packages = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[];
    dp01 = packages.find((p) => p.code === 'DP-01')?.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(async () => {
    await closeAll(...opened.splice(0));
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: the suite's beforeAll has not run or failed`);
    return value;
  };
  const suite: EditorSuite = {
    get server() {
      return ready(server, 'the demo server');
    },
    get browser() {
      return ready(browser, 'Chromium');
    },
    get dp01() {
      return ready(dp01, 'DP-01');
    },
    track(page) {
      opened.push(page);
      return page;
    },
    async open(page) {
      suite.track(page);
      await openPackage(page, suite.server.api.baseUrl, suite.dp01);
    },
  };
  return suite;
}
