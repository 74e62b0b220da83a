#!/usr/bin/env node
// Recomputes an exported ranking run offline and checks it:
//
//   curl -H "Authorization: Bearer $TOKEN" $API/api/cycles/$CYCLE/ranking/run > run.json
//   node tools/recompute.mjs run.json          (or: npm run recompute -- run.json)
//
// 1. the hash: SHA-256 over the canonical JSON (sorted keys, no whitespace) of
//    { format, cycleId, input, output } must equal run.hash;
// 2. the output: ranking and allocating run.input again with this repository's libs/domain must give
//    exactly run.output.
// Prints the hash and "OK", or names what does not match; exits 1 on any mismatch.
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/recompute.mjs run.json');
  process.exit(2);
}

// Node cannot import the TypeScript library directly: bundle it into a temporary module first
const dir = mkdtempSync(join(tmpdir(), 'zerobase-recompute-'));
const outfile = join(dir, 'evaluation.mjs');
await build({ entryPoints: [join(root, 'libs/domain/src/evaluation/index.ts')], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', outfile, logLevel: 'error' });
const { canonicalJson, firstOutputDifference, RANKING_RUN_FORMAT, RUN_CHAIN_FORMAT, verifyRunChain } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

const run = JSON.parse(readFileSync(file, 'utf8'));
// a chain of recorded runs (GET …/ranking/runs): every link and hash, the edit log and decisions
// against each run's checkpoint, then every run recomputed
if (run.format === RUN_CHAIN_FORMAT) {
  const sha = (text) => createHash('sha256').update(text).digest('hex');
  // with the edit-log rows and decisions the export carries: each run's checkpoint recomputed from them
  const verdict = verifyRunChain(run.entries, sha, run.ledger);
  if (!verdict.ok) {
    console.log(`CHAIN BROKEN at entry ${verdict.seq}: ${verdict.reason}`);
    process.exit(1);
  }
  for (const e of run.entries) {
    const difference = firstOutputDifference(e.run);
    if (difference !== null) {
      console.log(`OUTPUT MISMATCH in entry ${e.seq}: recomputing its inputs gives a different ${difference}`);
      process.exit(1);
    }
  }
  console.log(`head ${verdict.head}`);
  const sealed = run.entries.filter((e) => e.ledger).at(-1)?.ledger;
  const ledger = sealed ? `; ${sealed.edits.count} edit-log rows and ${sealed.decisions.count} decisions sealed` : '';
  console.log(`OK: chain of ${verdict.entries} runs verified and recomputed${ledger}`);
  process.exit(0);
}
if (run.format !== RANKING_RUN_FORMAT) {
  console.error(`not a ranking run: format is ${JSON.stringify(run.format)}, expected ${RANKING_RUN_FORMAT}`);
  process.exit(1);
}
const body = { format: run.format, cycleId: run.cycleId, input: run.input, output: run.output };
const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');
let ok = true;
if (hash !== run.hash) {
  console.log(`HASH MISMATCH: the document hashes to ${hash}, it claims ${run.hash}`);
  ok = false;
}
const difference = firstOutputDifference(body);
if (difference !== null) {
  console.log(`OUTPUT MISMATCH: recomputing the inputs gives a different ${difference}`);
  ok = false;
}
if (ok) {
  const funded = run.output.items.filter((i) => i.funded).length;
  console.log(`hash ${hash}`);
  console.log(`OK: ${run.output.items.length} items recomputed (${run.output.allocationMode}, ${funded} funded, ${run.output.totals.allocatedFen} fen allocated); hash confirmed`);
}
process.exit(ok ? 0 : 1);
