import { performance } from 'node:perf_hooks';
const P = 10000, R = 50;
const keys = ['strategic','feasibility','goal','costEffectiveness','publicBenefit','risk'];
const pids = Array.from({length:P},(_,p)=>`pkg-${p}`);
const rids = Array.from({length:R},(_,r)=>`rev-${r}`);
const scores = [];
for (let p=0;p<P;p++) for (let r=0;r<R;r++) for (const k of keys) scores.push({reviewerId: rids[r], packageId: pids[p], criterionKey: k, score: (p*7+r*3)%101});
const pmap = new Map(pids.map((id,i)=>[id,i])); const rmap = new Map(rids.map((id,i)=>[id,i]));
function v1(scores){ const n=scores.length; const cell=new Int32Array(n), rev=new Int32Array(n), val=new Float64Array(n); let lp,lP=-1,lr,lR=-1,lk,lC=-1;
 for(let i=0;i<n;i++){const s=scores[i]; let p=lP; if(s.packageId!==lp){p=lP=pmap.get(s.packageId); lp=s.packageId;} let r=lR; if(s.reviewerId!==lr){r=lR=rmap.get(s.reviewerId); lr=s.reviewerId;}
 let c=lC; if(s.criterionKey!==lk){c=keys.indexOf(s.criterionKey); lC=c; lk=s.criterionKey;} const v=s.score; cell[i]=p*6+c; rev[i]=r; val[i]=v;} return cell; }
function v2(scores){ const n=scores.length; const cell=new Int32Array(n), rev=new Int32Array(n), val=new Float64Array(n); let lp,lP=-1,lr,lR=-1;
 for(let i=0;i<n;i++){const s=scores[i]; let p=lP; if(s.packageId!==lp){p=lP=pmap.get(s.packageId); lp=s.packageId;} let r=lR; if(s.reviewerId!==lr){r=lR=rmap.get(s.reviewerId); lr=s.reviewerId;}
 const key=s.criterionKey; let c=0; while(c<6 && keys[c]!==key) c++; const v=s.score; cell[i]=p*6+c; rev[i]=r; val[i]=v;} return cell; }
function v3(scores){ const n=scores.length; let acc=0; for(let i=0;i<n;i++){const s=scores[i]; acc+=s.score;} return acc; }
for (let k=0;k<5;k++){ for (const f of [v1,v2,v3]){ const t=performance.now(); f(scores); console.log(f.name,(performance.now()-t).toFixed(1)); } }
