import { performance } from 'node:perf_hooks';
const P = 10000, R = 50, C = 6, n = P*R*C;
const tp = new Int32Array(n).map((_, i) => Math.floor(i / 300)), tr = new Int32Array(n).map((_, i) => Math.floor(i / 6) % 50), tc = new Int32Array(n).map((_, i) => i % 6), score = new Float64Array(n).map((_, i) => i % 101);
const packageOf = Int32Array.from({length:P},(_,i)=>i), reviewerOf=Int32Array.from({length:R},(_,i)=>i), criterionOf=Int32Array.from({length:C},(_,i)=>i);
function fail(path, msg){ throw new Error(path+msg); }
function full(conflicts){
  const cellColumn = new Int32Array(n), reviewerColumn = new Int32Array(n); const seen=[]; let excluded=0;
  const PD=packageOf.length, RD=reviewerOf.length, CD=criterionOf.length;
  for (let i = 0; i < n; i++) {
    const pi = tp[i], ri = tr[i], ci = tc[i];
    if (!(pi >= 0 && pi < PD && ri >= 0 && ri < RD && ci >= 0 && ci < CD)) fail(`x[${i}]`, 'index');
    const p = packageOf[pi], c = criterionOf[ci], r = reviewerOf[ri];
    if (p < 0) fail(`x[${i}]`, `unknown`);
    if (c < 0) fail(`x[${i}]`, `unknown`);
    const v = score[i];
    if (!(v >= 0 && v <= 100)) fail(`x[${i}]`, 'score');
    const cell = p * C + c;
    let mark = seen[r];
    if (mark === undefined) mark = seen[r] = new Uint8Array(P * C);
    if (mark[cell] !== 0) fail(`x[${i}]`, 'twice');
    mark[cell] = 1;
    cellColumn[i] = cell; reviewerColumn[i] = r;
    if (conflicts !== null) { const rp = r*P+p; if (rp < conflicts.length && conflicts[rp]===1) { cellColumn[i] = -1; excluded++; } }
  }
  return cellColumn;
}
function noDedupe(conflicts){
  const cellColumn = new Int32Array(n), reviewerColumn = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = packageOf[tp[i]], c = criterionOf[tc[i]], r = reviewerOf[tr[i]];
    const cell = p * C + c;
    cellColumn[i] = cell; reviewerColumn[i] = r;
  }
  return cellColumn;
}
function flatSeen(conflicts){
  const cellColumn = new Int32Array(n), reviewerColumn = new Int32Array(n);
  const RR = reviewerOf.length; const seen = new Uint8Array(RR*P*C);
  for (let i = 0; i < n; i++) {
    const pi = tp[i], ri = tr[i], ci = tc[i];
    const p = packageOf[pi], c = criterionOf[ci], r = reviewerOf[ri];
    const v = score[i];
    if ((p | c) < 0 || !(v >= 0 && v <= 100)) fail(`x[${i}]`, 'bad');
    const cell = p * C + c;
    const key = cell * RR + r;
    if (seen[key] !== 0) fail(`x[${i}]`, 'twice');
    seen[key] = 1;
    cellColumn[i] = cell; reviewerColumn[i] = r;
  }
  return cellColumn;
}
for (let k=0;k<5;k++) for (const f of [full, noDedupe, flatSeen]) { const t=performance.now(); f(null); console.log(f.name, (performance.now()-t).toFixed(1)); }
