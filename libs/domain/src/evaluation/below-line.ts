import type { Fen } from '../money';
import { reserveOf } from './allocation';
import { FundingState, isCut, isForced, type AllocationEntry } from './funding-state';
import type { AllocationOutcome } from './allocation';
import type { DepartmentBook } from './department-limits';
import type { BelowLineExplanation } from './model';

export interface BelowLineContext {
  entries: readonly AllocationEntry[];
  outcome: AllocationOutcome;
  availableFen: Fen;
  quotaFen: Fen;
  reserveBasisPoints: number;
  /** item score (points) and id at a ranking position */
  scoreAt: (pos: number) => number;
  idAt: (pos: number) => string;
  /** an empty book of the department floors and caps, when set */
  book?: DepartmentBook;
  /** the department whose cap stopped the item at a position (reason departmentCap), else null */
  capAt?: (pos: number) => { departmentId: string; capFen: Fen } | null;
}

/**
 * The smallest quota whose available amount (quota − reserve) is at least `neededFen`; null when no
 * quota gives it (a 100 % reserve, or a quota beyond safe integers). Available grows by 0 or 1 fen per fen of quota, so this is exact.
 */
export function quotaForAvailable(neededFen: Fen, reserveBasisPoints: number): Fen | null {
  if (neededFen <= 0) return 0;
  if (reserveBasisPoints >= 10_000) return null;
  // beyond safe integers no quota can be stated to the fen
  if (neededFen / (1 - reserveBasisPoints / 10_000) > Number.MAX_SAFE_INTEGER / 4) return null;
  // availableAfterReserve(q).availableFen, without an object per step
  const available = (q: number): number => q - reserveOf(q, reserveBasisPoints);
  // available(q) is within a fen of q × (1 − reserve): start just below the answer and step up
  let lo = Math.max(0, Math.floor((neededFen - 1) / (1 - reserveBasisPoints / 10_000)) - 2);
  if (available(lo) >= neededFen) lo = 0;
  for (let step = 0; step < 64; step++, lo++) if (available(lo) >= neededFen) return lo;
  let hi = Math.ceil(neededFen / (1 - reserveBasisPoints / 10_000)) + 2;
  while (available(hi) < neededFen) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (available(mid) >= neededFen) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Why each unfunded item of a greedy allocation is below the line, by position.
 *
 * "Needs +Y": with unlimited money every item would be funded in turn (mandated, then pinned, then
 * the rest in ranking order), except those an alternative excludes. An item's turn then comes after
 * `before` fen have been spent; with exactly `before + cost` available every item before it fits in
 * turn, so it is funded in both greedy modes, and with one fen less the same items come first and it
 * misses by one fen. Y = before + cost − available (and the quota that yields it, reserve included).
 * In skip-and-continue mode a smaller amount may also fund it (a big item above it can stop fitting);
 * Y is the amount that funds it with everything ranked above it.
 *
 * Consolidation: the walk keeps unit precedence (FundingState.unitReady); an item whose unit's item above
 * it is never funded in that walk (a cap stops it) gets no amount.
 *
 * With department floors and caps the same walk is made with them (the floor pass's items take their
 * turn after the pinned ones); an item a cap stops is explained by that cap, and Y is then the amount
 * that funds it when the floor pass takes what it takes with unlimited money (exact without floors).
 */
export function belowLineExplanations(ctx: BelowLineContext): Map<number, BelowLineExplanation> {
  const { entries, outcome } = ctx;
  const n = entries.length;
  const unlimited = new FundingState(entries, Number.MAX_SAFE_INTEGER, ctx.book);
  const before = new Float64Array(n);
  const excludedBy = new Int32Array(n).fill(-1);
  // consolidation: an item above it in its unit can never be funded (a cap stops it), so neither can it
  const unitBlocked = new Uint8Array(n);
  let spent = 0;
  const turn = (i: number, ignoreCaps = false): void => {
    const e = entries[i]!;
    if (unlimited.funded[i] === 1) return;
    before[i] = spent;
    const g = unlimited.excludedBy(e);
    if (g >= 0) excludedBy[i] = g;
    else if (!isForced(e) && !unlimited.unitReady(i)) unitBlocked[i] = 1;
    else if (unlimited.levelReady(e) && (ignoreCaps || unlimited.capExceededBy(e) < 0)) {
      unlimited.fund(i, 'withinQuota');
      spent += e.costFen;
    }
  };
  // a cut (override) is never funded: it takes no turn (isForced is false for it)
  for (let i = 0; i < n; i++) if (isForced(entries[i]!) && entries[i]!.mandated === true) turn(i, true);
  for (let i = 0; i < n; i++) if (isForced(entries[i]!) && entries[i]!.mandated !== true) turn(i);
  if (ctx.book?.hasFloors === true) {
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      if (isForced(e) || isCut(e) || unlimited.funded[i] === 1 || !unlimited.book!.needsFloor(e.group)) continue;
      if (unlimited.excludedBy(e) < 0 && unlimited.levelReady(e) && unlimited.unitReady(i) && unlimited.capExceededBy(e) < 0) turn(i);
    }
  }
  for (let i = 0; i < n; i++) if (!isForced(entries[i]!) && !isCut(entries[i]!)) turn(i);
  // the first funded position of each alternative group, to name the alternative that excludes an item
  const actualAlternative = new Map<number, number>();
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (e.group >= groups) groups = e.group + 1;
    if (outcome.funded[i] !== 1) continue;
    if (e.alternative !== undefined && e.alternative >= 0 && !actualAlternative.has(e.alternative)) actualAlternative.set(e.alternative, i);
  }
  // the first position of each package (group) funded with unlimited money
  const unlimitedPositionOfGroup = new Int32Array(groups).fill(-1);
  for (let i = 0; i < n; i++) if (unlimited.funded[i] === 1 && unlimitedPositionOfGroup[entries[i]!.group] === -1) unlimitedPositionOfGroup[entries[i]!.group] = i;

  const out = new Map<number, BelowLineExplanation>();
  let lastFlow = -1;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (outcome.funded[i] === 1) {
      if (outcome.reasons[i] === 'withinQuota') lastFlow = i;
      continue;
    }
    if (isCut(e)) continue; // no amount of money funds it: the override says why
    const explanation: BelowLineExplanation = { extraAvailableFen: null, extraQuotaFen: null, beat: null };
    const cap = outcome.reasons[i] === 'departmentCap' ? (ctx.capAt?.(i) ?? null) : null;
    if (cap !== null) {
      explanation.departmentCap = cap;
    } else if (outcome.reasons[i] === 'alternativeFunded' && e.alternative !== undefined && actualAlternative.has(e.alternative)) {
      explanation.alternative = { itemId: ctx.idAt(actualAlternative.get(e.alternative)!), funded: true };
    } else if (excludedBy[i] >= 0) {
      const at = unlimitedPositionOfGroup[excludedBy[i]!]!;
      explanation.alternative = { itemId: ctx.idAt(at), funded: outcome.funded[at] === 1 };
    } else if (unitBlocked[i] === 1) {
      // no amount of money funds it: the item above it in its unit never is (the caller names it)
    } else {
      const needed = before[i]! + e.costFen;
      explanation.extraAvailableFen = needed - ctx.availableFen;
      const quota = quotaForAvailable(needed, ctx.reserveBasisPoints);
      explanation.extraQuotaFen = quota === null ? null : Math.max(0, quota - ctx.quotaFen);
    }
    if (lastFlow >= 0 && explanation.alternative === undefined) {
      const score = ctx.scoreAt(lastFlow);
      explanation.beat = {
        itemId: ctx.idAt(lastFlow),
        score,
        byPoints: Math.round((score - ctx.scoreAt(i)) * 1e4) / 1e4,
        fitsInItsPlace: e.costFen <= entries[lastFlow]!.costFen + outcome.remainderFen,
      };
    }
    out.set(i, explanation);
  }
  return out;
}
