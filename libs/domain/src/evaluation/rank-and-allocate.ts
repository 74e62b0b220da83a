import { assertFen } from '../money';
import type { Tier } from '../types';
import { allocate, availableAfterReserve, type AllocationEntry } from './allocation';
import { conflictMatrix } from './conflict-of-interest';
import { consolidatedOrder, planConsolidation, validateConsolidation, type ConsolidatedOrder, type ConsolidationPlan } from './consolidation';
import { validateAllocationRules } from './allocation-rules';
import { DepartmentBook, departmentLimitOutcomes } from './department-limits';
import { unitGates } from './funding-state';
import { belowLineExplanations } from './below-line';
import { fail, RankingInputError } from './errors';
import { conflictedReviewersByPackage, criterionParts } from './explanation';
import { buildItems, enforceLevelPrecedence, incrementScoreKey, rankingItemId } from './increments';
import { methodScores } from './method-scores';
import type { BelowLineExplanation, ConsolidationExplanation, CriterionPart, ItemExplanation, RankedItem, RankingInput, RankingResult } from './model';
import { aggregateScores } from './normalization';
import { indexPackages } from './package-index';
import { packageAndDepartmentTotals } from './package-totals';
import { biasCorrectedTable } from './panel-calibration';
import { applyPublicInput } from './public-input';
import { resolveScores } from './resolved-scores';
import { isScoreTable, toScoreTable } from './score-table';
import { compositeScores, roundScore, SCORE_SCALE, scoreKey } from './scoring';
import { resolveSettings } from './settings';
import { sortByRank, tieBreakAt, type RankKeys } from './tie-break';
import { countTiers, tierFor } from './tiers';

/**
 * Optional phase timing for benchmarks: pass a clock (e.g. performance.now) and the milliseconds
 * spent per phase are added to `phases`. The domain library itself reads no clock.
 */
export interface RankingProfile {
  clock: () => number;
  phases: Record<string, number>;
}

/** What funding an item is worth to the optimal mode: score (points, from its integer key) × cost / 100. */
export function itemValue(scoreKeyValue: number, costFen: number): number {
  return (scoreKeyValue / SCORE_SCALE) * (costFen / 100);
}

const NO_STRINGS: readonly string[] = Object.freeze([]);

/** The criteria of a package nobody scored. */
function missingKeys(parts: readonly CriterionPart[]): string[] {
  const out: string[] = [];
  for (let c = 0; c < parts.length; c++) if (parts[c]!.value === null) out.push(parts[c]!.key);
  return out;
}

/**
 * The whole evaluation in one pure call: checks the input, aggregates scores (with the chosen
 * normalization and public input) or orderings (Borda / Schulze), ranks packages or their
 * increments with deterministic tie-breaks and level precedence, and allocates quota − reserve down
 * the ranking. Throws RankingInputError (with field paths) on bad input. Does not modify its input.
 */
export function rankAndAllocate(input: RankingInput, profile?: RankingProfile): RankingResult {
  let t = profile?.clock() ?? 0;
  const lap = (phase: string): void => {
    if (profile === undefined) return;
    const t2 = profile.clock();
    profile.phases[phase] = (profile.phases[phase] ?? 0) + (t2 - t);
    t = t2;
  };

  // 1. settings, packages, reviewers
  const settings = resolveSettings(input.settings);
  const pk = indexPackages(input.packages);
  const P = pk.count;
  const keys = settings.criteria.map((c) => c.key);

  const pinned = new Uint8Array(P);
  settings.pinnedPackageIds.forEach((id, i) => {
    const p = pk.index.get(id);
    if (p === undefined) fail(`settings.pinnedPackageIds[${i}]`, `unknown package "${id}"`);
    pinned[p] = 1;
  });
  // override decisions: `fund` pins, `cut` leaves the package out of the allocation (and unpins it)
  const cut = new Uint8Array(P);
  const overrideOf = new Map<number, { override: 'fund' | 'cut'; reason: string }>();
  settings.overrides.forEach((o, i) => {
    const p = pk.index.get(o.packageId);
    if (p === undefined) fail(`settings.overrides[${i}].packageId`, `unknown package "${o.packageId}"`);
    if (o.override !== 'fund' && o.override !== 'cut') fail(`settings.overrides[${i}].override`, 'must be fund or cut');
    if (overrideOf.has(p)) fail(`settings.overrides[${i}].packageId`, `package "${o.packageId}" has two overrides`);
    overrideOf.set(p, { override: o.override, reason: o.reason ?? '' });
    if (o.override === 'fund') pinned[p] = 1;
    else {
      cut[p] = 1;
      pinned[p] = 0;
    }
  });

  const ruleIssues = validateAllocationRules(settings.mandatedPackageIds, settings.alternativeGroups, (id) => pk.index.has(id), undefined, {
    mandated: 'settings.mandatedPackageIds',
    groups: 'settings.alternativeGroups',
  });
  if (ruleIssues.length > 0) throw new RankingInputError(ruleIssues);
  const mandated = new Uint8Array(P);
  for (const id of settings.mandatedPackageIds) mandated[pk.index.get(id)!] = 1;
  const alternativeOf = new Int32Array(P).fill(-1);
  settings.alternativeGroups.forEach((g, gi) => g.packageIds.forEach((id) => (alternativeOf[pk.index.get(id)!] = gi)));

  const reviewerIndex = new Map<string, number>();
  const reviewerIds: string[] = [];
  const reviewerDepartments: string[][] = [];
  (input.reviewers ?? []).forEach((r, i) => {
    if (typeof r.id !== 'string' || r.id === '') fail(`reviewers[${i}].id`, 'is required');
    if (reviewerIndex.has(r.id)) fail(`reviewers[${i}].id`, `duplicate reviewer "${r.id}"`);
    if (!Array.isArray(r.departmentIds)) fail(`reviewers[${i}].departmentIds`, 'must be an array');
    reviewerIndex.set(r.id, reviewerIds.length);
    reviewerIds.push(r.id);
    reviewerDepartments.push([...r.departmentIds]);
  });
  const conflicts = reviewerDepartments.length > 0 ? conflictMatrix(reviewerDepartments, pk.departments) : null;

  // consolidation: units, their orders and the coordinator's overrides of them (consolidation.ts)
  let plan: ConsolidationPlan | null = null;
  const overridesOfPackage = new Map<number, NonNullable<ConsolidationExplanation['overrides']>>();
  if (settings.consolidation !== null) {
    const c = settings.consolidation;
    const issues = validateConsolidation(c, (id) => {
      const p = pk.index.get(id);
      return p === undefined ? undefined : pk.units[p];
    }, 'settings.consolidation');
    if (issues.length > 0) throw new RankingInputError(issues);
    plan = planConsolidation(c, pk.units, pk.index);
    for (const o of c.overrides ?? []) {
      const x = pk.index.get(o.packageId)!;
      const y = pk.index.get(o.aboveId)!;
      const reason = o.reason.trim();
      for (const [p, other, above] of [[x, o.aboveId, true], [y, o.packageId, false]] as const) {
        let list = overridesOfPackage.get(p);
        if (list === undefined) overridesOfPackage.set(p, (list = []));
        list.push({ otherPackageId: other, above, reason });
      }
    }
  }
  lap('validate');

  // 2. scores → per package × criterion values → composite
  const raw = input.scores ?? [];
  const given = isScoreTable(raw) ? raw : toScoreTable(raw);
  // calibrated: each reviewer's leniency or severity (panel-calibration.ts) taken out first, then plain means
  const table = settings.normalization === 'calibrated' ? biasCorrectedTable(given) : given;
  lap('toScoreTable');
  const resolved = resolveScores(
    table,
    { packageIndex: pk.index, criterionKeys: keys, reviewerIndex, reviewerIds, conflicts },
    { minMax: settings.normalization === 'trimmed', reviewerSums: settings.normalization === 'zscore' },
  );
  lap('resolveScores');
  const values = aggregateScores(resolved, settings.normalization);
  lap('normalize');
  const publicInput = input.publicInput ?? [];
  const publicApplied = applyPublicInput(values, publicInput, pk.index, keys.indexOf(settings.publicInput.criterionKey), settings.publicInput);
  const composite = compositeScores(
    values,
    settings.criteria.map((c) => c.weight),
  );
  lap('composite');

  // 3. the score each package is ranked by (composite, Borda or Schulze)
  const method = methodScores(settings.method, composite, {
    orderings: input.orderings ?? [],
    packageIndex: pk.index,
    reviewerIndex,
    reviewerIds,
    conflicts,
    maxSchulzeCandidates: settings.maxSchulzeCandidates,
  });
  lap('method');

  // 4. items and their order
  const packageKey = new Float64Array(P);
  for (let p = 0; p < P; p++) packageKey[p] = method.unscored[p] === 1 ? 0 : scoreKey(method.score[p]!);
  const ceIndex = keys.indexOf(settings.costEffectivenessKey);
  const items = buildItems(pk.levels, pk.costFen, settings.useIncrements);
  const n = items.length;
  const rk: RankKeys = {
    length: n,
    score: new Float64Array(n),
    costEffectiveness: new Float64Array(n),
    cost: Float64Array.from(items.costFen),
    submitted: new Float64Array(n),
    idOrder: new Int32Array(n),
    ordinal: items.ordinal,
    packageIndex: items.packageIndex,
  };
  for (let i = 0; i < n; i++) {
    const p = items.packageIndex[i]!;
    rk.score[i] = incrementScoreKey(packageKey[p]!, items.ordinal[i]!, settings.incrementDecay);
    const ce = ceIndex < 0 ? NaN : values.value[p * values.criterionCount + ceIndex]!;
    rk.costEffectiveness[i] = Number.isNaN(ce) ? -Infinity : scoreKey(ce);
    rk.submitted[i] = pk.submitted[p]!;
    rk.idOrder[i] = pk.idOrder[p]!;
  }
  let order: Int32Array = sortByRank(rk);
  let adjusted: Uint8Array = new Uint8Array(n);
  let consolidated: ConsolidatedOrder | null = null;
  if (plan !== null) {
    // the consolidation's merge keeps level precedence too
    consolidated = consolidatedOrder(order, items, plan);
    order = consolidated.order;
    adjusted = consolidated.levelHeld;
  } else if (settings.useIncrements) ({ order, adjusted } = enforceLevelPrecedence(order, rk.ordinal));
  lap('sort');

  // 5. allocation
  const entries: AllocationEntry[] = new Array(n);
  // consolidation: each item's unit predecessor as a position, so that every mode keeps the unit's order
  let unitAboveAt: Int32Array | null = null;
  if (consolidated !== null) {
    const at = new Int32Array(n);
    for (let pos = 0; pos < n; pos++) at[order[pos]!] = pos;
    unitAboveAt = new Int32Array(n);
    for (let pos = 0; pos < n; pos++) {
      const pred = consolidated.unitPred[order[pos]!]!;
      unitAboveAt[pos] = pred < 0 ? -1 : at[pred]!;
    }
  }
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos]!;
    const p = items.packageIndex[i]!;
    entries[pos] = {
      costFen: items.costFen[i]!,
      pinned: pinned[p] === 1,
      mandated: mandated[p] === 1,
      cut: cut[p] === 1,
      group: p,
      ordinal: items.ordinal[i]!,
      alternative: alternativeOf[p]!,
      value: itemValue(rk.score[i]!, items.costFen[i]!),
    };
    if (unitAboveAt !== null && unitAboveAt[pos]! >= 0) entries[pos]!.unitAbove = unitAboveAt[pos]!;
  }
  const { reserveFen, availableFen } = availableAfterReserve(settings.quotaFen, settings.reserveBasisPoints);
  const book = DepartmentBook.of(settings.departmentLimits, pk.shares);
  const alloc = allocate(entries, availableFen, settings.allocationMode, settings.optimizerNodeLimit, book);
  // the department whose cap stopped an item (caps only tighten as money is given, so the final book tells)
  const capDepartmentAt = (pos: number): { departmentId: string; capFen: number } | null => {
    if (book === undefined || alloc.reasons[pos] !== 'departmentCap') return null;
    const k = book.capExceeded(entries[pos]!.group, entries[pos]!.costFen);
    return k < 0 ? null : { departmentId: book.ids[k]!, capFen: book.cap[k]! };
  };
  let allocationValue = 0;
  for (let pos = 0; pos < n; pos++) if (alloc.funded[pos] === 1) allocationValue += entries[pos]!.value!;
  lap('allocate');
  const itemIdAt = (i: number): string => rankingItemId(pk.ids[items.packageIndex[i]!]!, items.level[i]);
  const belowLine =
    settings.allocationMode === 'optimal'
      ? new Map<number, BelowLineExplanation>()
      : belowLineExplanations({
          entries,
          outcome: alloc,
          availableFen,
          quotaFen: settings.quotaFen,
          reserveBasisPoints: settings.reserveBasisPoints,
          scoreAt: (pos) => rk.score[order[pos]!]! / SCORE_SCALE,
          idAt: (pos) => itemIdAt(order[pos]!),
          book: book?.fresh(),
          capAt: capDepartmentAt,
        });
  if (consolidated !== null && plan !== null) {
    // a better score moves an item no higher than just below its unit's item above it
    const unitOfItem = (i: number) => plan.unitOf[items.packageIndex[i]!]!;
    const itemIndexOf = new Map<string, number>();
    if (belowLine.size > 0) for (let i = 0; i < n; i++) itemIndexOf.set(itemIdAt(i), i);
    // the item the funding rule waits for (FundingState.unitReady): the nearest one above it in its unit's
    // order that is neither forced nor cut (those are passed over), unfunded and not stepped aside for its alternative
    const gates = unitGates(entries);
    const blockerAt = (pos: number): number => {
      for (let j = gates[pos]!; j >= 0; j = gates[j]!) {
        if (alloc.funded[j] === 1) return -1;
        if (alloc.reasons[j] !== 'alternativeFunded') return j;
      }
      return -1;
    };
    for (const [pos, below] of belowLine) {
      const i = order[pos]!;
      const blocker = blockerAt(pos);
      if (blocker >= 0) {
        below.unitAbove = { itemId: itemIdAt(order[blocker]!) };
        below.beat = null;
      } else if (below.beat !== null) {
        // the score to beat is its own unit's (above it in the unit's order): beating it moves nothing
        const u = unitOfItem(i);
        if (u >= 0 && unitOfItem(itemIndexOf.get(below.beat.itemId)!) === u) below.beat = null;
      }
    }
  }
  lap('belowLine');

  // 6. result with explanations
  const conflicted = conflictedReviewersByPackage(reviewerIds, resolved.conflictPairs, method.ballots?.conflictPairs ?? []);
  const partsCache: (CriterionPart[] | undefined)[] = new Array(P);
  const missingCache: (readonly string[] | undefined)[] = new Array(P);
  const hasScores = resolved.length > 0 || publicInput.length > 0;

  const ranked: RankedItem[] = new Array(n);
  const tiers: Tier[] = new Array(n);
  const packageOfRanked = new Int32Array(n);
  let cumulative = 0;
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos]!;
    const p = items.packageIndex[i]!;
    const cost = items.costFen[i]!;
    const score = rk.score[i]! / SCORE_SCALE;
    const tier = tierFor(score, settings.thresholds);
    tiers[pos] = tier;
    packageOfRanked[pos] = p;
    cumulative += cost;
    const tie = tieBreakAt(rk, order, pos, consolidated?.heldBy);
    const parts = (partsCache[p] ??= criterionParts(p, settings, values, publicApplied.get(p)));
    const missing = (missingCache[p] ??= hasScores ? missingKeys(parts) : NO_STRINGS);
    const explanation: ItemExplanation = {
      method: settings.method,
      normalization: settings.normalization,
      composite: Number.isNaN(composite[p]!) ? null : roundScore(composite[p]!),
      parts,
      missingCriteria: missing,
      unscored: method.unscored[p] === 1,
      conflictedReviewers: conflicted.get(p) ?? NO_STRINGS,
      tier,
      tieBreak: tie.reason,
      tieBreakAgainst: tie.against === -1 ? null : itemIdAt(tie.against),
      funding: alloc.reasons[pos]!,
    };
    if (method.borda !== null) {
      explanation.borda = { points: method.borda.points[p]!, ballots: method.borda.ballots[p]!, maxPoints: method.borda.maxPoints[p]! };
    }
    if (method.schulze !== null) explanation.schulze = { wins: method.schulze.wins[p]!, opponents: P - 1 };
    const level = items.level[i];
    if (level !== undefined) {
      explanation.increment = {
        level,
        ordinal: items.ordinal[i]!,
        packageScore: packageKey[p]! / SCORE_SCALE,
        decay: settings.incrementDecay,
        precedenceAdjusted: adjusted[i] === 1,
      };
    }
    if (mandated[p] === 1) explanation.mandated = true;
    const override = overrideOf.get(p);
    if (override !== undefined) explanation.override = override;
    if (alternativeOf[p]! >= 0) explanation.alternativeGroup = settings.alternativeGroups[alternativeOf[p]!]!.id;
    const below = belowLine.get(pos);
    if (below !== undefined) explanation.belowLine = below;
    if (plan !== null && consolidated !== null && plan.unitOf[p]! >= 0) {
      const u = plan.unitOf[p]!;
      const c: ConsolidationExplanation = { unitId: plan.unitIds[u]!, unitRank: consolidated.unitRank[p]!, unitSize: consolidated.unitSize[u]! };
      if (consolidated.heldBy[i]! >= 0) c.heldBy = itemIdAt(consolidated.heldBy[i]!);
      const overridden = overridesOfPackage.get(p);
      if (overridden !== undefined) c.overrides = overridden;
      explanation.consolidation = c;
    }
    const funded = alloc.funded[pos] === 1;
    const item: RankedItem = {
      id: itemIdAt(i),
      packageId: pk.ids[p]!,
      rank: pos + 1,
      score,
      tier,
      costFen: cost,
      pinned: pinned[p] === 1,
      funded,
      fundedFen: funded ? cost : 0,
      cumulativeFen: cumulative,
      explanation,
    };
    if (level !== undefined) item.level = level;
    ranked[pos] = item;
  }
  assertFen(cumulative, 'total requested');

  const { perPackage, perDepartment } = packageAndDepartmentTotals(pk, ranked, packageOfRanked);
  const cutoffItem = alloc.cutoffPosition >= 0 ? ranked[alloc.cutoffPosition]! : null;
  const firstUnfunded = alloc.firstUnfundedPosition >= 0 ? ranked[alloc.firstUnfundedPosition]! : null;
  const result: RankingResult = {
    method: settings.method,
    normalization: settings.normalization,
    allocationMode: settings.allocationMode,
    useIncrements: settings.useIncrements,
    items: ranked,
    cutoff: {
      rank: cutoffItem?.rank ?? null,
      itemId: cutoffItem?.id ?? null,
      amountFen: alloc.cutoffAmountFen,
      firstUnfundedRank: firstUnfunded?.rank ?? null,
      firstUnfundedItemId: firstUnfunded?.id ?? null,
      shortfallFen: alloc.shortfallFen,
    },
    totals: {
      quotaFen: settings.quotaFen,
      reserveFen,
      availableFen,
      requestedFen: cumulative,
      allocatedFen: alloc.allocatedFen,
      remainderFen: alloc.remainderFen,
    },
    perPackage,
    perDepartment,
    tierCounts: countTiers(tiers),
    excludedForConflict: resolved.excluded + (method.ballots?.excluded ?? 0),
    allocationValue,
  };
  if (alloc.optimizer !== undefined) result.optimizer = alloc.optimizer;
  if (book !== undefined) {
    const blocked = new Set<string>();
    for (let pos = 0; pos < n; pos++) {
      const cap = capDepartmentAt(pos);
      if (cap !== null) blocked.add(cap.departmentId);
    }
    result.departmentLimits = departmentLimitOutcomes(settings.departmentLimits, perDepartment, availableFen, blocked);
  }
  lap('explain');
  return result;
}
