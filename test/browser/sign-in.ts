import type { Browser, Page } from 'playwright-core';

/** A demo user signed in through the login page, in a browser context of their own. */
export async function signIn(browser: Browser, baseUrl: string, who: string, password = 'zerobase-demo'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=email]', `${who}@demo.zerobase`);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=cycle-list]');
  return page;
}
