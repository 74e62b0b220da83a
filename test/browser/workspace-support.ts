import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { signIn } from './sign-in';

const require = createRequire(import.meta.url);
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');
const AXE_SOURCE = readFileSync(AXE_SCRIPT, 'utf8');

/** A demo user signed in through the login page at a given window size, in a context of their own. */
export function signInAt(browser: Browser, baseUrl: string, who: string, viewport = { width: 1366, height: 768 }, language?: 'en' | 'zh-CN'): Promise<Page> {
  return signIn(browser, baseUrl, who, { viewport, language });
}

/** Opens an address and waits until the page has a heading and nothing is loading. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await page.waitForSelector('main h1, [data-testid=load-error]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=loading]'), undefined, { timeout: 15_000 });
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // evaluated through the DevTools protocol: the app's Content-Security-Policy forbids inline script tags, rightly
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/**
 * The interface text of the page: every visible text node outside data (elements marked
 * translate="no", the co-editing section, form values) and outside the language switch.
 */
export function interfaceText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const skip = '[translate=no], [data-testid=language], script, style';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const out: string[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip)) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll<HTMLElement>('[aria-label], [placeholder], [title]')) {
      if (el.closest(skip)) continue;
      for (const attr of ['aria-label', 'placeholder', 'title']) {
        const value = el.getAttribute(attr);
        if (value) out.push(value);
      }
    }
    return out.join('\n');
  });
}
