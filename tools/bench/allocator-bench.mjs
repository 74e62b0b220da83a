#!/usr/bin/env node
// Benchmark of the allocator (libs/domain/src/evaluation: alternatives, mandates, optimal mode, below-the-line
// explanations) and, optionally, of javascript-lp-solver on the same knapsacks for comparison.
//
//   node tools/bench/allocator-bench.mjs [--runs 5] [--warm-up 6] [--out docs/benchmarks-allocator.md] [--lp-dir /path/with/node_modules]
//
// --lp-dir: a directory where `npm install javascript-lp-solver@0.4.24` was run (it is not a dependency
// of this repository). Workloads come from a seeded PRNG, so every run measures the same data.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
const RUNS = Number(opt('runs', '5'));
const WARM_UP = Number(opt('warm-up', '6'));
const OUT = resolve(root, opt('out', 'docs/benchmarks-allocator.md'));
const LP_DIR = opt('lp-dir', null);

// ---- the library and the demo data, bundled (Node cannot import TypeScript) -------------------
const dir = mkdtempSync(join(tmpdir(), 'allocator-bench-'));
const outfile = join(dir, 'lib.mjs');
await build({
  stdin: { contents: "export * from './libs/domain/src/index.ts';\nexport * from './apps/api/src/demo/demo-data.ts';", resolveDir: root, loader: 'ts' },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  outfile,
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });
const { rankAndAllocate, toScoreTable, packageTotals, wanYuanToFen, DEMO_PACKAGES, DEMO_CRITERIA, DEMO_CYCLE, DEMO_ALLOCATION_RULES, DEMO_UNIT_ORDERS } = lib;

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

/** P packages scored by R reviewers on 6 criteria; quota 60 % of the total asked (as in ranking-bench). */
function workload({ packages: P, reviewers: R, levels = false, groups = 0, mandated = 0, seed = 1 }) {
  const rand = mulberry32(seed);
  const packages = [];
  const quality = [];
  let total = 0;
  for (let p = 0; p < P; p++) {
    const costFen = Math.round((50 + rand() * 5_000) * 10_000) * 100;
    total += costFen;
    const pkg = { id: `pkg-${String(p).padStart(5, '0')}`, costFen, submittedAt: null, departmentShares: [{ departmentId: `d${p % 40}`, basisPoints: 10_000 }] };
    if (levels) {
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
  const bias = Array.from({ length: R }, () => 8 * normal(rand));
  const scores = [];
  for (let p = 0; p < P; p++)
    for (let r = 0; r < R; r++)
      for (const c of CRITERIA) scores.push({ reviewerId: `r${r}`, packageId: packages[p].id, criterionKey: c.key, score: clamp(quality[p] + bias[r] + 6 * normal(rand)) });
  const settings = { quotaFen: Math.round(total * 0.6), criteria: CRITERIA };
  if (groups > 0) settings.alternativeGroups = Array.from({ length: groups }, (_, g) => ({ id: `g${g}`, packageIds: [packages[2 * g].id, packages[2 * g + 1].id] }));
  if (mandated > 0) settings.mandatedPackageIds = packages.slice(P - mandated).map((p) => p.id);
  return { settings, packages, scores };
}

/**
 * Per-department floors and caps on a workload's departments: a floor of 40 % of what each of the first
 * `floors` departments asks, a cap of 45 % for the next `caps` (binding: the quota is 60 % of the total).
 */
function withLimits(w, { floors = 10, caps = 10 } = {}) {
  const asked = new Map();
  for (const p of w.packages) {
    const d = p.departmentShares[0].departmentId;
    asked.set(d, (asked.get(d) ?? 0) + p.costFen);
  }
  const departments = [...asked.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const departmentLimits = [
    ...departments.slice(0, floors).map((d) => ({ departmentId: d, floorFen: Math.round(asked.get(d) * 0.4), capFen: null })),
    ...departments.slice(floors, floors + caps).map((d) => ({ departmentId: d, floorFen: null, capFen: Math.round(asked.get(d) * 0.45) })),
  ];
  return { ...w, settings: { ...w.settings, departmentLimits } };
}

/** Consolidation on: each department a decision unit whose head orders its packages at random (seeded). */
function withUnitOrders(w, seed = 7) {
  const rand = mulberry32(seed);
  const byUnit = new Map();
  const packages = w.packages.map((p) => ({ ...p, unitId: p.departmentShares[0].departmentId }));
  for (const p of packages) {
    if (!byUnit.has(p.unitId)) byUnit.set(p.unitId, []);
    byUnit.get(p.unitId).push(p.id);
  }
  const unitOrders = [...byUnit].map(([unitId, ids]) => {
    for (let k = ids.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [ids[k], ids[j]] = [ids[j], ids[k]];
    }
    return { unitId, packageIds: ids };
  });
  return { ...w, packages, settings: { ...w.settings, consolidation: { unitOrders } } };
}

/** The demo cycle as the api ranks it (costs from the cost lines with contingency, 3 reviewers, the seeded rules). */
function demoInput() {
  const offsets = [1, 0, -1];
  const packages = DEMO_PACKAGES.map((p) => ({
    id: p.code,
    costFen: packageTotals(
      p.lines.map((l) => ({ departmentId: l.department, category: l.category, year: l.year ?? 2027, quantityMilli: (l.quantity ?? 1) * 1000, unitCostFen: wanYuanToFen(l.wan / (l.quantity ?? 1)) })),
      p.contingencyBasisPoints,
    ).totalFen,
    submittedAt: null,
    departmentShares: [{ departmentId: p.lead, basisPoints: 10_000 }],
    unitId: p.lead,
    levels: (p.levels ?? []).map((l) => ({ level: l.level, costFen: wanYuanToFen(l.wan) })),
  }));
  const scores = DEMO_PACKAGES.flatMap((p) => offsets.flatMap((o, r) => DEMO_CRITERIA.map((c) => ({ reviewerId: `r${r}`, packageId: p.code, criterionKey: c.key, score: p.targetScore + o }))));
  return {
    settings: {
      quotaFen: wanYuanToFen(DEMO_CYCLE.totalQuotaWan),
      reserveBasisPoints: DEMO_CYCLE.reserveBasisPoints,
      criteria: DEMO_CRITERIA.map((c) => ({ key: c.key, weight: c.weight })),
      mandatedPackageIds: DEMO_ALLOCATION_RULES.mandated.map((m) => m.code),
      alternativeGroups: DEMO_ALLOCATION_RULES.alternativeGroups.map((g) => ({ id: g.name, packageIds: g.codes })),
    },
    packages,
    scores,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rows = [];
async function measure(label, input, runs = RUNS) {
  // two full collections and a pause, so no workload pays for sweeping what the one before it (or the
  // data set-up) dropped
  for (let k = 0; k < 2; k++) {
    globalThis.gc();
    await new Promise((done) => setTimeout(done, 250));
  }
  const times = [];
  let result;
  // warm-up: on a busy machine the optimizing compiler's threads get little time, and the first workloads
  // measured would otherwise run partly in unoptimized code (two warm-up runs for the single-run workloads)
  const warmUp = runs < RUNS ? 2 : WARM_UP;
  for (let i = 0; i < runs + warmUp; i++) {
    const t0 = performance.now();
    result = rankAndAllocate(input);
    const t = performance.now() - t0;
    if (i >= warmUp) times.push(t);
  }
  const o = result.optimizer;
  const row = {
    label,
    items: result.items.length,
    funded: result.items.filter((i) => i.funded).length,
    median: median(times),
    min: Math.min(...times),
    optimizer: o ? `${o.proven ? 'proven optimal' : `gap ${(o.gap * 100).toFixed(4)} %`}, ${o.nodes.toLocaleString('en')} nodes` : '—',
    value: result.allocationValue,
  };
  console.log(`${label.padEnd(70)} median ${row.median.toFixed(1).padStart(8)} ms  ${row.optimizer}`);
  rows.push(row);
  return result;
}

const loadBefore = loadavg()[0];
const demo = demoInput();
for (const mode of ['strict', 'skipAndContinue', 'optimal']) await measure(`demo cycle (20 packages, 1 mandate, 1 group) · ${mode}`, { ...demo, settings: { ...demo.settings, allocationMode: mode } }, 21);
await measure('demo cycle · increments · optimal', { ...demo, settings: { ...demo.settings, allocationMode: 'optimal', useIncrements: true } }, 21);
// the demo's own unit orders (transport, environment), the other units in scoring order
const demoConsolidation = { unitOrders: DEMO_UNIT_ORDERS.map((u) => ({ unitId: u.department, packageIds: u.codes })) };
// transport capped at 25 000 万 (it asks 27 000+), environment and culture given floors
const demoLimits = [
  { departmentId: 'transport', floorFen: null, capFen: wanYuanToFen(25_000) },
  { departmentId: 'environment', floorFen: wanYuanToFen(1_300), capFen: null },
  { departmentId: 'culture', floorFen: wanYuanToFen(2_420), capFen: null },
];
await measure('demo cycle · unit orders (consolidation) · optimal', { ...demo, settings: { ...demo.settings, allocationMode: 'optimal', consolidation: demoConsolidation } }, 21);
await measure('demo cycle · floors and caps · optimal', { ...demo, settings: { ...demo.settings, allocationMode: 'optimal', departmentLimits: demoLimits } }, 21);
await measure('demo cycle · unit orders · floors and caps · increments · optimal', {
  ...demo,
  settings: { ...demo.settings, allocationMode: 'optimal', useIncrements: true, consolidation: demoConsolidation, departmentLimits: demoLimits },
}, 21);

const w1k = workload({ packages: 1_000, reviewers: 10, seed: 2 });
w1k.scores = toScoreTable(w1k.scores);
for (const mode of ['strict', 'skipAndContinue', 'optimal']) await measure(`1 000 packages × 10 reviewers · ${mode}`, { ...w1k, settings: { ...w1k.settings, allocationMode: mode } });
await measure('1 000 packages · optimal · node limit 2 000 000', { ...w1k, settings: { ...w1k.settings, allocationMode: 'optimal', optimizerNodeLimit: 2_000_000 } }, 1);
const w1kRules = workload({ packages: 1_000, reviewers: 10, groups: 100, mandated: 20, seed: 3 });
w1kRules.scores = toScoreTable(w1kRules.scores);
await measure('1 000 packages · 100 alternatives pairs · 20 mandates · optimal', { ...w1kRules, settings: { ...w1kRules.settings, allocationMode: 'optimal' } });
const w1kLevels = workload({ packages: 1_000, reviewers: 10, levels: true, seed: 4 });
w1kLevels.scores = toScoreTable(w1kLevels.scores);
await measure('1 000 packages × 3 levels · optimal', { ...w1kLevels, settings: { ...w1kLevels.settings, allocationMode: 'optimal', useIncrements: true } });
const w1kLimits = withLimits(w1k);
for (const mode of ['skipAndContinue', 'optimal']) await measure(`1 000 packages · floors on 10, caps on 10 of 40 departments · ${mode}`, { ...w1kLimits, settings: { ...w1kLimits.settings, allocationMode: mode } });
const w1kUnits = withUnitOrders(w1k);
for (const mode of ['skipAndContinue', 'optimal']) await measure(`1 000 packages · 40 units with their own orders (consolidation) · ${mode}`, { ...w1kUnits, settings: { ...w1kUnits.settings, allocationMode: mode } });
await measure('1 000 packages · unit orders · node limit 2 000 000', { ...w1kUnits, settings: { ...w1kUnits.settings, allocationMode: 'optimal', optimizerNodeLimit: 2_000_000 } }, 1);
const w1kLevelUnits = withUnitOrders(w1kLevels);
await measure('1 000 packages × 3 levels · unit orders · optimal', { ...w1kLevelUnits, settings: { ...w1kLevelUnits.settings, allocationMode: 'optimal', useIncrements: true } });
const w1kBoth = withLimits(w1kUnits);
await measure('1 000 packages · unit orders · floors and caps · optimal', { ...w1kBoth, settings: { ...w1kBoth.settings, allocationMode: 'optimal' } });

console.log('generating 10 000 packages × 50 reviewers × 6 criteria …');
const w10k = workload({ packages: 10_000, reviewers: 50, seed: 1 });
w10k.scores = toScoreTable(w10k.scores);
await measure('10 000 pkg × 50 rev × 6 crit (ScoreTable) · strict, with below-the-line explanations', w10k, 7);
await measure('10 000 pkg × 50 rev × 6 crit (ScoreTable) · 1 000 alternatives pairs, 100 mandates · skip', {
  ...w10k,
  settings: {
    ...w10k.settings,
    allocationMode: 'skipAndContinue',
    alternativeGroups: Array.from({ length: 1_000 }, (_, g) => ({ id: `g${g}`, packageIds: [w10k.packages[2 * g].id, w10k.packages[2 * g + 1].id] })),
    mandatedPackageIds: w10k.packages.slice(-100).map((p) => p.id),
  },
}, 7);

// ---- javascript-lp-solver on the same 1 000-package knapsack, for the decision record ----------
let lpRows = [];
if (LP_DIR) {
  const solver = createRequire(join(resolve(LP_DIR), 'package.json'))('javascript-lp-solver');
  for (const n of [50, 200, 1_000]) {
    const w = workload({ packages: n, reviewers: 10, seed: 2 });
    const r = rankAndAllocate({ ...w, settings: { ...w.settings, allocationMode: 'optimal' } });
    const model = { optimize: 'value', opType: 'max', constraints: { budget: { max: r.totals.availableFen } }, variables: {}, ints: {}, options: { timeout: 20_000 } };
    for (const item of r.items) {
      model.variables[item.id] = { value: (item.score * item.costFen) / 100, budget: item.costFen, [`one_${item.id}`]: 1 };
      model.constraints[`one_${item.id}`] = { max: 1 };
      model.ints[item.id] = 1;
    }
    const t0 = performance.now();
    const lp = solver.Solve(model);
    const t = performance.now() - t0;
    const row = { n, ms: t, lpValue: lp.result, feasible: lp.feasible, bounded: lp.bounded, ours: r.allocationValue, oursProven: r.optimizer.proven };
    console.log(`javascript-lp-solver · ${n} packages: ${t.toFixed(0)} ms, value ${lp.result} (ours ${r.allocationValue}, proven ${r.optimizer.proven})`);
    lpRows.push(row);
  }
}

const fmt = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const lines = [
  '# Allocator benchmark',
  '',
  `Generated by \`node tools/bench/allocator-bench.mjs${LP_DIR ? ' --lp-dir …' : ''}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores.`,
  `Load average (1 min) ${loadBefore.toFixed(2)} at the start and ${loadavg()[0].toFixed(2)} at the end: the machine was shared, so min is the better guide.`,
  `Each figure is one \`rankAndAllocate\` call from score rows to the full result with explanations (median of ${RUNS} runs, 7 for the 10 000-package and 21 for the demo workloads, after ${WARM_UP} warm-up runs, 1 run after 2 for the node-limit rows; two full collections and a pause before each workload).`,
  'Value = Σ score × cost (yuan) over funded items, what the optimal mode maximizes. The optimizer stops after its node limit (default 200 000, no clock, so results are reproducible) and then states its gap to a proven bound.',
  '',
  '| workload | items | funded | median ms | min ms | optimizer |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...rows.map((r) => `| ${r.label} | ${r.items.toLocaleString('en')} | ${r.funded.toLocaleString('en')} | **${fmt(r.median)}** | ${fmt(r.min)} | ${r.optimizer} |`),
  '',
];
if (lpRows.length > 0) {
  lines.push(
    '## javascript-lp-solver 0.4.24 on the same knapsacks',
    '',
    'The same packages, one binary variable each, one budget constraint; its own branch and bound with a 20 s timeout.',
    '',
    '| packages | lp-solver ms | lp-solver value | our value | ours proven |',
    '| ---: | ---: | ---: | ---: | --- |',
    ...lpRows.map((r) => `| ${r.n} | ${fmt(r.ms)} | ${r.lpValue} | ${r.ours} | ${r.oursProven} |`),
    '',
  );
}
writeFileSync(OUT, lines.join('\n'));
console.log(`wrote ${OUT}`);
