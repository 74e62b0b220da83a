#!/usr/bin/env node
// The package editor in Chromium: JavaScript (gzip) the editor route loads, and the time until
// the editor is interactive when opened by URL (cold: a fresh browser context, nothing cached),
// for the demo package DP-01 and for a package with 200 cost lines. Writes a markdown section.
// Also the scripts loaded in the few seconds after (deferred panels, Socket.IO), so that nothing is hidden.
// `node tools/bench/editor-bench.mjs [--out docs/benchmarks-editor.md] [--runs 7]`; needs the built api and web.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, createLargePackage, packageId, signedInPage, startApi } from '../editor-harness.mjs';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const out = arg('--out') ?? 'docs/benchmarks-editor.md';
const RUNS = Number(arg('--runs') ?? 7);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs takes a positive whole number');
/** how long after the editor is interactive the later scripts are counted */
const AFTER_MS = 4000;
const LINES = 200;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const loadAtStart = loadavg()[0];
const server = await startApi('bench');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const rows = [];
let scripts = [];
let later = [];
/** the page's scripts and when each was requested (ms from navigation start) */
const scriptEntries = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime }))
      .filter((e) => e.path.endsWith('.js') && e.path !== '/offline-sw.js'),
  );
try {
  const targets = [
    { label: 'DP-01 (demo, 4 lines)', id: await packageId(server.baseUrl, 'DP-01'), lastLine: 'DP-01-l4' },
    { label: `${LINES} cost lines`, id: await createLargePackage(server.baseUrl, LINES), lastLine: `L${LINES}` },
  ];
  for (const target of targets) {
    const times = [];
    const enabled = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await signedInPage(browser, server.baseUrl, 'coordinator', { width: 1366, height: 768 });
      // in the page: when the last line's unit cost first appears enabled with the document synced (the
      // render itself, before the main thread is free again for the bench's own script)
      await page.addInitScript((selector) => {
        new MutationObserver((_, observer) => {
          if (document.querySelector(selector) && document.querySelector('[data-testid=collab-status][data-status=connected]')) {
            window.__enabledAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { subtree: true, childList: true, attributes: true });
      }, `[data-testid="unit-cost-${target.lastLine}"]:not([disabled])`);
      // a fresh context per run: cold HTTP cache and IndexedDB; the sign-in page loaded the initial bundle
      await page.goto(`${server.baseUrl}/packages/${target.id}`);
      // interactive: synced, and the last line's unit cost accepts input
      await page.waitForSelector(`[data-testid="unit-cost-${target.lastLine}"]:not([disabled])`);
      await page.waitForSelector('[data-testid=collab-status][data-status=connected]');
      const ms = await page.evaluate(() => performance.now());
      times.push(ms);
      const enabledAt = await page.evaluate(() => window.__enabledAt ?? NaN);
      enabled.push(enabledAt);
      if (run === 0 && scripts.length === 0) {
        // what the page requests next (deferred panels, the live connection) is counted apart, not hidden;
        // a script requested before the editor showed up synced and enabled counts as loaded by then, even
        // if its answer came later
        await page.waitForTimeout(AFTER_MS);
        const entries = await scriptEntries(page);
        scripts = entries.filter((e) => e.start <= enabledAt).map((e) => e.path);
        later = entries.filter((e) => e.start > enabledAt).map((e) => e.path);
      }
      await page.context().close();
    }
    rows.push({ label: target.label, median: median(times), min: Math.min(...times), max: Math.max(...times), enabled: median(enabled) });
  }
} finally {
  await browser.close();
  await server.stop();
}

// the editor route's scripts: everything a fresh browser loads from the sign-in page to an open editor
const fresh = await (async () => {
  const files = [...new Set(scripts)];
  return files.map((path) => {
    const bytes = readFileSync(join('dist/apps/web/browser', path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
})();
const indexScripts = [...readFileSync('dist/apps/web/browser/index.html', 'utf8').matchAll(/src="([^"]+\.js)"/g)].map((m) => `/${m[1]}`);
const all = [...new Map([...fresh, ...indexScripts.filter((p) => !fresh.some((f) => f.path === p)).map((path) => {
  const bytes = readFileSync(join('dist/apps/web/browser', path));
  return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
})].map((f) => [f.path, f])).values()];
const kib = (n) => (n / 1024).toFixed(1);
const totalGzip = all.reduce((s, f) => s + f.gzip, 0);
const totalRaw = all.reduce((s, f) => s + f.raw, 0);
const after = [...new Set(later)].filter((p) => !all.some((f) => f.path === p)).map((path) => {
  const bytes = readFileSync(join('dist/apps/web/browser', path));
  return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const afterGzip = after.reduce((s, f) => s + f.gzip, 0);
const afterRaw = after.reduce((s, f) => s + f.raw, 0);

const lines = [
  '# Package editor in the browser',
  '',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end; Chromium headless,`,
  'production build (`npx nx build web`), API and PostgreSQL on the same machine. `node tools/bench/editor-bench.mjs`.',
  '',
  '## JavaScript of the editor route',
  '',
  'Every script a fresh browser loads from the sign-in page to an open editor (initial bundle, lazy',
  'chunks of the route) and requests before the editor is interactive (in the page: synced, last line enabled), gzip -9 of the built files:',
  '',
  '| file | raw KiB | gzip KiB |',
  '| --- | ---: | ---: |',
  ...all.map((f) => `| ${f.path} | ${kib(f.raw)} | ${kib(f.gzip)} |`),
  `| **total** | **${kib(totalRaw)}** | **${kib(totalGzip)}** |`,
  '',
  `Then, requested in the ${AFTER_MS / 1000} s after the editor is interactive (deferred panels, the live connection for notifications and conflicts):`,
  '',
  '| file | raw KiB | gzip KiB |',
  '| --- | ---: | ---: |',
  ...after.map((f) => `| ${f.path} | ${kib(f.raw)} | ${kib(f.gzip)} |`),
  `| **total after** | **${kib(afterRaw)}** | **${kib(afterGzip)}** |`,
  `| **all, from the sign-in page to ${AFTER_MS / 1000} s after interactive** | **${kib(totalRaw + afterRaw)}** | **${kib(totalGzip + afterGzip)}** |`,
  '',
  `Chunks loaded by the time the editor is interactive (for \`route-bundle.mjs --chunks\`): ${all.map((f) => f.path.slice(1)).join(',')}`,
  '',
  `Chunks loaded after: ${after.map((f) => f.path.slice(1)).join(',')}`,
  '',
  '## Time until the editor is interactive, opened by URL',
  '',
  `From navigation start to: the document synced over /collab and the last cost line's unit cost enabled. ${RUNS} runs each,`,
  'a fresh browser context per run (cold HTTP cache, empty IndexedDB), signed in as the coordinator, 1366 x 768. The first',
  "columns are taken when the page next runs the bench's script (the main thread is free again); the last is when a",
  "MutationObserver in the page first saw the line's input enabled and the document synced.",
  '',
  '| package | median ms | min ms | max ms | median ms, in the page |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.label} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)} | ${r.max.toFixed(0)} | ${r.enabled.toFixed(0)} |`),
  '',
];
writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
