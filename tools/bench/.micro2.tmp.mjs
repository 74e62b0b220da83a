import { performance } from 'node:perf_hooks';
const n = 3_000_000;
const a = new Int32Array(n).map((_, i) => Math.floor(i / 300)), b = new Int32Array(n).map((_, i) => Math.floor(i / 6) % 50), c = new Int32Array(n).map((_, i) => i % 6), s = new Float64Array(n).map((_, i) => i % 101);
const pOf = Int32Array.from({length:10000},(_, i)=>i), rOf = Int32Array.from({length:50},(_, i)=>i), cOf = Int32Array.from({length:6},(_, i)=>i);
function plain(){ let acc=0; for(let i=0;i<n;i++) acc+=s[i]; return acc; }
function agg(){ const sum=new Float64Array(60000), cnt=new Int32Array(60000); for(let i=0;i<n;i++){ const k=pOf[a[i]]*6+cOf[c[i]]; sum[k]+=s[i]; cnt[k]++; } return sum; }
function dedupFlat(){ const seen=new Uint8Array(50*60000); for(let i=0;i<n;i++){ const k=(rOf[b[i]]*10000+pOf[a[i]])*6+cOf[c[i]]; if(seen[k]!==0) throw new Error('dup'); seen[k]=1; } return seen; }
function dedupPer(){ const seen=[]; for(let i=0;i<n;i++){ const r=rOf[b[i]]; let m=seen[r]; if(m===undefined) m=seen[r]=new Uint8Array(60000); const k=pOf[a[i]]*6+cOf[c[i]]; if(m[k]!==0) throw new Error('dup'); m[k]=1; } return seen; }
for (let k=0;k<4;k++) for (const f of [plain, agg, dedupFlat, dedupPer]) { const t=performance.now(); f(); console.log(f.name, (performance.now()-t).toFixed(1)); }
