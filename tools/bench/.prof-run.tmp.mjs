import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
await build({ entryPoints: ['libs/domain/src/evaluation/index.ts'], bundle: true, format: 'esm', platform: 'neutral', outfile: '/tmp/evalbundle.mjs', logLevel: 'warning' });
const { rankAndAllocate, toScoreTable } = await import('/tmp/evalbundle.mjs');
const P = 10000, R = 50;
const CRITERIA = [['strategic',20],['feasibility',15],['goal',15],['costEffectiveness',20],['publicBenefit',15],['risk',15]].map(([key,weight])=>({key,weight}));
const packages = Array.from({length:P},(_,p)=>({id:`pkg-${p}`, costFen: 1000000+p, submittedAt: '2025-03-01T00:00:00Z', departmentShares:[{departmentId:'d'+(p%40), basisPoints:10000}]}));
const rids = Array.from({length:R},(_,r)=>`rev-${r}`);
const scores = [];
let x = 1;
for (let p=0;p<P;p++) for (let r=0;r<R;r++) for (const c of CRITERIA) { x = (x*1103515245+12345)&0x7fffffff; scores.push({reviewerId: rids[r], packageId: packages[p].id, criterionKey: c.key, score: x%101}); }
const input = { settings: { quotaFen: 5e12, criteria: CRITERIA, normalization: process.argv[2] ?? 'none' }, packages, scores: process.argv[3]==='table' ? toScoreTable(scores) : scores };
if (process.argv[3]==='table') scores.length = 0;
for (let i=0;i<8;i++){ const prof={clock:()=>performance.now(), phases:{}}; const t=performance.now(); rankAndAllocate(input, prof); console.log((performance.now()-t).toFixed(1), JSON.stringify(Object.fromEntries(Object.entries(prof.phases).map(([k,v])=>[k,+v.toFixed(1)])))); }
