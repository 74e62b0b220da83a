import { BASIS_POINTS_PER_UNIT, percentOf, type Fen } from '../money';
import type { AllocationMode, FundingReason } from './model';

export const DEFAULT_RESERVE_BASIS_POINTS = 1_000;

/** The money that may be allocated: quota less the risk reserve (reserve rounded to the fen). */
export function availableAfterReserve(quotaFen: Fen, reserveBasisPoints = DEFAULT_RESERVE_BASIS_POINTS): { reserveFen: Fen; availableFen: Fen } {
  const reserveFen = percentOf(quotaFen, Math.min(reserveBasisPoints, BASIS_POINTS_PER_UNIT));
  return { reserveFen, availableFen: quotaFen - reserveFen };
}

/** The items in ranking order, as the allocation sees them. */
export interface AllocationEntry {
  costFen: Fen;
  pinned: boolean;
  /** items of one package share a group */
  group: number;
  /** level ordinal within the group (0 for whole packages); a level is fundable only after the lower ones */
  ordinal: number;
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
  /** position of the first item (pinned aside) that did not fit; -1 if none */
  firstUnfundedPosition: number;
  shortfallFen: Fen;
}

/**
 * Flows the available money down the ranking.
 *
 * 1. Pinned items are funded first, in ranking order, each if it fits in what is left (and its lower
 *    levels are funded); a pinned item that does not fit is reported, not forced.
 * 2. The other items in ranking order:
 *    - `strict`: funded while they fit; the first that does not fit is the cutoff line and nothing
 *      below it is funded;
 *    - `skipAndContinue`: an item that does not fit is skipped and smaller items further down are
 *      still funded while money remains.
 *    An increment whose lower level is unfunded is never funded.
 * The allocated total never exceeds the available amount. No item is funded in part.
 */
export function allocate(entries: readonly AllocationEntry[], availableFen: Fen, mode: AllocationMode): AllocationOutcome {
  const n = entries.length;
  const funded = new Uint8Array(n);
  const reasons = new Array<FundingReason>(n);
  const fundedLevels = new Map<number, number>();
  let remaining = availableFen;
  const levelReady = (e: AllocationEntry): boolean => (fundedLevels.get(e.group) ?? 0) === e.ordinal;
  const fund = (i: number, e: AllocationEntry, reason: FundingReason): void => {
    funded[i] = 1;
    reasons[i] = reason;
    remaining -= e.costFen;
    fundedLevels.set(e.group, e.ordinal + 1);
  };

  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (!e.pinned) continue;
    if (!levelReady(e)) reasons[i] = 'lowerLevelUnfunded';
    else if (e.costFen <= remaining) fund(i, e, 'pinned');
    else reasons[i] = 'pinnedDoesNotFit';
  }

  let firstUnfunded = -1;
  let shortfall = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (e.pinned) continue;
    if (firstUnfunded >= 0 && mode === 'strict') {
      reasons[i] = 'belowCutoff';
    } else if (!levelReady(e)) {
      reasons[i] = 'lowerLevelUnfunded';
    } else if (e.costFen <= remaining) {
      fund(i, e, 'withinQuota');
    } else {
      reasons[i] = 'doesNotFit';
      if (firstUnfunded < 0) {
        firstUnfunded = i;
        shortfall = e.costFen - remaining;
      }
    }
  }

  let cutoffPosition = -1;
  let cutoffAmount = 0;
  const limit = firstUnfunded >= 0 ? firstUnfunded : n;
  for (let i = 0; i < limit; i++) {
    if (funded[i] === 1) {
      cutoffPosition = i;
      cutoffAmount += entries[i]!.costFen;
    }
  }
  return {
    funded,
    reasons,
    allocatedFen: availableFen - remaining,
    remainderFen: remaining,
    cutoffPosition,
    cutoffAmountFen: cutoffAmount,
    firstUnfundedPosition: firstUnfunded,
    shortfallFen: shortfall,
  };
}
