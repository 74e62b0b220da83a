import { isCut, isForced, type FundingState } from './funding-state';
import type { OptimizerReport } from './model';

export const DEFAULT_OPTIMIZER_NODE_LIMIT = 200_000;

/** One way to fund a choice set: a package's levels up to some level (a prefix), with its cost and value. */
interface Option {
  cost: number;
  value: number;
  /** positions to fund, lowest level first */
  items: number[];
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
 */
export function optimizeRest(st: FundingState, nodeLimit = DEFAULT_OPTIMIZER_NODE_LIMIT): OptimizerReport {
  const entries = st.entries;
  let forcedValue = 0;
  const byGroup = new Map<number, number[]>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (st.funded[i] === 1) forcedValue += e.value ?? e.costFen;
    if (isForced(e) || isCut(e) || st.excludedBy(e) >= 0) continue;
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
    for (let k = 0; k < positions.length; k++) {
      const e = entries[positions[k]!]!;
      if (e.ordinal !== k) break; // a level whose lower level is not here can never be funded
      cost += e.costFen;
      value += e.value ?? e.costFen;
      options.push({ cost, value, items: positions.slice(0, k + 1) });
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

  const choice = new Int32Array(S).fill(-1);
  let best = -1;
  let bestChoice = new Int32Array(S).fill(-1);
  // warm start: in set order, the most valuable option that fits
  {
    let cap = st.remaining;
    let val = 0;
    sets.forEach((s, d) => {
      const k = s.options.findIndex((o) => o.cost <= cap);
      if (k >= 0) {
        choice[d] = k;
        cap -= s.options[k]!.cost;
        val += s.options[k]!.value;
      }
    });
    best = val;
    bestChoice = choice.slice();
    choice.fill(-1);
  }

  let nodes = 0;
  let aborted = false;
  let openBound = 0;
  const tolerance = (v: number): number => v + Math.abs(v) * 1e-12;
  const dfs = (d: number, cap: number, val: number): void => {
    nodes++;
    if (val > best) {
      best = val;
      bestChoice = choice.slice();
      for (let k = d; k < S; k++) bestChoice[k] = -1;
    }
    if (d === S) return;
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
      if (o !== null && o.cost > cap) continue;
      choice[d] = o === null ? -1 : k;
      dfs(d + 1, o === null ? cap : cap - o.cost, o === null ? val : val + o.value);
      if (aborted) {
        for (let r = k + 1; r <= options.length; r++) {
          const q = r < options.length ? options[r]! : null;
          if (q !== null && q.cost > cap) continue;
          openBound = Math.max(openBound, q === null ? val + bound(d + 1, cap) : val + q.value + bound(d + 1, cap - q.cost));
        }
        break;
      }
    }
    choice[d] = -1;
  };
  dfs(0, st.remaining, 0);

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
