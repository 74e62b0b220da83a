#!/usr/bin/env node
// What the package editor route's JavaScript is made of: from the esbuild metafile of the web build
// (`npx nx run web:build --stats-json` writes dist/apps/web/stats.json), the chunks a route loads
// (the static-import closure of the given entry points) and their gzip bytes attributed to packages
// and source folders in proportion to each module's bytes in the chunk.
// `node tools/bench/route-bundle.mjs [--chunks a.js,b.js] [--entries src1,src2] [--modules N]`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist/apps/web';
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const meta = JSON.parse(readFileSync(join(DIST, 'stats.json'), 'utf8'));
const outputs = Object.fromEntries(Object.entries(meta.outputs).filter(([p]) => p.endsWith('.js')));

// the sign-in page, then the editor opened by URL
const entries = (arg('--entries') ?? 'apps/web/src/main.ts,apps/web/src/app/login/login.ts,apps/web/src/app/packages/package-detail.ts').split(',');
function closure(roots) {
  const seen = new Set();
  const walk = (p) => {
    if (seen.has(p) || !outputs[p]) return;
    seen.add(p);
    for (const i of outputs[p].imports) if (i.kind === 'import-statement') walk(i.path);
  };
  roots.forEach(walk);
  return seen;
}
const chunks = arg('--chunks')
  ? new Set(arg('--chunks').split(',').map((c) => c.replace(/^\//, '')))
  : closure(Object.entries(outputs).filter(([, o]) => entries.includes(o.entryPoint)).map(([p]) => p));

/** node_modules/<pkg> (with scope), libs/<lib>, apps/web/src/app/<feature>, or the path */
function group(input) {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = input.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const app = input.match(/^apps\/web\/src\/app\/([^/]+)\//);
  if (app) return `web:${app[1]}`;
  const lib = input.match(/^libs\/([^/]+)\//);
  if (lib) return `libs/${lib[1]}`;
  return input;
}

const byGroup = new Map();
const byModule = new Map();
const perChunk = [];
let total = 0;
for (const path of chunks) {
  const out = outputs[path];
  const bytes = readFileSync(join(DIST, 'browser', path));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  const inputs = Object.entries(out.inputs);
  const sum = inputs.reduce((s, [, v]) => s + v.bytesInOutput, 0) || 1;
  const groups = new Map();
  for (const [input, { bytesInOutput }] of inputs) {
    const share = (gz * bytesInOutput) / sum;
    byGroup.set(group(input), (byGroup.get(group(input)) ?? 0) + share);
    byModule.set(input, (byModule.get(input) ?? 0) + share);
    groups.set(group(input), (groups.get(group(input)) ?? 0) + share);
  }
  const top = [...groups].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([g]) => g);
  perChunk.push({ path, name: out.entryPoint ? out.entryPoint.split('/').pop() : '', raw: bytes.length, gz, top });
}
const kib = (n) => (n / 1024).toFixed(1);
console.log(`## ${chunks.size} chunks, ${kib(total)} KiB gzip\n`);
console.log('| chunk | entry | raw KiB | gzip KiB | mostly |\n| --- | --- | ---: | ---: | --- |');
for (const c of perChunk.sort((a, b) => b.gz - a.gz)) console.log(`| ${c.path} | ${c.name} | ${kib(c.raw)} | ${kib(c.gz)} | ${c.top.join(', ')} |`);
console.log('\n| package or folder | gzip KiB |\n| --- | ---: |');
for (const [g, v] of [...byGroup].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 256)) console.log(`| ${g} | ${kib(v)} |`);
const n = Number(arg('--modules') ?? 0);
if (n) {
  console.log('\n| module | gzip KiB |\n| --- | ---: |');
  for (const [m, v] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`| ${m} | ${kib(v)} |`);
}
