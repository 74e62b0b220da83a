import type { Fen } from '../money';
import type { DepartmentBook } from './department-limits';
import type { FundingReason } from './model';

/** The items in ranking order, as the allocation sees them. */
export interface AllocationEntry {
  costFen: Fen;
  pinned: boolean;
  /** mandated items are funded first of all (before pinned ones), each if it fits */
  mandated?: boolean;
  /** cut by an override decision: never funded, whatever else holds (pinned, mandated) */
  cut?: boolean;
  /** items of one package share a group */
  group: number;
  /** level ordinal within the group (0 for whole packages); a level is fundable only after the lower ones */
  ordinal: number;
  /** alternatives group (at most one package — group — of it is funded); -1 or absent when none */
  alternative?: number;
  /** what funding it is worth to the optimal mode (score × cost / 100); default costFen */
  value?: number;
  /**
   * consolidation: the position of the item directly above it in its decision unit's order (same level),
   * -1 or absent when none. Always a smaller position (the consolidated ranking keeps the unit's order).
   */
  unitAbove?: number;
}

/** Bookkeeping shared by the allocation passes: money left, funded levels, the chosen alternative. */
export class FundingState {
  readonly funded: Uint8Array;
  readonly reasons: FundingReason[];
  remaining: Fen;
  private readonly fundedLevels = new Map<number, number>();
  private readonly chosen = new Map<number, number>();
  /**
   * per position: the nearest item above it in its unit's order that the ranking-driven allocation decides
   * (mandated, pinned and cut items are passed over: they are decided outside the ranking); -1 when none
   */
  readonly unitGate: Int32Array;

  constructor(
    readonly entries: readonly AllocationEntry[],
    availableFen: Fen,
    /** department floors and caps, when set */
    readonly book?: DepartmentBook,
  ) {
    this.funded = new Uint8Array(entries.length);
    this.reasons = new Array<FundingReason>(entries.length);
    this.remaining = availableFen;
    this.unitGate = unitGates(entries);
  }

  /**
   * Unit precedence (consolidation): an item is fundable by the ranking only when every item above it in
   * its unit's order (at its level) is funded — passing over those decided outside the ranking (mandated,
   * pinned, cut) and those an alternative excludes (their own predecessors still count).
   */
  unitReady(i: number): boolean {
    for (let j = this.unitGate[i]!; j >= 0; j = this.unitGate[j]!) {
      if (this.funded[j] === 1) return true;
      if (this.excludedBy(this.entries[j]!) < 0) return false;
    }
    return true;
  }

  levelReady(e: AllocationEntry): boolean {
    return (this.fundedLevels.get(e.group) ?? 0) === e.ordinal;
  }

  /** how many levels of the group are funded */
  fundedLevelOf(group: number): number {
    return this.fundedLevels.get(group) ?? 0;
  }

  /** the limited department whose cap funding e would exceed, or -1 */
  capExceededBy(e: AllocationEntry): number {
    return this.book === undefined ? -1 : this.book.capExceeded(e.group, e.costFen);
  }

  /** the group funded from e's alternatives group when it is another package, else -1 */
  excludedBy(e: AllocationEntry): number {
    if (e.alternative === undefined || e.alternative < 0) return -1;
    const g = this.chosen.get(e.alternative);
    return g === undefined || g === e.group ? -1 : g;
  }

  fund(i: number, reason: FundingReason): void {
    const e = this.entries[i]!;
    this.funded[i] = 1;
    this.reasons[i] = reason;
    this.remaining -= e.costFen;
    this.fundedLevels.set(e.group, e.ordinal + 1);
    this.book?.add(e.group, e.costFen);
    if (e.alternative !== undefined && e.alternative >= 0) this.chosen.set(e.alternative, e.group);
  }

  /** The forced passes: mandated items, then pinned ones, each in ranking order if it fits. */
  fundForced(): void {
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i]!.cut === true) this.reasons[i] = 'overrideCut';
    for (const pass of ['mandated', 'pinned'] as const) {
      for (let i = 0; i < this.entries.length; i++) {
        const e = this.entries[i]!;
        const isMandated = e.mandated === true;
        if (e.cut === true || (pass === 'mandated' ? !isMandated : !e.pinned || isMandated)) continue;
        if (this.excludedBy(e) >= 0) this.reasons[i] = 'alternativeFunded';
        else if (!this.levelReady(e)) this.reasons[i] = 'lowerLevelUnfunded';
        else if (pass === 'pinned' && this.capExceededBy(e) >= 0) this.reasons[i] = 'departmentCap';
        else if (e.costFen <= this.remaining) this.fund(i, pass);
        else this.reasons[i] = pass === 'mandated' ? 'mandatedDoesNotFit' : 'pinnedDoesNotFit';
      }
    }
  }
}

/**
 * The floor pass, after the forced ones: down the ranking, an item is funded when one of its
 * departments is still below its floor, its lower levels are funded, no alternative excludes it, no
 * cap stops it and it fits in what is left. Returns the positions funded, in order.
 */
export function fundFloors(st: FundingState): number[] {
  const out: number[] = [];
  const book = st.book;
  if (book === undefined || !book.hasFloors) return out;
  for (let i = 0; i < st.entries.length; i++) {
    const e = st.entries[i]!;
    if (isForced(e) || isCut(e) || st.funded[i] === 1 || !book.needsFloor(e.group)) continue;
    if (st.excludedBy(e) >= 0 || !st.levelReady(e) || !st.unitReady(i) || st.capExceededBy(e) >= 0 || e.costFen > st.remaining) continue;
    st.fund(i, 'departmentFloor');
    out.push(i);
  }
  return out;
}

export const isForced = (e: AllocationEntry): boolean => e.cut !== true && (e.pinned || e.mandated === true);

/** Left out of every allocation pass (cut by override, reason already set by fundForced). */
export const isCut = (e: AllocationEntry): boolean => e.cut === true;


/** Per position, the nearest item above it in its unit's order that is neither forced nor cut (see FundingState.unitGate). */
export function unitGates(entries: readonly AllocationEntry[]): Int32Array {
  const n = entries.length;
  const gate = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const resolve = (i: number): number => {
    if (done[i] === 0) {
      done[i] = 1;
      const j = entries[i]!.unitAbove ?? -1;
      // a forced or cut item is passed over: its successor waits for what it would have waited for
      gate[i] = j < 0 ? -1 : isForced(entries[j]!) || isCut(entries[j]!) ? resolve(j) : j;
    }
    return gate[i]!;
  };
  // ascending: the item above is at a smaller position, so the recursion is one step deep
  for (let i = 0; i < n; i++) resolve(i);
  return gate;
}
