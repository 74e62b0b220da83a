import { BASIS_POINTS_PER_UNIT, percentOf, type Fen } from '../money';
import type { DepartmentBook } from './department-limits';
import { FundingState, fundFloors, isCut, isForced, type AllocationEntry } from './funding-state';
import type { AllocationMode, FundingReason, OptimizerReport } from './model';
import { optimizeRest } from './optimizer';

export type { AllocationEntry } from './funding-state';

export const DEFAULT_RESERVE_BASIS_POINTS = 1_000;

/** The money that may be allocated: quota less the risk reserve (reserve rounded to the fen). */
export function availableAfterReserve(quotaFen: Fen, reserveBasisPoints = DEFAULT_RESERVE_BASIS_POINTS): { reserveFen: Fen; availableFen: Fen } {
  const reserveFen = reserveOf(quotaFen, reserveBasisPoints);
  return { reserveFen, availableFen: quotaFen - reserveFen };
}

/** The risk reserve of a quota, rounded to the fen. */
export function reserveOf(quotaFen: Fen, reserveBasisPoints: number): Fen {
  return percentOf(quotaFen, Math.min(reserveBasisPoints, BASIS_POINTS_PER_UNIT));
}

export interface AllocationOutcome {
  /** per position in the ranking */
  funded: Uint8Array;
  reasons: FundingReason[];
  allocatedFen: Fen;
  remainderFen: Fen;
  /** position of the last funded item before the first unfunded one; -1 if none */
  cutoffPosition: number;
  /** funded money at positions ≤ cutoffPosition */
  cutoffAmountFen: Fen;
  /** position of the first item (forced ones aside) that is not funded for want of money; -1 if none */
  firstUnfundedPosition: number;
  shortfallFen: Fen;
  optimizer?: OptimizerReport;
}

/**
 * Flows the available money down the ranking.
 *
 * 0. Items cut by an override decision are never funded; the money flows on past them.
 * 1. Mandated items are funded first, then pinned ones, each in ranking order if it fits in what is left
 *    (and its lower levels are funded); one that does not fit is reported, not forced.
 * 2. The other items:
 *    - `strict`: funded in ranking order while they fit; the first that does not fit is the cutoff line
 *      and nothing below it is funded;
 *    - `skipAndContinue`: an item that does not fit is skipped and smaller items further down are
 *      still funded while money remains;
 *    - `optimal`: the subset that maximizes Σ value (score × cost) under the same rules (see optimizer.ts).
 *    An increment whose lower level is unfunded is never funded, and at most one package of an
 *    alternatives group is funded (the first to be funded excludes the others).
 *    Consolidation (entries with `unitAbove`): an item is funded only when every item above it in its
 *    decision unit's order is funded (FundingState.unitReady: mandated, pinned and cut items are passed
 *    over, and an item an alternative excludes stands aside), in every mode and in the floor pass; the
 *    forced passes ignore unit order (a mandate or a pin is decided outside the ranking).
 * With department limits (`book`): no item that would take a department over its cap is funded
 * (mandated ones aside), and in the greedy modes a floor pass after the forced ones funds, down the
 * ranking, the items of departments still below their floor; the optimal mode meets every floor
 * within its search when it can (see optimizer.ts).
 * The allocated total never exceeds the available amount. No item is funded in part.
 */
export function allocate(entries: readonly AllocationEntry[], availableFen: Fen, mode: AllocationMode, nodeLimit?: number, book?: DepartmentBook): AllocationOutcome {
  const n = entries.length;
  const st = new FundingState(entries, availableFen, book);
  st.fundForced();
  let optimizer: OptimizerReport | undefined;
  if (mode === 'optimal') optimizer = optimizeRest(st, nodeLimit);
  else fundFloors(st);

  let firstUnfunded = -1;
  let shortfall = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (isForced(e) || isCut(e) || st.funded[i] === 1) continue;
    if (mode === 'optimal') {
      const reason: FundingReason =
        st.excludedBy(e) >= 0
          ? 'alternativeFunded'
          : !st.levelReady(e)
            ? 'lowerLevelUnfunded'
            : !st.unitReady(i)
              ? 'unitAboveUnfunded'
              : st.capExceededBy(e) >= 0
                ? 'departmentCap'
                : 'notChosen';
      st.reasons[i] = reason;
      if (firstUnfunded < 0 && reason !== 'alternativeFunded' && reason !== 'departmentCap') {
        firstUnfunded = i;
        shortfall = Math.max(0, e.costFen - st.remaining);
      }
    } else if (firstUnfunded >= 0 && mode === 'strict') {
      st.reasons[i] = 'belowCutoff';
    } else if (st.excludedBy(e) >= 0) {
      st.reasons[i] = 'alternativeFunded';
    } else if (!st.levelReady(e)) {
      st.reasons[i] = 'lowerLevelUnfunded';
    } else if (!st.unitReady(i)) {
      st.reasons[i] = 'unitAboveUnfunded';
    } else if (st.capExceededBy(e) >= 0) {
      st.reasons[i] = 'departmentCap';
    } else if (e.costFen <= st.remaining) {
      st.fund(i, 'withinQuota');
    } else {
      st.reasons[i] = 'doesNotFit';
      if (firstUnfunded < 0) {
        firstUnfunded = i;
        shortfall = e.costFen - st.remaining;
      }
    }
  }

  let cutoffPosition = -1;
  let cutoffAmount = 0;
  const limit = firstUnfunded >= 0 ? firstUnfunded : n;
  for (let i = 0; i < limit; i++) {
    if (st.funded[i] === 1) {
      cutoffPosition = i;
      cutoffAmount += entries[i]!.costFen;
    }
  }
  const outcome: AllocationOutcome = {
    funded: st.funded,
    reasons: st.reasons,
    allocatedFen: availableFen - st.remaining,
    remainderFen: st.remaining,
    cutoffPosition,
    cutoffAmountFen: cutoffAmount,
    firstUnfundedPosition: firstUnfunded,
    shortfallFen: shortfall,
  };
  if (optimizer !== undefined) outcome.optimizer = optimizer;
  return outcome;
}
