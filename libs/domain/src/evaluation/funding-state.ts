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
}

/** Bookkeeping shared by the allocation passes: money left, funded levels, the chosen alternative. */
export class FundingState {
  readonly funded: Uint8Array;
  readonly reasons: FundingReason[];
  remaining: Fen;
  private readonly fundedLevels = new Map<number, number>();
  private readonly chosen = new Map<number, number>();

  constructor(
    readonly entries: readonly AllocationEntry[],
    availableFen: Fen,
    /** department floors and caps, when set */
    readonly book?: DepartmentBook,
  ) {
    this.funded = new Uint8Array(entries.length);
    this.reasons = new Array<FundingReason>(entries.length);
    this.remaining = availableFen;
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
    if (st.excludedBy(e) >= 0 || !st.levelReady(e) || st.capExceededBy(e) >= 0 || e.costFen > st.remaining) continue;
    st.fund(i, 'departmentFloor');
    out.push(i);
  }
  return out;
}

export const isForced = (e: AllocationEntry): boolean => e.cut !== true && (e.pinned || e.mandated === true);

/** Left out of every allocation pass (cut by override, reason already set by fundForced). */
export const isCut = (e: AllocationEntry): boolean => e.cut === true;

