import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1366, height: 768 } });
await p.goto('http://127.0.0.1:3999/login');
await p.fill('input[name=email]', 'power@demo.zerobase'); await p.fill('input[name=password]', 'zerobase-demo');
await p.click('button[type=submit]'); await p.waitForSelector('[data-testid=cycle-list]');
const r = await (await p.request.get('http://127.0.0.1:3999/api/cycles')).json().catch(()=>null);
await p.click('[data-testid=cycle-link]'); await p.waitForTimeout(2500);
await p.click('text=DP-01').catch(()=>{}); await p.waitForTimeout(500);
const link = p.locator('a', { hasText: '线路' }).first(); await link.click().catch(()=>{});
await p.waitForTimeout(5000);
console.log(p.url());
await p.screenshot({ path: '/tmp/editor1366.png' });
for (const s of ['[data-testid=package-total]','[data-testid=collab-lines-power]','[data-testid=collab-lines-telecom]']) { const bx = await p.locator(s).boundingBox(); console.log(s, JSON.stringify(bx)); }
await b.close();
