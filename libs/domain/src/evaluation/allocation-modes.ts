import { CRITERIA_WEIGHT_TOTAL, DEFAULT_CRITERIA } from './criteria';
import type { AllocationMode, OptimizerReport, RankingInput, RankingResult, WeightSensitivity } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { ALLOCATION_MODES } from './settings';

export interface ModeOutcome {
  mode: AllocationMode;
  allocatedFen: number;
  remainderFen: number;
  /** Σ score × cost / 100 over funded items */
  value: number;
  fundedItemIds: string[];
  optimizer?: OptimizerReport;
}

export interface ModeComparison {
  modes: ModeOutcome[];
  /** items funded in some modes and not in others, in ranking order */
  differences: { itemId: string; rank: number; fundedIn: AllocationMode[] }[];
}

/** The same ranking allocated in every mode, side by side, and the items on which the modes differ. */
export function compareAllocationModes(input: RankingInput): ModeComparison {
  const results = ALLOCATION_MODES.map((mode) => rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: mode } }));
  const modes = results.map((r): ModeOutcome => {
    const out: ModeOutcome = {
      mode: r.allocationMode,
      allocatedFen: r.totals.allocatedFen,
      remainderFen: r.totals.remainderFen,
      value: r.allocationValue,
      fundedItemIds: r.items.filter((i) => i.funded).map((i) => i.id),
    };
    if (r.optimizer !== undefined) out.optimizer = r.optimizer;
    return out;
  });
  const fundedSets = modes.map((m) => new Set(m.fundedItemIds));
  const differences: ModeComparison['differences'] = [];
  for (const item of results[0]!.items) {
    const fundedIn = modes.filter((_, k) => fundedSets[k]!.has(item.id)).map((m) => m.mode);
    if (fundedIn.length > 0 && fundedIn.length < modes.length) differences.push({ itemId: item.id, rank: item.rank, fundedIn });
  }
  return { modes, differences };
}

/** Criteria weights with one criterion's weight set to `weight` and the others rescaled to keep the total. */
function reweighted(criteria: RankingInput['settings']['criteria'] & object, key: string, weight: number) {
  const own = criteria.find((c) => c.key === key)!.weight;
  const rest = CRITERIA_WEIGHT_TOTAL - own;
  const scale = rest > 0 ? (CRITERIA_WEIGHT_TOTAL - weight) / rest : 0;
  const out = criteria.map((c) => ({ ...c, weight: c.key === key ? weight : c.weight * scale }));
  // absorb floating-point drift into the changed criterion so the total is exactly what validation expects
  const drift = CRITERIA_WEIGHT_TOTAL - out.reduce((s, c) => s + c.weight, 0);
  out.find((c) => c.key === key)!.weight += drift;
  return out;
}

/**
 * For each unfunded item of a result: per criterion, the smallest whole-point change of that
 * criterion's weight (the other weights rescaled in proportion, so they keep summing to 100) with which
 * the item is funded; null when no weight from 0 to 100 funds it. Fills `explanation.belowLine.sensitivity`
 * in place. Recomputes the ranking once per criterion and weight tried (≤ 101 per criterion), so call it
 * for cycles of modest size.
 */
export function addWeightSensitivity(input: RankingInput, result: RankingResult): void {
  const unfunded = result.items.filter((i) => !i.funded && i.explanation.belowLine !== undefined);
  if (unfunded.length === 0) return;
  // an item that costs more (with its lower levels) than all the money available is funded by no weight
  const withLower = (item: RankingResult['items'][number]): number =>
    result.items.filter((x) => x.packageId === item.packageId && (x.explanation.increment?.ordinal ?? 0) <= (item.explanation.increment?.ordinal ?? 0)).reduce((s, x) => s + x.costFen, 0);
  const targets = unfunded.filter((i) => withLower(i) <= result.totals.availableFen);
  const criteria = input.settings.criteria ?? DEFAULT_CRITERIA;
  const found = new Map<string, Map<string, number>>(targets.map((t) => [t.id, new Map()]));
  for (const c of criteria) {
    if (criteria.length < 2 || c.weight >= CRITERIA_WEIGHT_TOTAL) continue;
    const deltas: number[] = [];
    for (let d = 1; d <= CRITERIA_WEIGHT_TOTAL; d++) {
      if (c.weight + d <= CRITERIA_WEIGHT_TOTAL) deltas.push(d);
      if (c.weight - d >= 0) deltas.push(-d);
    }
    let open = targets.length;
    if (open === 0) break;
    for (const d of deltas) {
      if (open === 0) break;
      const r = rankAndAllocate({ ...input, settings: { ...input.settings, criteria: reweighted(criteria, c.key, c.weight + d) } });
      const fundedNow = new Set(r.items.filter((i) => i.funded).map((i) => i.id));
      for (const t of targets) {
        const per = found.get(t.id)!;
        if (!per.has(c.key) && fundedNow.has(t.id)) {
          per.set(c.key, d);
          open--;
        }
      }
    }
  }
  for (const t of unfunded) {
    const per = found.get(t.id) ?? new Map<string, number>();
    const sensitivity: WeightSensitivity[] = criteria.map((c) => ({ criterionKey: c.key, weight: c.weight, change: per.get(c.key) ?? null }));
    t.explanation.belowLine!.sensitivity = sensitivity;
  }
}
