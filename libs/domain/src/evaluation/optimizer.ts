import { fundFloors, isCut, isForced, type FundingState } from './funding-state';
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
}

/** A choice set: a package on its own, or an alternatives group; at most one option is taken. */
interface ChoiceSet {
  options: Option[];
  bestRatio: number;
}

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
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (st.funded[i] === 1) forcedValue += e.value ?? e.costFen;
    if (isForced(e) || isCut(e) || st.funded[i] === 1 || st.excludedBy(e) >= 0) continue;
    let list = byGroup.get(e.group);
    if (list === undefined) byGroup.set(e.group, (list = []));
    list.push(i);
  }
  const setOf = new Map<string, Option[]>();
  for (const [group, positions] of byGroup) {
    positions.sort((a, b) => entries[a]!.ordinal - entries[b]!.ordinal);
    const alt = entries[positions[0]!]!.alternative ?? -1;
    const key = alt >= 0 ? `a${alt}` : `g${group}`;
    let options = setOf.get(key);
    if (options === undefined) setOf.set(key, (options = []));
    let cost = 0;
    let value = 0;
    const from = st.fundedLevelOf(group);
    for (let k = 0; k < positions.length; k++) {
      const e = entries[positions[k]!]!;
      if (e.ordinal !== from + k) break; // a level whose lower level is not here can never be funded
      cost += e.costFen;
      value += e.value ?? e.costFen;
      const dept = book === undefined ? [] : book.delta(group, cost);
      // an option that alone takes a department over its cap can never be taken
      if (dept.some(([d, fen]) => book!.funded[d]! + fen > book!.cap[d]!)) break;
      options.push({ cost, value, items: positions.slice(0, k + 1), dept });
    }
  }
  const sets: ChoiceSet[] = [];
  for (const options of setOf.values()) {
    if (options.length === 0) continue;
    options.sort((a, b) => b.value - a.value || a.cost - b.cost);
    let bestRatio = -Infinity;
    for (const o of options) {
      for (let k = 0; k < o.items.length; k++) {
        const e = entries[o.items[k]!]!;
        bestRatio = Math.max(bestRatio, ratioOf(e.value ?? e.costFen, e.costFen));
      }
    }
    sets.push({ options, bestRatio });
  }
  sets.sort((a, b) => b.bestRatio - a.bestRatio);
  const S = sets.length;

  // every item of every set, best ratio first, for the fractional bound
  const flatSet: number[] = [];
  const flatCost: number[] = [];
  const flatValue: number[] = [];
  {
    const all: { set: number; cost: number; value: number; ratio: number }[] = [];
    sets.forEach((s, d) => {
      // the items of all options of the set (options of one package share their lower levels)
      const seen = new Set<number>();
      for (const o of s.options) for (const i of o.items) seen.add(i);
      for (const i of seen) {
        const e = entries[i]!;
        const value = e.value ?? e.costFen;
        all.push({ set: d, cost: e.costFen, value, ratio: ratioOf(value, e.costFen) });
      }
    });
    all.sort((a, b) => b.ratio - a.ratio || a.cost - b.cost);
    for (const x of all) {
      flatSet.push(x.set);
      flatCost.push(x.cost);
      flatValue.push(x.value);
    }
  }
  const bound = (d: number, cap: number): number => {
    let sum = 0;
    for (let k = 0; k < flatSet.length; k++) {
      if (flatSet[k]! < d) continue;
      const c = flatCost[k]!;
      if (c <= cap) {
        sum += flatValue[k]!;
        cap -= c;
      } else {
        sum += (flatValue[k]! * cap) / c;
        break;
      }
    }
    return sum;
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

  const choice = new Int32Array(S).fill(-1);
  let best = -Infinity;
  let bestChoice = new Int32Array(S).fill(-1);
  // warm start: in set order, the most valuable option that fits (kept only when it meets the floors)
  {
    let cap = st.remaining;
    let val = 0;
    const taken: Option[] = [];
    sets.forEach((s, d) => {
      const k = s.options.findIndex((o) => o.cost <= cap && fitsCaps(o));
      if (k >= 0) {
        choice[d] = k;
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
    choice.fill(-1);
  }

  let nodes = 0;
  let aborted = false;
  let openBound = 0;
  const tolerance = (v: number): number => v + Math.abs(v) * 1e-12;
  const dfs = (d: number, cap: number, val: number): void => {
    nodes++;
    if (val > best && floorsMet()) {
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
      if (o !== null) take(o, 1);
      dfs(d + 1, o === null ? cap : cap - o.cost, o === null ? val : val + o.value);
      if (o !== null) take(o, -1);
      if (aborted) {
        for (let r = k + 1; r <= options.length; r++) {
          const q = r < options.length ? options[r]! : null;
          if (q !== null && (q.cost > cap || !fitsCaps(q))) continue;
          openBound = Math.max(openBound, q === null ? val + bound(d + 1, cap) : val + q.value + bound(d + 1, cap - q.cost));
        }
        break;
      }
    }
    choice[d] = -1;
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
