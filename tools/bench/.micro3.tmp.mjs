import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
await build({ entryPoints: ['libs/domain/src/evaluation/index.ts'], bundle: true, format: 'esm', platform: 'neutral', outfile: '/tmp/evalbundle.mjs', logLevel: 'warning' });
const { resolveScores } = await import('/tmp/evalbundle.mjs');
const P = 10000, R = 50, C = 6, n = P*R*C;
const keys = ['a','b','c','d','e','f'];
const table = { packageIds: Array.from({length:P},(_,p)=>'p'+p), reviewerIds: Array.from({length:R},(_,r)=>'r'+r), criterionKeys: keys,
  packageIndex: new Int32Array(n).map((_, i) => Math.floor(i / 300)), reviewerIndex: new Int32Array(n).map((_, i) => Math.floor(i / 6) % 50), criterionIndex: new Int32Array(n).map((_, i) => i % 6), score: new Float64Array(n).map((_, i) => i % 101) };
const packageIndex = new Map(table.packageIds.map((id,i)=>[id,i]));
for (let k=0;k<8;k++){ const t=performance.now(); resolveScores(table, { packageIndex, criterionKeys: keys, reviewerIndex: new Map(), reviewerIds: [], conflicts: null }); console.log((performance.now()-t).toFixed(1)); }
