import type { EffortLevel } from '../types';
import { SCORE_SCALE } from './scoring';

export const DEFAULT_INCREMENT_DECAY = 10;

/**
 * Levels of effort ranked as separate items:
 *
 * - A package's levels are taken in the order minimum → current → enhanced (whichever exist);
 *   the ordinal is the position among the levels present (0 for the lowest).
 * - Score: increment score = package score − ordinal × decay, floored at 0 (decay in points,
 *   default 10). The minimum level carries the package's merit; each further level is worth a bit
 *   less, so an enhanced level of a strong package competes with the minimum of a weaker one.
 * - Precedence: a level never ranks above a lower level of the same package. With decay > 0 the
 *   scores already guarantee that, but with decay 0 (or at the floor) the tie-breaks could put a
 *   cheaper enhanced level first; enforceLevelPrecedence then moves it to just after its lower level.
 */
export function incrementScoreKey(packageKey: number, ordinal: number, decay: number): number {
  return Math.max(0, packageKey - ordinal * Math.round(decay * SCORE_SCALE));
}

/**
 * Makes an order respect level precedence with the least disturbance (a priority topological sort):
 * each level takes the later of its own position and its lower level's position, and items that land
 * on the same position keep level order. Equivalent to repeatedly taking the best-ranked item whose
 * lower levels are all placed.
 *
 * Contract: the items of one package are consecutive indexes in ascending ordinal.
 * Returns the new order and, per item, 1 when it was moved down behind its lower level.
 */
export function enforceLevelPrecedence(
  order: Int32Array,
  ordinal: Int32Array,
): { order: Int32Array; adjusted: Uint8Array } {
  const n = order.length;
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) pos[order[i]!] = i;
  const eff = new Int32Array(n);
  const adjusted = new Uint8Array(n);
  let any = false;
  for (let item = 0; item < n; item++) {
    eff[item] = pos[item]!;
    if (ordinal[item]! > 0 && eff[item - 1]! > eff[item]!) {
      eff[item] = eff[item - 1]!;
      adjusted[item] = 1;
      any = true;
    }
  }
  if (!any) return { order, adjusted };
  // bucket by effective position; within a bucket (one package) items arrive in ascending ordinal
  const head = new Int32Array(n).fill(-1);
  const tail = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  for (let item = 0; item < n; item++) {
    const e = eff[item]!;
    if (head[e] === -1) head[e] = item;
    else next[tail[e]!] = item;
    tail[e] = item;
  }
  const out = new Int32Array(n);
  let w = 0;
  for (let e = 0; e < n; e++) for (let item = head[e]!; item !== -1; item = next[item]!) out[w++] = item;
  return { order: out, adjusted };
}

/** Item id: the package id for a whole package, `packageId#level` for an increment. */
export function rankingItemId(packageId: string, level: EffortLevel | undefined): string {
  return level === undefined ? packageId : `${packageId}#${level}`;
}

/** The things being ranked, one typed array per field, indexed by item. */
export interface RankingItems {
  length: number;
  packageIndex: Int32Array;
  /** position among the package's levels (0 for whole packages) */
  ordinal: Int32Array;
  level: (EffortLevel | undefined)[];
  costFen: number[];
}

/**
 * Whole packages, or with increments one item per level of effort (a package without levels stays
 * whole). Items of one package are consecutive, in level order (enforceLevelPrecedence relies on it).
 */
export function buildItems(
  levels: readonly (readonly { level: EffortLevel; costFen: number }[])[],
  packageCost: readonly number[],
  useIncrements: boolean,
): RankingItems {
  const packageIndex: number[] = [];
  const ordinal: number[] = [];
  const level: (EffortLevel | undefined)[] = [];
  const costFen: number[] = [];
  for (let p = 0; p < packageCost.length; p++) {
    const lv = levels[p]!;
    if (useIncrements && lv.length > 0) {
      lv.forEach((l, o) => {
        packageIndex.push(p);
        ordinal.push(o);
        level.push(l.level);
        costFen.push(l.costFen);
      });
    } else {
      packageIndex.push(p);
      ordinal.push(0);
      level.push(undefined);
      costFen.push(packageCost[p]!);
    }
  }
  return { length: costFen.length, packageIndex: Int32Array.from(packageIndex), ordinal: Int32Array.from(ordinal), level, costFen };
}
