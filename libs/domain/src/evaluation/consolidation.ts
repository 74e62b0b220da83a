import type { UnitParent } from './conflict-of-interest';
import type { InputIssue } from './errors';
import { IndexHeap } from './index-heap';
import type { ConsolidationSettings, DepartmentShare } from './model';

/**
 * Order-preserving consolidation up the decision-unit hierarchy.
 *
 * - **A package's unit** is its lead department (`RankingPackage.unitId`); without one, the department
 *   with the largest share (ties: the first listed). A joint package is ranked by its lead unit alone.
 * - **A unit's order** is the list its head set (`unitOrders`), followed by the unit's unlisted packages in
 *   the cycle's scoring order; a unit without a list keeps the scoring order. The coordinator's
 *   overrides amend it: "X above Y" lifts X to just above Y (nothing else in the unit moves) and is
 *   recorded with its reason. Overrides only reorder one unit (X and Y in the same unit).
 * - **The merge**: the consolidated ranking repeatedly takes the best-scoring package (in the cycle's
 *   scoring order, tie-breaks included) whose unit's higher-ranked packages are all placed. So a unit's
 *   k-th package moves up no further than just below its (k−1)-th: a package scoring above its unit's
 *   predecessor is *held* below it; everything else keeps its scoring order. This is the stable k-way
 *   merge of the units' orders by score; it is associative, so merging divisions into their bureau and
 *   bureaus into the cycle gives the same ranking as merging all units at once (property-tested), and
 *   moving a division to another bureau never reshuffles the ranking.
 * - **Increments**: the unit's order applies level by level (its packages' k-th levels follow the unit's
 *   order) and a level still never ranks above a lower level of its own package.
 *
 * Pure and deterministic; O(n log n) in the number of items.
 */

/** The unit of a package: its own `unitId`, else the department with the largest share (ties: the first listed); null when it has none. */
export function packageUnit(pkg: { unitId?: string; departmentShares?: readonly DepartmentShare[] }): string | null {
  if (pkg.unitId !== undefined) return pkg.unitId;
  let best: string | null = null;
  let bestShare = -Infinity;
  for (const s of pkg.departmentShares ?? []) {
    const share = 'basisPoints' in s ? s.basisPoints : s.amountFen;
    if (share > bestShare) {
      best = s.departmentId;
      bestShare = share;
    }
  }
  return best;
}

/**
 * A cycle in a unit hierarchy as the ids along it, child → parent, the first repeated at the end
 * (["a", "b", "a"]: a's parent is b and b's is a); null when every unit leads up to a top-level one.
 */
export function hierarchyCycle(units: readonly UnitParent[]): string[] | null {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId] as const));
  const state = new Map<string, 1 | 2>(); // 1: on the walk in progress, 2: leads to the top
  for (const u of units) {
    const path: string[] = [];
    let id: string | null | undefined = u.id;
    while (id !== null && id !== undefined && !state.has(id)) {
      state.set(id, 1);
      path.push(id);
      id = parentOf.get(id);
    }
    if (id !== null && id !== undefined && state.get(id) === 1) return [...path.slice(path.indexOf(id)), id];
    for (const p of path) state.set(p, 2);
  }
  return null;
}

export interface ConsolidationLabels {
  /** names a package in messages (e.g. its code) */
  pkg?: (id: string) => string;
  /** names a unit in messages (e.g. its department code) */
  unit?: (id: string) => string;
}

/**
 * Checks consolidation settings: a hierarchy without cycles; unit orders naming known packages of that
 * unit, each once; overrides with a reason, between two different packages of one unit, no pair twice
 * or both ways, and no cycle among a unit's overrides. `unitOf` answers a package's unit (null: none),
 * undefined for an unknown package. Returns every problem, with paths under `path`.
 */
export function validateConsolidation(
  c: ConsolidationSettings,
  unitOf: (packageId: string) => string | null | undefined,
  path = 'consolidation',
  labels: ConsolidationLabels = {},
): InputIssue[] {
  const pkgLabel = labels.pkg ?? ((id: string) => id);
  const unitLabel = labels.unit ?? ((id: string) => id);
  const issues: InputIssue[] = [];
  if (c.units !== undefined) {
    const seen = new Set<string>();
    c.units.forEach((u, i) => {
      if (typeof u.id !== 'string' || u.id === '') issues.push({ path: `${path}.units[${i}].id`, message: 'is required' });
      else if (seen.has(u.id)) issues.push({ path: `${path}.units[${i}].id`, message: `duplicate unit "${u.id}"` });
      seen.add(u.id);
    });
    const cycle = hierarchyCycle(c.units);
    if (cycle !== null) issues.push({ path: `${path}.units`, message: `the decision-unit hierarchy has a cycle: ${cycle.map(unitLabel).join(' → ')}`, cycle });
  }

  const ordered = new Set<string>();
  (c.unitOrders ?? []).forEach((o, i) => {
    const at = `${path}.unitOrders[${i}]`;
    if (typeof o.unitId !== 'string' || o.unitId === '') issues.push({ path: `${at}.unitId`, message: 'is required' });
    else if (ordered.has(o.unitId)) issues.push({ path: `${at}.unitId`, message: `unit ${unitLabel(o.unitId)} has two orders` });
    ordered.add(o.unitId);
    if (!Array.isArray(o.packageIds)) {
      issues.push({ path: `${at}.packageIds`, message: 'must be a list of package ids' });
      return;
    }
    const listed = new Set<string>();
    o.packageIds.forEach((id, j) => {
      const unit = unitOf(id);
      if (unit === undefined) issues.push({ path: `${at}.packageIds[${j}]`, message: `unknown package "${id}"` });
      else if (unit !== o.unitId) issues.push({ path: `${at}.packageIds[${j}]`, message: `package ${pkgLabel(id)} is not a package of unit ${unitLabel(o.unitId)}` });
      else if (listed.has(id)) issues.push({ path: `${at}.packageIds[${j}]`, message: `package ${pkgLabel(id)} is listed twice` });
      listed.add(id);
    });
  });

  // overrides: each checked on its own, then per unit no cycle (X above Y above … above X)
  const pairs = new Map<string, number>();
  const edges = new Map<string, string[]>();
  (c.overrides ?? []).forEach((o, i) => {
    const at = `${path}.overrides[${i}]`;
    if (typeof o.reason !== 'string' || o.reason.trim() === '') issues.push({ path: `${at}.reason`, message: "is required: say why the unit's order is overridden" });
    const x = unitOf(o.packageId);
    const y = unitOf(o.aboveId);
    if (x === undefined) return void issues.push({ path: `${at}.packageId`, message: `unknown package "${o.packageId}"` });
    if (y === undefined) return void issues.push({ path: `${at}.aboveId`, message: `unknown package "${o.aboveId}"` });
    if (o.packageId === o.aboveId) return void issues.push({ path: `${at}.aboveId`, message: 'a package cannot be ranked above itself' });
    if (x === null) return void issues.push({ path: `${at}.packageId`, message: `package ${pkgLabel(o.packageId)} has no decision unit` });
    if (x !== y) {
      return void issues.push({
        path: `${at}.aboveId`,
        message: `packages ${pkgLabel(o.packageId)} (unit ${unitLabel(x)}) and ${pkgLabel(o.aboveId)} (unit ${y === null ? '—' : unitLabel(y)}) are in different units: an override reorders the packages of one unit`,
      });
    }
    const key = `${o.packageId}\u0000${o.aboveId}`;
    const reverse = pairs.get(`${o.aboveId}\u0000${o.packageId}`);
    if (pairs.has(key)) return void issues.push({ path: at, message: `overrides[${pairs.get(key)}] already ranks ${pkgLabel(o.packageId)} above ${pkgLabel(o.aboveId)}` });
    if (reverse !== undefined) {
      return void issues.push({ path: at, message: `contradicts overrides[${reverse}], which ranks ${pkgLabel(o.aboveId)} above ${pkgLabel(o.packageId)}`, cycle: [o.packageId, o.aboveId, o.packageId] });
    }
    const back = pathBetween(edges, o.aboveId, o.packageId);
    if (back !== null) {
      const cycle = [o.packageId, ...back];
      return void issues.push({ path: at, message: `makes a cycle in the order of unit ${unitLabel(x)}: ${cycle.map(pkgLabel).join(' above ')}`, cycle });
    }
    pairs.set(key, i);
    const out = edges.get(o.packageId);
    if (out === undefined) edges.set(o.packageId, [o.aboveId]);
    else out.push(o.aboveId);
  });
  return issues;
}

/** A path from → … → to along `edges` (ids, both ends included), or null. */
function pathBetween(edges: ReadonlyMap<string, readonly string[]>, from: string, to: string): string[] | null {
  const parent = new Map<string, string | null>([[from, null]]);
  const stack = [from];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at === to) {
      const path: string[] = [];
      for (let v: string | null = at; v !== null; v = parent.get(v)!) path.push(v);
      return path.reverse();
    }
    for (const next of edges.get(at) ?? []) {
      if (!parent.has(next)) {
        parent.set(next, at);
        stack.push(next);
      }
    }
  }
  return null;
}

/** The consolidation settings resolved to package indexes (after validateConsolidation). */
export interface ConsolidationPlan {
  /** per package: its unit's index, -1 when it has none */
  unitOf: Int32Array;
  unitIds: string[];
  /** per unit: the packages its head listed, in that order */
  listed: number[][];
  /** per unit: its overrides, x above y */
  overrides: { x: number; y: number; reason: string }[][];
}

export function planConsolidation(
  c: ConsolidationSettings,
  packageUnits: readonly (string | null)[],
  packageIndex: ReadonlyMap<string, number>,
): ConsolidationPlan {
  const unitIndex = new Map<string, number>();
  const unitIds: string[] = [];
  const unitOf = new Int32Array(packageUnits.length).fill(-1);
  packageUnits.forEach((u, p) => {
    if (u === null) return;
    let k = unitIndex.get(u);
    if (k === undefined) {
      unitIndex.set(u, (k = unitIds.length));
      unitIds.push(u);
    }
    unitOf[p] = k;
  });
  const listed: number[][] = unitIds.map(() => []);
  for (const o of c.unitOrders ?? []) {
    const k = unitIndex.get(o.unitId);
    if (k !== undefined) listed[k] = o.packageIds.map((id) => packageIndex.get(id)!);
  }
  const overrides: { x: number; y: number; reason: string }[][] = unitIds.map(() => []);
  for (const o of c.overrides ?? []) {
    const x = packageIndex.get(o.packageId)!;
    overrides[unitOf[x]!]!.push({ x, y: packageIndex.get(o.aboveId)!, reason: o.reason.trim() });
  }
  return { unitOf, unitIds, listed, overrides };
}

/** The items being ranked, as the consolidation needs them (items of a package consecutive, ascending ordinal). */
export interface ConsolidationItems {
  length: number;
  packageIndex: Int32Array;
  ordinal: Int32Array;
}

export interface ConsolidatedOrder {
  /** item indexes in consolidated order */
  order: Int32Array;
  /** per item: 1 when a lower level of its own package held it down (level precedence) */
  levelHeld: Uint8Array;
  /** per item: the item directly above it in its unit's order that held it down; -1 when its unit did not */
  heldBy: Int32Array;
  /** per item: the item directly above it in its unit's order (at its level); -1 for the unit's first */
  unitPred: Int32Array;
  /** per package: its place in its unit's order (1-based); 0 when it has no unit */
  unitRank: Int32Array;
  /** per unit: how many packages it ranks */
  unitSize: number[];
}

const LEVEL_EDGE = 1;
const UNIT_EDGE = 2;

/**
 * The consolidated order of items ranked in `scoreOrder` (the cycle's scoring order, tie-breaks
 * included): each unit's order amended by its overrides, then the merge (see the top of this file).
 */
export function consolidatedOrder(scoreOrder: Int32Array, items: ConsolidationItems, plan: ConsolidationPlan): ConsolidatedOrder {
  const n = items.length;
  const P = plan.unitOf.length;
  const itemPos = new Int32Array(n);
  for (let pos = 0; pos < n; pos++) itemPos[scoreOrder[pos]!] = pos;
  const firstItem = new Int32Array(P).fill(-1);
  const levelCount = new Int32Array(P);
  for (let i = 0; i < n; i++) {
    const p = items.packageIndex[i]!;
    if (firstItem[p] === -1) firstItem[p] = i;
    levelCount[p]!++;
  }

  // 1. each unit's order: its list, then its unlisted packages in scoring order, amended by its overrides
  const members: number[][] = plan.unitIds.map(() => []);
  for (let p = 0; p < P; p++) if (plan.unitOf[p]! >= 0 && firstItem[p]! >= 0) members[plan.unitOf[p]!]!.push(p);
  const unitRank = new Int32Array(P);
  const unitLists = members.map((own, u) => {
    const inList = new Set(plan.listed[u]);
    const rest = own.filter((p) => !inList.has(p)).sort((a, b) => itemPos[firstItem[a]!]! - itemPos[firstItem[b]!]!);
    const base = [...plan.listed[u]!.filter((p) => firstItem[p]! >= 0), ...rest];
    const list = plan.overrides[u]!.length === 0 ? base : liftOverrides(base, plan.overrides[u]!);
    list.forEach((p, k) => (unitRank[p] = k + 1));
    return list;
  });

  // 2. precedence edges between items: lower level → next level; a unit's k-th levels in the unit's order
  const from: number[] = [];
  const to: number[] = [];
  const kind: number[] = [];
  const edge = (a: number, b: number, k: number): void => {
    from.push(a);
    to.push(b);
    kind.push(k);
  };
  for (let p = 0; p < P; p++) for (let k = 1; k < levelCount[p]!; k++) edge(firstItem[p]! + k - 1, firstItem[p]! + k, LEVEL_EDGE);
  const unitPred = new Int32Array(n).fill(-1);
  for (const list of unitLists) {
    let maxLevels = 0;
    for (const p of list) maxLevels = Math.max(maxLevels, levelCount[p]!);
    for (let k = 0; k < maxLevels; k++) {
      let prev = -1;
      for (const p of list) {
        if (levelCount[p]! <= k) continue;
        if (prev >= 0) {
          edge(firstItem[prev]! + k, firstItem[p]! + k, UNIT_EDGE);
          unitPred[firstItem[p]! + k] = firstItem[prev]! + k;
        }
        prev = p;
      }
    }
  }
  const E = from.length;
  const indegree = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let e = 0; e < E; e++) {
    indegree[to[e]!]!++;
    start[from[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const succ = new Int32Array(E);
  const succKind = new Uint8Array(E);
  for (let e = 0; e < E; e++) {
    const at = fill[from[e]!]!++;
    succ[at] = to[e]!;
    succKind[at] = kind[e]!;
  }

  // 3. the merge: the best-scoring item whose predecessors are all placed, again and again
  const heap = new IndexHeap(n);
  for (let i = 0; i < n; i++) if (indegree[i] === 0) heap.push(i, itemPos[i]!);
  const order = new Int32Array(n);
  const levelHeld = new Uint8Array(n);
  const heldBy = new Int32Array(n).fill(-1);
  const lastPred = new Int32Array(n).fill(-1);
  const lastKind = new Uint8Array(n);
  let placedMax = -1;
  for (let w = 0; w < n; w++) {
    const i = heap.pop();
    order[w] = i;
    // held: something that scores less is already placed, so a predecessor (the last placed) kept it back
    if (placedMax > itemPos[i]! && lastPred[i]! >= 0) {
      if (lastKind[i] === LEVEL_EDGE) levelHeld[i] = 1;
      else heldBy[i] = lastPred[i]!;
    }
    if (itemPos[i]! > placedMax) placedMax = itemPos[i]!;
    for (let e = start[i]!; e < start[i + 1]!; e++) {
      const j = succ[e]!;
      lastPred[j] = i;
      lastKind[j] = succKind[e]!;
      if (--indegree[j]! === 0) heap.push(j, itemPos[j]!);
    }
  }
  return { order, levelHeld, heldBy, unitPred, unitRank, unitSize: unitLists.map((l) => l.length) };
}

/**
 * A unit's order with its overrides applied, disturbing it least: each "x above y" lifts x to just above
 * y (and whatever must be above x with it); nothing moves down except past a lifted package. Built from
 * the bottom: again and again the lowest package in the unit's order that nothing still unplaced must be
 * below. Overrides are acyclic (validateConsolidation).
 */
function liftOverrides(base: readonly number[], overrides: readonly { x: number; y: number }[]): number[] {
  const m = base.length;
  const at = new Map(base.map((p, k) => [p, k] as const));
  // below[k]: how many packages still unplaced must be below base[k]; above[k]: those base[k] must be below
  const below = new Int32Array(m);
  const aboveOf: number[][] = base.map(() => []);
  for (const { x, y } of overrides) {
    const kx = at.get(x);
    const ky = at.get(y);
    if (kx === undefined || ky === undefined) continue;
    below[kx]!++;
    aboveOf[ky]!.push(kx);
  }
  const heap = new IndexHeap(m); // the lowest first: priority m - 1 - k
  for (let k = 0; k < m; k++) if (below[k] === 0) heap.push(k, m - 1 - k);
  const out = new Array<number>(m);
  for (let w = m - 1; w >= 0; w--) {
    const k = heap.pop();
    out[w] = base[k]!;
    for (const a of aboveOf[k]!) if (--below[a]! === 0) heap.push(a, m - 1 - a);
  }
  return out;
}
