import type { Browser, Page } from 'playwright-core';

export interface SignInOptions {
  password?: string;
  viewport?: { width: number; height: number };
  /** the interface language stored before the first page loads */
  language?: 'en' | 'zh-CN';
}

/** A demo user signed in through the login page, in a browser context of their own (close it with `page.context().close()`). */
export async function signIn(browser: Browser, baseUrl: string, who: string, passwordOrOptions: string | SignInOptions = {}): Promise<Page> {
  const options = typeof passwordOrOptions === 'string' ? { password: passwordOrOptions } : passwordOrOptions;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  if (options.language) await context.addInitScript((lang) => localStorage.setItem('zerobase.lang', lang), options.language);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=email]', `${who}@demo.zerobase`);
  await page.fill('input[name=password]', options.password ?? 'zerobase-demo');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=cycle-list]');
  return page;
}

/** Opens a package's editor by its address and waits until the document is live and its totals are shown. */
export async function openPackage(page: Page, baseUrl: string, packageId: string): Promise<void> {
  await page.goto(`${baseUrl}/packages/${packageId}`);
  await page.waitForSelector('[data-testid=collab-status][data-status=connected]');
  await page.waitForSelector('[data-testid=package-total]');
}

/** Closes the browser contexts of these pages, whatever state a failed test left them in. */
export async function closeAll(...pages: (Page | undefined)[]): Promise<void> {
  await Promise.all(pages.map((p) => p?.context().close().catch(() => undefined)));
}
