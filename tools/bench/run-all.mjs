#!/usr/bin/env node
// `npm run bench`: run every benchmark (each writes its own section), then assemble
// docs/benchmarks.md from the sections (`--assemble-only` skips the runs): each section's part,
// between its markers, is replaced; what was written by hand around them is kept (assemble.mjs).
// Benchmarks are measurements, not tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assemble } from './assemble.mjs';

const require = createRequire(import.meta.url);
const SECTIONS = [
  // Zerobase, the reference y-websocket server and Hocuspocus (memory, PostgreSQL) side by side: the issue-11 targets
  { script: 'tools/bench/relay-bench.mjs', out: 'docs/benchmarks-relay.md' },
  // written by hand from the relay run above and its profiles: where the time goes, what limits
  { script: null, out: 'docs/benchmarks-relay-findings.md' },
  { script: 'tools/bench/collab-bench.mjs', out: 'docs/benchmarks-collab.md' },
  { script: 'tools/bench/ranking-bench.mjs', out: 'docs/benchmarks-ranking.md' },
  // written by hand from `node tools/bench/web-initial-js.mjs` (it prints the table)
  { script: null, out: 'docs/benchmarks-web.md' },
  { script: 'tools/bench/editor-bench.mjs', out: 'docs/benchmarks-editor.md' },
];

const args = process.argv.slice(2);
const assembleOnly = args.includes('--assemble-only');
const only = args.filter((a) => !a.startsWith('--'));
if (!assembleOnly && !existsSync('dist/apps/api/apps/api/src/main.js')) {
  const build = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run', 'api:build', '--outputStyle=static'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
for (const section of assembleOnly ? [] : SECTIONS.filter((s) => s.script)) {
  if (only.length && !only.some((o) => section.script.includes(o))) continue;
  console.log(`\n### ${section.script}`);
  const run = spawnSync(process.execPath, [section.script, '--out', section.out], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

// each section's part of the page is replaced between its markers; the rest of the page is kept
const page = existsSync('docs/benchmarks.md') ? readFileSync('docs/benchmarks.md', 'utf8') : null;
writeFileSync('docs/benchmarks.md', assemble(page, SECTIONS.map((s) => ({ out: s.out, text: existsSync(s.out) ? readFileSync(s.out, 'utf8') : null }))));
console.log('\nwrote docs/benchmarks.md');
