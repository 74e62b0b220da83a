#!/usr/bin/env node
// Benchmark of the pure ranking and allocation (libs/domain/src/evaluation).
// Node 20 cannot import TypeScript, so the library is bundled with esbuild into a temp file first.
//
//   node tools/bench/ranking-bench.mjs [--runs 7] [--warm-up 6] [--out docs/benchmarks-ranking.md] [--only <text>]
//
// Node flags are passed on to the measuring process, so a CPU profile of one workload is e.g.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof tools/bench/ranking-bench.mjs --only '…(ScoreTable)' --runs 30 --out /tmp/r.md
//
// --only measures just the workloads whose label contains one of the comma-separated texts (e.g.
// --only 'consolidation,score · none · 10 000 pkg × 50 rev × 6 crit (ScoreTable)' --out docs/benchmarks-consolidation.md).
//
// Workloads are generated from a seeded PRNG, so every run measures the same data.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance, PerformanceObserver } from 'node:perf_hooks';

// re-run with --expose-gc so each workload starts from a collected heap
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('runs', '7'));
const WARM_UP = Number(opt('warm-up', '6'));
const OUT = resolve(root, opt('out', 'docs/benchmarks-ranking.md'));
const ONLY = opt('only', null)?.split(',') ?? null;

// ---- load the library -------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'ranking-bench-'));
const outfile = join(dir, 'evaluation.mjs');
await build({
  entryPoints: [join(root, 'libs/domain/src/evaluation/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  outfile,
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });
const { rankAndAllocate, toScoreTable } = lib;

// ---- data -------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const normal = (rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const clamp = (x) => Math.max(0, Math.min(100, Math.round(x)));

const CRITERIA = [
  { key: 'strategic', weight: 20 },
  { key: 'feasibility', weight: 15 },
  { key: 'goal', weight: 15 },
  { key: 'costEffectiveness', weight: 20 },
  { key: 'publicBenefit', weight: 15 },
  { key: 'risk', weight: 15 },
];
const DEPARTMENTS = Array.from({ length: 40 }, (_, i) => `dept-${String(i).padStart(2, '0')}`);

function makeWorkload({ packages: P, reviewers: R, withLevels = false, seed = 1 }) {
  const rand = mulberry32(seed);
  const quality = [];
  const packages = [];
  let total = 0;
  for (let p = 0; p < P; p++) {
    const id = `pkg-${String(p).padStart(5, '0')}`;
    const costFen = Math.round((50 + rand() * 5_000) * 10_000) * 100; // 50 … 5 050 万元
    total += costFen;
    const lead = DEPARTMENTS[Math.floor(rand() * DEPARTMENTS.length)];
    const joint = rand() < 0.2 ? DEPARTMENTS[Math.floor(rand() * DEPARTMENTS.length)] : null;
    const departmentShares =
      joint && joint !== lead
        ? [
            { departmentId: lead, basisPoints: 6_000 },
            { departmentId: joint, basisPoints: 4_000 },
          ]
        : [{ departmentId: lead, basisPoints: 10_000 }];
    const pkg = {
      id,
      costFen,
      submittedAt: new Date(Date.UTC(2025, 2, 1) + Math.floor(rand() * 30 * 86_400_000)).toISOString(),
      departmentShares,
    };
    if (withLevels) {
      const min = Math.round(costFen * 0.5);
      const cur = Math.round(costFen * 0.3);
      pkg.levels = [
        { level: 'minimum', costFen: min },
        { level: 'current', costFen: cur },
        { level: 'enhanced', costFen: costFen - min - cur },
      ];
    }
    packages.push(pkg);
    quality.push(55 + 15 * normal(rand));
  }
  const reviewerIds = Array.from({ length: R }, (_, r) => `reviewer-${String(r).padStart(2, '0')}`);
  const bias = reviewerIds.map(() => 8 * normal(rand));
  const scale = reviewerIds.map(() => 0.6 + rand() * 0.8);
  const scores = [];
  for (let p = 0; p < P; p++) {
    for (let r = 0; r < R; r++) {
      for (const c of CRITERIA) {
        scores.push({
          reviewerId: reviewerIds[r],
          packageId: packages[p].id,
          criterionKey: c.key,
          score: clamp(50 + scale[r] * (quality[p] - 50) + bias[r] + 6 * normal(rand)),
        });
      }
    }
  }
  const orderings = reviewerIds.map((reviewerId, r) => {
    const noisy = packages.map((pkg, p) => [pkg.id, quality[p] + bias[r] + 10 * normal(rand)]);
    noisy.sort((a, b) => b[1] - a[1]);
    return { reviewerId, packageIds: noisy.map((x) => x[0]) };
  });
  const publicInput = packages
    .filter(() => rand() < 0.3)
    .map((p) => ({ packageId: p.id, supportBasisPoints: Math.floor(rand() * 10_001), responses: Math.floor(rand() * 2_000) }));
  return { packages, scores, orderings, publicInput, quotaFen: Math.round(total * 0.6) };
}

// ---- measuring --------------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const PHASES = ['validate', 'toScoreTable', 'resolveScores', 'normalize', 'composite', 'method', 'sort', 'allocate', 'belowLine', 'explain'];
// garbage collection pauses (any phase), summed per call
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((done) => setImmediate(done));

async function measure(label, input, runs = RUNS) {
  if (ONLY !== null && !ONLY.some((text) => label.includes(text))) return null;
  // two full collections and a pause, so no workload pays for sweeping what the one before it (or
  // the data set-up) dropped
  for (let k = 0; k < 2; k++) {
    globalThis.gc();
    await new Promise((done) => setTimeout(done, 250));
  }
  const times = [];
  const gcs = [];
  const phases = Object.fromEntries(PHASES.map((p) => [p, []]));
  let result;
  // warm-up: on a busy machine the optimizing compiler's threads get little time, and the first
  // workload measured would otherwise run partly in unoptimized code
  const warmUp = runs < RUNS ? 2 : WARM_UP;
  for (let i = 0; i < runs + warmUp; i++) {
    const profile = { clock: () => performance.now(), phases: {} };
    gcMs = 0;
    const t0 = performance.now();
    result = rankAndAllocate(input, profile);
    const t = performance.now() - t0;
    await settle(); // the observer hears of the call's collections
    if (i < warmUp) continue;
    times.push(t);
    gcs.push(gcMs);
    for (const p of PHASES) phases[p].push(profile.phases[p] ?? 0);
  }
  const row = {
    label,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    phases: Object.fromEntries(PHASES.map((p) => [p, median(phases[p])])),
    gc: median(gcs),
    items: result.items.length,
    funded: result.items.filter((i) => i.funded).length,
  };
  console.log(`${label.padEnd(58)} median ${row.median.toFixed(1).padStart(8)} ms  (min ${row.min.toFixed(1)}, max ${row.max.toFixed(1)}, gc ${row.gc.toFixed(1)})`);
  return row;
}

const rows = [];
/** measure() answers null for a workload --only leaves out */
const add = (row) => {
  if (row !== null) rows.push(row);
};

/**
 * Consolidation on: every package's unit is its lead department; each unit lists all its packages in a
 * random order (the worst case: many holds) and the coordinator overrides 20 pairs (each lifts a
 * package above an earlier one of its unit, so they never make a cycle).
 */
function consolidation(w, seed = 7) {
  const rand = mulberry32(seed);
  const byUnit = new Map();
  for (const p of w.packages) {
    const unit = p.departmentShares[0].departmentId;
    if (!byUnit.has(unit)) byUnit.set(unit, []);
    byUnit.get(unit).push(p.id);
  }
  const unitOrders = [...byUnit].map(([unitId, ids]) => {
    const list = [...ids];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return { unitId, packageIds: list };
  });
  const overrides = [];
  const seen = new Set();
  while (overrides.length < 20) {
    const { packageIds } = unitOrders[Math.floor(rand() * unitOrders.length)];
    const a = Math.floor(rand() * packageIds.length);
    const b = Math.floor(rand() * packageIds.length);
    if (a <= b || seen.has(`${a}/${b}/${packageIds[0]}`)) continue;
    seen.add(`${a}/${b}/${packageIds[0]}`);
    overrides.push({ packageId: packageIds[a], aboveId: packageIds[b], reason: 'bench' });
  }
  return { units: DEPARTMENTS.map((id, k) => ({ id, parentId: k >= 20 ? DEPARTMENTS[k - 20] : null })), unitOrders, overrides };
}
const base = (w, extra = {}, scores = w.table) => ({
  settings: { quotaFen: w.quotaFen, criteria: CRITERIA, ...extra },
  packages: w.packages,
  scores,
  publicInput: w.publicInput,
});

const loadBefore = loadavg()[0];
// machine calibration: one sequential pass over 3 000 000 doubles
const calibration = (() => {
  const xs = new Float64Array(3_000_000).map((_, i) => i % 101);
  const times = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    let acc = 0;
    for (let i = 0; i < xs.length; i++) acc += xs[i];
    times.push(performance.now() - t0);
    if (acc < 0) console.log(acc);
  }
  return median(times);
})();
console.log(`calibration: summing 3 000 000 doubles takes ${calibration.toFixed(1)} ms (median)`);

console.log('generating 10 000 packages × 50 reviewers × 6 criteria …');
let big = makeWorkload({ packages: 10_000, reviewers: 50, seed: 1 });
console.log(`${big.scores.length.toLocaleString('en')} raw scores`);
big.table = toScoreTable(big.scores);
big.scores = null; // the ScoreTable runs should not pay for the collector tracing 3 M objects
// a round of every normalization first, unmeasured: the first workload measured should not be the
// one that runs while the optimizing compiler is still at work
for (let k = 0; k < 3; k++) for (const normalization of ['none', 'zscore', 'trimmed']) rankAndAllocate(base(big, { normalization }));
for (const normalization of ['none', 'zscore', 'trimmed']) {
  add(await measure(`score · ${normalization} · 10 000 pkg × 50 rev × 6 crit (ScoreTable)`, base(big, { normalization })));
}
add(
  await measure(
    'score · none · skipAndContinue · 100 pinned · 10 000 pkg (ScoreTable)',
    base(big, { allocationMode: 'skipAndContinue', pinnedPackageIds: big.packages.slice(-100).map((p) => p.id) }),
  ),
);
add(await measure('score · none · consolidation (40 units, random orders, 20 overrides) · 10 000 pkg (ScoreTable)', base(big, { consolidation: consolidation(big) })));
add(
  await measure('score · none · consolidation · skipAndContinue · 10 000 pkg (ScoreTable)', base(big, { allocationMode: 'skipAndContinue', consolidation: consolidation(big) })),
);
big = makeWorkload({ packages: 10_000, reviewers: 50, seed: 1 }); // the same data as score records
add(await measure('score · none · 10 000 pkg × 50 rev × 6 crit (3 M score records)', base(big, { normalization: 'none' }, big.scores)));
add(await measure('score · zscore · 10 000 pkg × 50 rev × 6 crit (3 M score records)', base(big, { normalization: 'zscore' }, big.scores)));
big.scores = null;
add(
  await measure('borda · 10 000 pkg · 50 full orderings', {
    settings: { quotaFen: big.quotaFen, criteria: CRITERIA, method: 'borda' },
    packages: big.packages,
    orderings: big.orderings,
  }),
);

console.log('generating 1 000 packages with 3 levels each …');
const inc = makeWorkload({ packages: 1_000, reviewers: 50, withLevels: true, seed: 2 });
for (const normalization of ['none', 'zscore', 'trimmed']) {
  add(await measure(`score · ${normalization} · increments · 1 000 pkg × 3 levels × 50 rev × 6 crit (records)`, base(inc, { normalization, useIncrements: true }, inc.scores)));
}
add(await measure('score · none · consolidation · increments · 1 000 pkg × 3 levels (records)', base(inc, { useIncrements: true, consolidation: consolidation(inc) }, inc.scores)));

for (const n of [200, 500, 1_000]) {
  const w = makeWorkload({ packages: n, reviewers: 50, seed: 3 });
  add(
    await measure(
      `schulze · ${n.toLocaleString('en')} candidates · 50 orderings`,
      { settings: { quotaFen: w.quotaFen, criteria: CRITERIA, method: 'schulze' }, packages: w.packages, orderings: w.orderings },
      n >= 1_000 ? 3 : RUNS,
    ),
  );
}

// ---- report -----------------------------------------------------------------------------------
const fmt = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Ranking and allocation benchmark',
  '',
  ...(ONLY === null ? [] : [`Only the workloads matching ${ONLY.map((t) => `“${t}”`).join(', ')} (\`--only\`).`, '']),
  `Generated by \`node tools/bench/ranking-bench.mjs\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB.`,
  `Machine calibration: one sequential pass summing 3 000 000 doubles takes ${calibration.toFixed(1)} ms here (median of 15); scale the figures below by it when comparing machines.`,
  `Load average (1 min) ${loadBefore.toFixed(2)} at the start and ${loadavg()[0].toFixed(2)} at the end: other jobs shared the machine, so min is the better guide to the code's own cost.`,
  `Each figure is the median of ${RUNS} runs after ${WARM_UP} warm-up runs (3 runs after 2 for Schulze on 1 000; full GCs and a pause before each workload), wall clock of one \`rankAndAllocate\` call,`,
  'from raw score records (or orderings) to the full result with explanations. Phase columns are medians too, in ms.',
  '',
  `| workload | items | funded | median ms | min | max | ${PHASES.join(' | ')} | gc |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ${PHASES.map(() => '---:').join(' | ')} | ---: |`,
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.items.toLocaleString('en')} | ${r.funded.toLocaleString('en')} | **${fmt(r.median)}** | ${fmt(r.min)} | ${fmt(r.max)} | ${PHASES.map((p) => fmt(r.phases[p])).join(' | ')} | ${fmt(r.gc)} |`,
  ),
  '',
  '## Where the time goes',
  '',
  'Phases: *validate* — settings, packages (ids, costs, shares, levels, submission dates) and the conflict-of-interest',
  'matrix; *toScoreTable* — only for score records: one pass over the objects turning ids into dictionary indexes',
  '(typed columns); *resolveScores* — one pass over the typed columns checking every score (range, unknown ids,',
  'duplicates, in a bitset), dropping conflicted scores and summing per package × criterion (plus min/max for trimmed,',
  'per-reviewer sums for z-scores); *normalize* — the second pass for z-scores (the others finish from the sums);',
  '*composite* — public input and weighted composites; *method* — Borda or Schulze; *sort* — items, keys, sort, level',
  'precedence; *allocate* — the money flow; *belowLine* — what would fund each unfunded item and the score it must',
  'beat; *explain* — building the result objects (items with explanations, per-package and per-department splits).',
  '*gc* is the garbage-collection pauses during the call: they fall inside the phases above, not after them.',
  '',
  ...rows.slice(0, 3).map((r) => {
    const total = PHASES.reduce((a, p) => a + r.phases[p], 0);
    const top = PHASES.map((p) => [p, r.phases[p]])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([p, v]) => `${p} ${Math.round((100 * v) / total)} %`)
      .join(', ');
    return `- ${r.label}: ${top}.`;
  }),
  '',
  'The largest phase of the score path is the pass over the 3 000 000 scores (resolveScores: 20 bytes of columns per',
  'score; z-scores add a second pass, normalize). The rest grows with the 10 000 packages, not',
  'with the scores: explain (10 000 result objects with their parts and explanations; most of the gc column is the',
  'young-generation collector copying them while they are built), belowLine and validate; sort and allocate take a few',
  'milliseconds. Passing the scores as a `ScoreTable` (typed columns + id dictionaries; the API builds it once per',
  "load of a cycle's score rows, and every what-if, mode comparison and sensitivity re-ranking reads it) skips the",
  'object pass entirely; from 3 M score objects, `toScoreTable` and the garbage collector tracing the',
  "caller's 3 M live objects dominate, and their cost varies from run to run (see min vs max).",
  '',
  'Schulze computes strongest paths with a Floyd–Warshall pass, O(n³), plus an O(ballots · n²) pairwise matrix: fine for',
  'a panel ordering a few hundred packages, infeasible for 10 000 (10¹² steps), so it is measured on 200–1 000',
  'candidates. `rankAndAllocate` refuses more than `maxSchulzeCandidates` (default 1 000) candidates with an input',
  'error rather than tie up the API. Borda is O(ballots · n) and runs on the full 10 000.',
  '',
];
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, lines.join('\n'));
console.log(`\nwrote ${OUT}`);
