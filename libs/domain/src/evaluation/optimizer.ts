import { fundFloors, isCut, isForced, type AllocationEntry, type FundingState } from './funding-state';
import { IndexHeap } from './index-heap';
import type { OptimizerReport } from './model';

export const DEFAULT_OPTIMIZER_NODE_LIMIT = 200_000;

/** One way to fund a choice set: a package's levels up to some level (a prefix), with its cost and value. */
interface Option {
  cost: number;
  value: number;
  /** positions to fund, lowest level first */
  items: number[];
  /** what it adds to each limited department: [k, fen] pairs (department floors and caps) */
  dept: [number, number][];
  /** the package (allocation group) whose levels it funds */
  group: number;
}

/** A choice set: a package on its own, or an alternatives group; at most one option is taken. */
interface ChoiceSet {
  options: Option[];
  bestRatio: number;
  /** the candidate positions of its packages (options reach a prefix of each package's) */
  positions: number[];
}

/** choice[d] of a set not decided yet; -1 is "none" */
const UNDECIDED = -2;
/** unit precedence of an item under the decisions so far */
const READY = 1;
const BLOCKED = 0;
const PENDING = 2;

const ratioOf = (value: number, cost: number): number => (cost === 0 ? Infinity : value / cost);

/**
 * Exact allocation of what the forced passes left: chooses, for each package (or alternatives group),
 * none or one prefix of its levels, maximizing Σ value under the remaining money. This is a
 * multiple-choice knapsack; it is solved by depth-first branch and bound:
 *
 * - choice sets in descending best value/cost ratio, options in descending value, "none" last;
 * - the bound of a node is its value plus the fractional knapsack of the items of the sets not yet
 *   decided, ignoring their at-most-one and level-precedence rules (a relaxation, so a valid upper bound);
 * - the search stops after `nodeLimit` nodes (deterministic: no clock); the bound is then the largest
 *   bound of the subtrees left open, and the report states the gap to it.
 *
 * Money is compared in whole fen, so the budget constraint is exact; values are floating point.
 *
 * Unit orders (consolidation; FundingState.unitReady): an item is funded only when the items above it in
 * its decision unit's order are (mandated, pinned and cut ones passed over, one an alternative excludes
 * standing aside). The sets are ordered so that a set comes after those holding the items above its
 * items (unitOrdered); an option with an item whose predecessor is decided unfunded is not taken, and a
 * predecessor in a set not decided yet (a cycle through alternatives groups) is checked when that set is
 * decided and, read as "none", before a solution counts. The bound treats each unit chain of items
 * outside alternatives groups as prefixes only: the upper concave hull of the chain's prefixes (the LP
 * relaxation of choosing one), merged by slope with the other items; a chain whose decided part ends
 * unfunded adds nothing. Every other link is dropped there, so the bound stays a relaxation.
 *
 * Department limits (st.book): an option that would take a department over its cap is never taken,
 * and a solution counts only when every floor is met; a node is cut when its departments can no
 * longer reach their floors (each undecided set adds at most its largest option). When no solution
 * meeting the floors is found, the floor pass (ranking order) fills them as in the greedy modes and
 * the rest is optimized under the caps alone (`floorsRelaxed`).
 */
export function optimizeRest(st: FundingState, nodeLimit = DEFAULT_OPTIMIZER_NODE_LIMIT): OptimizerReport {
  if (st.book === undefined || !st.book.hasFloors) return search(st, nodeLimit, false);
  const trial = search(st, nodeLimit, true, true);
  if (trial !== null) return trial;
  fundFloors(st);
  return { ...search(st, nodeLimit, false), floorsRelaxed: true };
}

function search(st: FundingState, nodeLimit: number, floors: boolean, dryIfInfeasible?: false): OptimizerReport;
function search(st: FundingState, nodeLimit: number, floors: boolean, dryIfInfeasible: true): OptimizerReport | null;
function search(st: FundingState, nodeLimit: number, floors: boolean, dryIfInfeasible = false): OptimizerReport | null {
  const entries = st.entries;
  const book = st.book;
  const K = book === undefined ? 0 : book.floor.length;
  let forcedValue = 0;
  /** per candidate position: its place among its package's candidate levels (an option of length > it funds it) */
  const prefixIndex = new Int32Array(entries.length);
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (st.funded[i] === 1) forcedValue += e.value ?? e.costFen;
    if (isForced(e) || isCut(e) || st.funded[i] === 1 || st.excludedBy(e) >= 0) continue;
    let list = byGroup.get(e.group);
    if (list === undefined) byGroup.set(e.group, (list = []));
    list.push(i);
  }
  const setOf = new Map<string, { options: Option[]; positions: number[] }>();
  for (const [group, positions] of byGroup) {
    positions.sort((a, b) => entries[a]!.ordinal - entries[b]!.ordinal);
    const alt = entries[positions[0]!]!.alternative ?? -1;
    const key = alt >= 0 ? `a${alt}` : `g${group}`;
    let set = setOf.get(key);
    if (set === undefined) setOf.set(key, (set = { options: [], positions: [] }));
    const options = set.options;
    let cost = 0;
    let value = 0;
    const from = st.fundedLevelOf(group);
    positions.forEach((i, k) => {
      set.positions.push(i);
      prefixIndex[i] = k;
    });
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k]!;
      const e = entries[i]!;
      if (e.ordinal !== from + k) break; // a level whose lower level is not here can never be funded
      cost += e.costFen;
      value += e.value ?? e.costFen;
      const dept = book === undefined ? [] : book.delta(group, cost);
      // an option that alone takes a department over its cap can never be taken
      if (dept.some(([d, fen]) => book!.funded[d]! + fen > book!.cap[d]!)) break;
      options.push({ cost, value, items: positions.slice(0, k + 1), dept, group });
    }
  }
  // Unit chains for the bound (consolidation): the items of packages outside alternatives groups linked to
  // the item above them in their unit (FundingState.unitGate) when that one is such an item too. Along a
  // chain only prefixes can be funded, so the chain enters the bound as the upper concave hull of its
  // prefixes (the LP relaxation of choosing one prefix); the other links are dropped (a relaxation).
  const inOption = new Uint8Array(entries.length);
  for (const set of setOf.values()) for (const o of set.options) for (const i of o.items) inOption[i] = 1;
  const gateOf = st.unitGate;
  const chainable = (i: number): boolean => i >= 0 && inOption[i] === 1 && (entries[i]!.alternative ?? -1) < 0;
  const chainOf = new Int32Array(entries.length).fill(-1);
  const chainIndex = new Int32Array(entries.length);
  const chains: number[][] = [];
  {
    const child = new Map<number, number>();
    const hasParent = new Uint8Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      if (!chainable(i) || !chainable(gateOf[i]!)) continue;
      child.set(gateOf[i]!, i);
      hasParent[i] = 1;
    }
    for (const [head] of child) {
      if (hasParent[head] === 1) continue;
      const chain: number[] = [];
      for (let i: number | undefined = head; i !== undefined; i = child.get(i)) {
        chainOf[i] = chains.length;
        chainIndex[i] = chain.length;
        chain.push(i);
      }
      chains.push(chain);
    }
  }
  // per chain: prefix sums and, from each point p (items p… still open), the next vertex of the upper hull
  const chainCost: Float64Array[] = [];
  const chainValue: Float64Array[] = [];
  const hullNext: Int32Array[] = [];
  for (const chain of chains) {
    const m = chain.length;
    const C = new Float64Array(m + 1);
    const V = new Float64Array(m + 1);
    chain.forEach((i, k) => {
      C[k + 1] = C[k]! + entries[i]!.costFen;
      V[k + 1] = V[k]! + (entries[i]!.value ?? entries[i]!.costFen);
    });
    const slope = (a: number, b: number): number => ratioOf(V[b]! - V[a]!, C[b]! - C[a]!);
    const next = new Int32Array(m + 1).fill(-1);
    const stack: number[] = [m];
    for (let p = m - 1; p >= 0; p--) {
      while (stack.length >= 2 && slope(p, stack[stack.length - 1]!) <= slope(stack[stack.length - 1]!, stack[stack.length - 2]!)) stack.pop();
      next[p] = stack[stack.length - 1]!;
      stack.push(p);
    }
    chainCost.push(C);
    chainValue.push(V);
    hullNext.push(next);
  }
  // each chain item's ratio as the bound sees it: the slope of the root hull segment it lies on
  const chainRatio = new Float64Array(entries.length);
  chains.forEach((chain, c) => {
    for (let p = 0; p < chain.length; ) {
      const q = hullNext[c]![p]!;
      const slope = ratioOf(chainValue[c]![q]! - chainValue[c]![p]!, chainCost[c]![q]! - chainCost[c]![p]!);
      for (let k = p; k < q; k++) chainRatio[chain[k]!] = slope;
      p = q;
    }
  });

  const ratioSorted: { options: Option[]; positions: number[]; bestRatio: number }[] = [];
  for (const { options, positions } of setOf.values()) {
    if (options.length === 0) continue;
    options.sort((a, b) => b.value - a.value || a.cost - b.cost);
    let bestRatio = -Infinity;
    for (const o of options) {
      for (let k = 0; k < o.items.length; k++) {
        const i = o.items[k]!;
        const e = entries[i]!;
        // a unit chain's item counts at its hull segment's slope: the order the bound would fund it in
        bestRatio = Math.max(bestRatio, chainOf[i]! >= 0 ? chainRatio[i]! : ratioOf(e.value ?? e.costFen, e.costFen));
      }
    }
    ratioSorted.push({ options, positions, bestRatio });
  }
  ratioSorted.sort((a, b) => b.bestRatio - a.bestRatio);
  const sets: ChoiceSet[] = unitOrdered(ratioSorted, entries, st);
  const S = sets.length;
  // per candidate position: its choice set (also the positions no option reaches: an alternative may exclude them)
  const setOfItem = new Int32Array(entries.length).fill(-1);
  sets.forEach((set, d) => {
    for (const i of set.positions) setOfItem[i] = d;
  });

  // per set: the chain items it decides, as [chain, index] (sets are ordered so a chain is decided in order)
  const chainSteps: number[][] = sets.map(() => []);
  sets.forEach((set, d) => {
    for (const i of set.positions) if (chainOf[i]! >= 0) chainSteps[d]!.push(chainOf[i]!, chainIndex[i]!);
  });
  const chainAt = new Int32Array(chains.length); // first undecided index of each chain

  // every item of every set outside the chains, best ratio first, for the fractional bound
  const flatSet: number[] = [];
  const flatCost: number[] = [];
  const flatValue: number[] = [];
  /** the capped department an item belongs to wholly (its cap then bounds it in the fractional bound), else -1 */
  const flatDept: number[] = [];
  {
    const all: { set: number; cost: number; value: number; ratio: number; dept: number }[] = [];
    sets.forEach((s, d) => {
      // the items of all options of the set (options of one package share their lower levels)
      const seen = new Set<number>();
      for (const o of s.options) for (const i of o.items) seen.add(i);
      for (const i of seen) {
        if (chainOf[i]! >= 0) continue;
        const e = entries[i]!;
        const value = e.value ?? e.costFen;
        const k = book === undefined ? -1 : book.soleLimited(e.group);
        all.push({ set: d, cost: e.costFen, value, ratio: ratioOf(value, e.costFen), dept: k >= 0 && book!.cap[k]! < Infinity ? k : -1 });
      }
    });
    all.sort((a, b) => b.ratio - a.ratio || a.cost - b.cost);
    for (const x of all) {
      flatSet.push(x.set);
      flatCost.push(x.cost);
      flatValue.push(x.value);
      flatDept.push(x.dept);
    }
  }
  // a chain whose items all belong wholly to one capped department: that cap bounds it too
  const chainDept = chains.map((chain) => {
    const k = book === undefined ? -1 : book.soleLimited(entries[chain[0]!]!.group);
    return k >= 0 && book!.cap[k]! < Infinity && chain.every((i) => book!.soleLimited(entries[i]!.group) === k) ? k : -1;
  });
  const hasCaps = flatDept.some((k) => k >= 0) || chainDept.some((k) => k >= 0);
  const deptRoom = new Float64Array(K);
  // the live chains by the slope of their next hull segment, steepest first (a min-heap of negated slopes)
  const heap = new IndexHeap(chains.length);
  const at = new Int32Array(chains.length); // the point each chain has reached within one bound
  const segmentSlope = (c: number, p: number): number => {
    const q = hullNext[c]![p]!;
    return ratioOf(chainValue[c]![q]! - chainValue[c]![p]!, chainCost[c]![q]! - chainCost[c]![p]!);
  };
  /** whether the chain's decided part ends funded (so its open part may still be funded) */
  const chainLive = (c: number): boolean => {
    const p = chainAt[c]!;
    if (p === 0) return true;
    const j = chains[c]![p - 1]!;
    const k = choice[setOfItem[j]!]!;
    if (k < 0) return false;
    const o = sets[setOfItem[j]!]!.options[k]!;
    return o.group === entries[j]!.group && o.items.length > prefixIndex[j]!;
  };
  const bound = (d: number, cap: number): number => {
    let sum = 0;
    heap.clear();
    if (hasCaps) for (let k = 0; k < K; k++) deptRoom[k] = capOf[k]! - spent[k]!;
    for (let c = 0; c < chains.length; c++) {
      const p = chainAt[c]!;
      if (p < chains[c]!.length && chainLive(c)) {
        at[c] = p;
        heap.push(c, -segmentSlope(c, p));
      }
    }
    let k = 0;
    for (;;) {
      while (k < flatSet.length && flatSet[k]! < d) k++;
      const flatRatio = k < flatSet.length ? ratioOf(flatValue[k]!, flatCost[k]!) : -Infinity;
      if (heap.size > 0 && -heap.peekPriority() > flatRatio) {
        const c = heap.pop();
        const p = at[c]!;
        const q = hullNext[c]![p]!;
        const cost = chainCost[c]![q]! - chainCost[c]![p]!;
        const value = chainValue[c]![q]! - chainValue[c]![p]!;
        const dk = hasCaps ? chainDept[c]! : -1;
        if (dk >= 0 && deptRoom[dk]! < cost) {
          // the chain's department cap leaves room for part of the segment at most, and nothing after it
          const part = Math.min(Math.max(0, deptRoom[dk]!), cap);
          sum += (value * part) / cost;
          cap -= part;
          deptRoom[dk] -= part;
          if (cap <= 0) return sum;
          continue;
        }
        if (cost > cap) return sum + (value * cap) / cost;
        sum += value;
        cap -= cost;
        if (dk >= 0) deptRoom[dk] -= cost;
        at[c] = q;
        if (q < chains[c]!.length) heap.push(c, -segmentSlope(c, q));
      } else if (k < flatSet.length) {
        const c = flatCost[k]!;
        const dk = hasCaps ? flatDept[k]! : -1;
        if (dk >= 0 && deptRoom[dk]! < c) {
          // its department's cap leaves room for part of it at most (caps over disjoint sets of items
          // within the budget: taking by ratio is still the LP optimum, so still an upper bound)
          const room = Math.max(0, deptRoom[dk]!);
          const part = Math.min(room, cap);
          sum += (flatValue[k]! * part) / c;
          cap -= part;
          deptRoom[dk] = room - part;
          if (cap <= 0) return sum;
          k++;
          continue;
        }
        if (c > cap) return sum + (flatValue[k]! * cap) / c;
        sum += flatValue[k]!;
        cap -= c;
        if (dk >= 0) deptRoom[dk] -= c;
        k++;
      } else {
        return sum;
      }
    }
  };

  // department bookkeeping: money per limited department, and per depth the most the undecided sets can add
  const spent = book === undefined ? new Float64Array(0) : Float64Array.from(book.funded);
  const capOf = book?.cap ?? new Float64Array(0);
  const floorOf = floors && book !== undefined ? book.floor : new Float64Array(K);
  const reach = new Float64Array((S + 1) * K);
  for (let d = S - 1; d >= 0; d--) {
    for (let k = 0; k < K; k++) reach[d * K + k] = reach[(d + 1) * K + k]!;
    const most = new Float64Array(K);
    for (const o of sets[d]!.options) for (const [k, fen] of o.dept) most[k] = Math.max(most[k]!, fen);
    for (let k = 0; k < K; k++) reach[d * K + k] += most[k]!;
  }
  const fitsCaps = (o: Option): boolean => {
    for (const [k, fen] of o.dept) if (spent[k]! + fen > capOf[k]!) return false;
    return true;
  };
  const take = (o: Option, sign: 1 | -1): void => {
    for (const [k, fen] of o.dept) spent[k] += sign * fen;
  };
  const floorsMet = (): boolean => {
    for (let k = 0; k < K; k++) if (spent[k]! < floorOf[k]!) return false;
    return true;
  };
  const floorsReachable = (d: number): boolean => {
    for (let k = 0; k < K; k++) if (spent[k]! + reach[d * K + k]! < floorOf[k]!) return false;
    return true;
  };

  const choice = new Int32Array(S).fill(UNDECIDED);
  const gate = st.unitGate;
  const hasUnits = gate.some((j) => j >= 0);
  /**
   * Unit precedence of candidate position i (FundingState.unitReady) under the decisions so far: READY,
   * BLOCKED, or PENDING on a set not decided yet (read as "none" when `final`).
   */
  const ready = (i: number, final: boolean): number => {
    for (let j = gate[i]!; j >= 0; j = gate[j]!) {
      if (st.funded[j] === 1) return READY;
      const d = setOfItem[j]!;
      if (d < 0) {
        if (st.excludedBy(entries[j]!) >= 0) continue; // an alternative funded before the search excludes it
        return BLOCKED; // never funded
      }
      const c = choice[d]!;
      if (c === UNDECIDED && !final) return PENDING;
      if (c < 0) return BLOCKED;
      const o = sets[d]!.options[c]!;
      if (o.group === entries[j]!.group) return o.items.length > prefixIndex[j]! ? READY : BLOCKED;
      // another package of its alternatives group is funded: it stands aside, its own predecessors count
    }
    return READY;
  };
  // items whose precedence waits on sets not decided yet (only when alternatives groups make the order cyclic)
  const pending: number[] = [];
  /** with choice[d] just set: the option's items and the pending ones are not blocked; adds new pending ones */
  const precedenceHolds = (d: number): boolean => {
    const mark = pending.length;
    for (let k = 0; k < mark; k++) if (ready(pending[k]!, false) === BLOCKED) return false;
    const c = choice[d]!;
    if (c >= 0) {
      for (const i of sets[d]!.options[c]!.items) {
        const r = ready(i, false);
        if (r === BLOCKED) {
          pending.length = mark;
          return false;
        }
        if (r === PENDING) pending.push(i);
      }
    }
    return true;
  };
  const pendingResolved = (): boolean => {
    for (const i of pending) if (ready(i, true) !== READY) return false;
    return true;
  };

  let best = -Infinity;
  let bestChoice = new Int32Array(S).fill(-1);
  // warm start: in set order, the most valuable option that fits (kept only when it meets the floors)
  {
    let cap = st.remaining;
    let val = 0;
    const taken: Option[] = [];
    sets.forEach((s, d) => {
      const k = s.options.findIndex((o, k) => {
        if (o.cost > cap || !fitsCaps(o)) return false;
        if (!hasUnits) return true;
        choice[d] = k;
        const ok = o.items.every((i) => ready(i, false) === READY);
        choice[d] = UNDECIDED;
        return ok;
      });
      choice[d] = k;
      if (k >= 0) {
        cap -= s.options[k]!.cost;
        val += s.options[k]!.value;
        take(s.options[k]!, 1);
        taken.push(s.options[k]!);
      }
    });
    if (floorsMet()) {
      best = val;
      bestChoice = choice.slice();
    }
    for (const o of taken) take(o, -1);
    choice.fill(UNDECIDED);
  }

  let nodes = 0;
  let aborted = false;
  let openBound = 0;
  const tolerance = (v: number): number => v + Math.abs(v) * 1e-12;
  const dfs = (d: number, cap: number, val: number): void => {
    nodes++;
    if (val > best && floorsMet() && (pending.length === 0 || pendingResolved())) {
      best = val;
      bestChoice = choice.slice();
      for (let k = d; k < S; k++) bestChoice[k] = -1;
    }
    if (d === S || !floorsReachable(d)) return;
    const b = val + bound(d, cap);
    if (b <= tolerance(best)) return;
    if (nodes >= nodeLimit) {
      aborted = true;
      openBound = Math.max(openBound, b);
      return;
    }
    const options = sets[d]!.options;
    for (let k = 0; k <= options.length; k++) {
      const o = k < options.length ? options[k]! : null;
      if (o !== null && (o.cost > cap || !fitsCaps(o))) continue;
      choice[d] = o === null ? -1 : k;
      const mark = pending.length;
      if (hasUnits && !precedenceHolds(d)) continue;
      if (o !== null) take(o, 1);
      const steps = chainSteps[d]!;
      for (let s = 0; s < steps.length; s += 2) chainAt[steps[s]!] = steps[s + 1]! + 1;
      dfs(d + 1, o === null ? cap : cap - o.cost, o === null ? val : val + o.value);
      for (let s = 0; s < steps.length; s += 2) chainAt[steps[s]!] = steps[s + 1]!;
      if (o !== null) take(o, -1);
      pending.length = mark;
      if (aborted) {
        for (let r = k + 1; r <= options.length; r++) {
          const q = r < options.length ? options[r]! : null;
          if (q !== null && (q.cost > cap || !fitsCaps(q))) continue;
          choice[d] = q === null ? -1 : r;
          const steps = chainSteps[d]!;
          for (let s = 0; s < steps.length; s += 2) chainAt[steps[s]!] = steps[s + 1]! + 1;
          openBound = Math.max(openBound, q === null ? val + bound(d + 1, cap) : val + q.value + bound(d + 1, cap - q.cost));
          for (let s = 0; s < steps.length; s += 2) chainAt[steps[s]!] = steps[s + 1]!;
        }
        break;
      }
    }
    choice[d] = UNDECIDED;
  };
  dfs(0, st.remaining, 0);
  if (best === -Infinity) {
    // no allocation meets the floors (within the search); without floors "nothing more" always qualifies
    if (dryIfInfeasible) return null;
    best = 0;
  }

  for (let d = 0; d < S; d++) {
    const k = bestChoice[d]!;
    if (k < 0) continue;
    for (const i of sets[d]!.options[k]!.items) st.fund(i, 'withinQuota');
  }
  const value = forcedValue + best;
  const upper = forcedValue + (aborted ? Math.max(best, openBound) : best);
  return {
    objective: 'scoreWeightedFen',
    value,
    bound: upper,
    gap: upper > 0 ? (upper - value) / upper : 0,
    proven: !aborted,
    nodes,
  };
}

/**
 * The choice sets (given best ratio first) reordered so that, as far as possible, a set comes after every
 * set holding an item above one of its items in a decision unit's order: then a set's options are checked
 * against decided sets only. Among the sets free to come next, the best ratio first. Alternatives groups
 * can join packages of different units into one set and so make the order cyclic; a cycle is broken at the
 * best-ratio set left, and the search checks what waits on undecided sets (`pending`).
 */
function unitOrdered(sorted: ChoiceSet[], entries: readonly AllocationEntry[], st: FundingState): ChoiceSet[] {
  const gate = st.unitGate;
  if (!gate.some((j) => j >= 0)) return sorted;
  const S = sorted.length;
  const setAt = new Map<number, number>();
  sorted.forEach((s, d) => {
    for (const i of s.positions) setAt.set(i, d);
  });
  const after: number[][] = sorted.map(() => []);
  const indegree = new Int32Array(S);
  // a set of one package outside any alternatives group ("solid"): the optimizer's unit chains run through these
  const solid = sorted.map((s) => s.positions.every((i) => (entries[i]!.alternative ?? -1) < 0));
  const solidIn = new Int32Array(S); // unplaced solid sets it must follow
  sorted.forEach((s, t) => {
    const from = new Set<number>();
    for (const i of s.positions) {
      for (let j = gate[i]!; j >= 0; j = gate[j]!) {
        if (st.funded[j] === 1) break;
        const d = setAt.get(j);
        if (d !== undefined && d !== t) from.add(d);
        // only an item an alternative may exclude lets the walk go on
        if ((entries[j]!.alternative ?? -1) < 0) break;
      }
    }
    for (const d of from) {
      after[d]!.push(t);
      indegree[t]!++;
      if (solid[d]) solidIn[t]!++;
    }
  });
  // Kahn's algorithm, best ratio (lowest index) first among the free sets. A cycle (through alternatives
  // groups) is broken at the lowest-index set that follows no unplaced solid set, so every solid set still
  // comes after the solid sets above it (the solid sets' links alone are acyclic: a unit's order is).
  const placed = new Uint8Array(S);
  const out: ChoiceSet[] = [];
  const free = new IndexHeap(S);
  for (let d = 0; d < S; d++) if (indegree[d] === 0) free.push(d, d);
  while (out.length < S) {
    let d = free.pop();
    if (d < 0) {
      d = 0;
      while (placed[d] === 1 || solidIn[d]! > 0) d++;
    }
    if (placed[d] === 1) continue;
    placed[d] = 1;
    out.push(sorted[d]!);
    for (const t of after[d]!) {
      if (solid[d]) solidIn[t]!--;
      if (--indegree[t]! === 0 && placed[t] === 0) free.push(t, t);
    }
  }
  return out;
}
