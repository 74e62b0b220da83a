import type { TieBreakReason } from './model';

/**
 * Everything the ranking order depends on, one typed array per key, indexed by item.
 * Scores are integer keys (see scoreKey) so that equal-looking scores are equal.
 */
export interface RankKeys {
  length: number;
  /** score key, higher first */
  score: Float64Array;
  /** cost-effectiveness criterion key, higher first; -Infinity when not scored */
  costEffectiveness: Float64Array;
  /** item cost in fen, lower first */
  cost: Float64Array;
  /** submission time in ms, earlier first; +Infinity when not submitted */
  submitted: Float64Array;
  /** position of the package id in code-unit order, lower first */
  idOrder: Int32Array;
  /** level ordinal within the package (0 for whole packages), lower first */
  ordinal: Int32Array;
  packageIndex: Int32Array;
}

/**
 * Ranking order: higher score; then the deterministic tie-breaks in this order: higher
 * cost-effectiveness criterion score, lower cost, earlier submission, package id (code-unit order,
 * locale independent), and finally the level of effort within one package.
 */
export function compareItems(k: RankKeys, a: number, b: number): number {
  // ±Infinity − ±Infinity is NaN, which is falsy: equal infinite keys fall through to the next key
  return (
    k.score[b]! - k.score[a]! ||
    k.costEffectiveness[b]! - k.costEffectiveness[a]! ||
    k.cost[a]! - k.cost[b]! ||
    k.submitted[a]! - k.submitted[b]! ||
    k.idOrder[a]! - k.idOrder[b]! ||
    k.ordinal[a]! - k.ordinal[b]!
  );
}

/** The first key after the score that separates two items (call only when their scores are equal). */
export function tieBreakReason(k: RankKeys, a: number, b: number): TieBreakReason {
  // -Infinity − -Infinity is NaN, which is not 0: compare with !== instead of subtracting
  if (k.costEffectiveness[a] !== k.costEffectiveness[b]) return 'costEffectiveness';
  if (k.cost[a] !== k.cost[b]) return 'lowerCost';
  if (k.submitted[a] !== k.submitted[b]) return 'earlierSubmission';
  if (k.idOrder[a] !== k.idOrder[b]) return 'id';
  return 'levelPrecedence';
}

/** Sorts item indexes into ranking order. */
export function sortByRank(k: RankKeys): Int32Array {
  const order = new Int32Array(k.length);
  for (let i = 0; i < k.length; i++) order[i] = i;
  return order.sort((a, b) => compareItems(k, a, b));
}

/**
 * Why the item at `pos` of a final order sits where it does relative to a neighbour with the same
 * score: the one above it, or else the one below. 'levelPrecedence' when the neighbour is another
 * level of the same package or when precedence moved the item down; 'unitOrder' when its unit's order
 * held it down (`unitHeld`, consolidation). -1 / null when it is not tied.
 */
export function tieBreakAt(rk: RankKeys, order: Int32Array, pos: number, unitHeld?: Int32Array): { reason: TieBreakReason | null; against: number } {
  const cur = order[pos]!;
  if (pos > 0 && rk.score[order[pos - 1]!] === rk.score[cur]) {
    const prev = order[pos - 1]!;
    return { reason: tieBetween(rk, prev, cur, unitHeld), against: prev };
  }
  if (pos + 1 < order.length && rk.score[order[pos + 1]!] === rk.score[cur]) {
    const next = order[pos + 1]!;
    return { reason: tieBetween(rk, cur, next, unitHeld), against: next };
  }
  return NOT_TIED;
}

const NOT_TIED: { reason: TieBreakReason | null; against: number } = Object.freeze({ reason: null, against: -1 });

/** Why `first` sits just above `second`, an item with the same score (see tieBreakAt). */
function tieBetween(rk: RankKeys, first: number, second: number, unitHeld: Int32Array | undefined): TieBreakReason {
  if (rk.packageIndex[first] === rk.packageIndex[second]) return 'levelPrecedence';
  if (compareItems(rk, first, second) > 0) return unitHeld !== undefined && unitHeld[second]! >= 0 ? 'unitOrder' : 'levelPrecedence';
  return tieBreakReason(rk, first, second);
}
