import { assertFen } from '../money';
import type { EffortLevel, Tier } from '../types';
import { allocate, availableAfterReserve, type AllocationEntry } from './allocation';
import { resolveBallots, type ResolvedBallots } from './ballots';
import { bordaCount, type BordaResult } from './borda';
import { conflictMatrix } from './conflict-of-interest';
import { splitByShares } from './department-split';
import { fail } from './errors';
import { enforceLevelPrecedence, incrementScoreKey } from './increments';
import type {
  CriterionPart,
  DepartmentAmounts,
  ItemExplanation,
  PackageAllocation,
  RankedItem,
  RankingInput,
  RankingResult,
  TieBreakReason,
} from './model';
import { aggregateScores, type CriterionValues } from './normalization';
import { indexPackages, type PackageIndex } from './package-index';
import { applyPublicInput, type AppliedPublicInput } from './public-input';
import { resolveScores } from './resolved-scores';
import { isScoreTable, toScoreTable } from './score-table';
import { schulze, type SchulzeResult } from './schulze';
import { compositeScores, roundScore, SCORE_SCALE, scoreKey } from './scoring';
import { resolveSettings, type ResolvedSettings } from './settings';
import { compareItems, sortByRank, tieBreakReason, type RankKeys } from './tie-break';
import { countTiers, tierFor } from './tiers';

/**
 * Optional phase timing for benchmarks: pass a clock (e.g. performance.now) and the milliseconds
 * spent per phase are added to `phases`. The domain library itself reads no clock.
 */
export interface RankingProfile {
  clock: () => number;
  phases: Record<string, number>;
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

  const settings = resolveSettings(input.settings);
  const pk = indexPackages(input.packages);
  const P = pk.count;
  const criteria = settings.criteria;
  const keys = criteria.map((c) => c.key);
  const weights = criteria.map((c) => c.weight);

  const pinned = new Uint8Array(P);
  settings.pinnedPackageIds.forEach((id, i) => {
    const p = pk.index.get(id);
    if (p === undefined) fail(`settings.pinnedPackageIds[${i}]`, `unknown package "${id}"`);
    pinned[p] = 1;
  });

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
  lap('validate');

  // scores → per package × criterion values → composite
  const raw = input.scores ?? [];
  const table = isScoreTable(raw) ? raw : toScoreTable(raw);
  lap('toScoreTable');
  const cols = resolveScores(
    table,
    { packageIndex: pk.index, criterionKeys: keys, reviewerIndex, reviewerIds, conflicts },
    { minMax: settings.normalization === 'trimmed', reviewerSums: settings.normalization === 'zscore' },
  );
  lap('resolveScores');
  const values = aggregateScores(cols, settings.normalization);
  lap('normalize');
  const publicApplied = applyPublicInput(
    values,
    input.publicInput ?? [],
    pk.index,
    keys.indexOf(settings.publicInput.criterionKey),
    settings.publicInput,
  );
  const composite = compositeScores(values, weights);
  lap('composite');

  // the package score the ranking uses
  let methodScore: Float64Array = composite;
  const unscored = new Uint8Array(P);
  let ballots: ResolvedBallots | null = null;
  let borda: BordaResult | null = null;
  let schulzeResult: SchulzeResult | null = null;
  if (settings.method === 'score') {
    for (let p = 0; p < P; p++) if (Number.isNaN(composite[p]!)) unscored[p] = 1;
  } else {
    const orderings = input.orderings ?? [];
    if (orderings.length === 0) fail('orderings', `method "${settings.method}" needs at least one reviewer ordering`);
    if (settings.method === 'schulze' && P > settings.maxSchulzeCandidates) {
      fail('settings.method', `Schulze is O(n³); ${P} packages exceed the limit of ${settings.maxSchulzeCandidates}`);
    }
    ballots = resolveBallots(orderings, pk.index, reviewerIndex, reviewerIds, conflicts);
    if (settings.method === 'borda') {
      borda = bordaCount(ballots);
      methodScore = borda.score;
      for (let p = 0; p < P; p++) if (borda.ballots[p] === 0) unscored[p] = 1;
    } else {
      schulzeResult = schulze(ballots);
      methodScore = schulzeResult.score;
      for (let p = 0; p < P; p++) if (schulzeResult.judged[p] === 0) unscored[p] = 1;
    }
  }
  lap('method');

  const packageKey = new Float64Array(P);
  for (let p = 0; p < P; p++) packageKey[p] = unscored[p] === 1 ? 0 : scoreKey(methodScore[p]!);
  const ceIndex = keys.indexOf(settings.costEffectivenessKey);
  const ceKey = new Float64Array(P).fill(-Infinity);
  if (ceIndex >= 0) {
    for (let p = 0; p < P; p++) {
      const v = values.value[p * values.criterionCount + ceIndex]!;
      if (!Number.isNaN(v)) ceKey[p] = scoreKey(v);
    }
  }

  // items: whole packages, or one per level of effort (a package without levels stays whole)
  const itemPackage: number[] = [];
  const itemOrdinal: number[] = [];
  const itemLevel: (EffortLevel | undefined)[] = [];
  const itemCost: number[] = [];
  for (let p = 0; p < P; p++) {
    const levels = pk.levels[p]!;
    if (settings.useIncrements && levels.length > 0) {
      levels.forEach((l, ordinal) => {
        itemPackage.push(p);
        itemOrdinal.push(ordinal);
        itemLevel.push(l.level);
        itemCost.push(l.costFen);
      });
    } else {
      itemPackage.push(p);
      itemOrdinal.push(0);
      itemLevel.push(undefined);
      itemCost.push(pk.costFen[p]!);
    }
  }
  const n = itemPackage.length;
  const rk: RankKeys = {
    length: n,
    score: new Float64Array(n),
    costEffectiveness: new Float64Array(n),
    cost: Float64Array.from(itemCost),
    submitted: new Float64Array(n),
    idOrder: new Int32Array(n),
    ordinal: Int32Array.from(itemOrdinal),
    packageIndex: Int32Array.from(itemPackage),
  };
  for (let i = 0; i < n; i++) {
    const p = itemPackage[i]!;
    rk.score[i] = incrementScoreKey(packageKey[p]!, itemOrdinal[i]!, settings.incrementDecay);
    rk.costEffectiveness[i] = ceKey[p]!;
    rk.submitted[i] = pk.submitted[p]!;
    rk.idOrder[i] = pk.idOrder[p]!;
  }
  let order: Int32Array = sortByRank(rk);
  let adjusted: Uint8Array = new Uint8Array(n);
  if (settings.useIncrements) ({ order, adjusted } = enforceLevelPrecedence(order, rk.ordinal));
  lap('sort');

  const entries: AllocationEntry[] = new Array(n);
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos]!;
    entries[pos] = { costFen: itemCost[i]!, pinned: pinned[itemPackage[i]!] === 1, group: itemPackage[i]!, ordinal: itemOrdinal[i]! };
  }
  const { reserveFen, availableFen } = availableAfterReserve(settings.quotaFen, settings.reserveBasisPoints);
  const alloc = allocate(entries, availableFen, settings.allocationMode);
  lap('allocate');

  // explanations and outputs
  const conflicted = conflictedReviewersByPackage(reviewerIds, cols.conflictPairs, ballots?.conflictPairs ?? []);
  const partsCache: (CriterionPart[] | undefined)[] = new Array(P);
  const partsOf = (p: number): CriterionPart[] => (partsCache[p] ??= criterionParts(p, settings, values, publicApplied.get(p)));
  const hasScores = cols.length > 0 || publicApplied.size > 0;

  const items: RankedItem[] = new Array(n);
  const tiers: Tier[] = new Array(n);
  let cumulative = 0;
  for (let pos = 0; pos < n; pos++) {
    const i = order[pos]!;
    const p = itemPackage[i]!;
    const score = rk.score[i]! / SCORE_SCALE;
    const tier = tierFor(score, settings.thresholds);
    tiers[pos] = tier;
    cumulative += itemCost[i]!;
    const { reason, against } = tieInfo(rk, order, pos);
    const parts = partsOf(p);
    const explanation: ItemExplanation = {
      method: settings.method,
      normalization: settings.normalization,
      composite: Number.isNaN(composite[p]!) ? null : roundScore(composite[p]!),
      parts,
      missingCriteria: hasScores ? parts.filter((x) => x.value === null).map((x) => x.key) : [],
      unscored: unscored[p] === 1,
      conflictedReviewers: conflicted.get(p) ?? [],
      tier,
      tieBreak: reason,
      tieBreakAgainst: against === -1 ? null : itemId(pk, itemPackage, itemLevel, against),
      funding: alloc.reasons[pos]!,
    };
    if (borda !== null) explanation.borda = { points: borda.points[p]!, ballots: borda.ballots[p]!, maxPoints: borda.maxPoints[p]! };
    if (schulzeResult !== null) explanation.schulze = { wins: schulzeResult.wins[p]!, opponents: P - 1 };
    const level = itemLevel[i];
    if (level !== undefined) {
      explanation.increment = {
        level,
        ordinal: itemOrdinal[i]!,
        packageScore: packageKey[p]! / SCORE_SCALE,
        decay: settings.incrementDecay,
        precedenceAdjusted: adjusted[i] === 1,
      };
    }
    const funded = alloc.funded[pos] === 1;
    const item: RankedItem = {
      id: itemId(pk, itemPackage, itemLevel, i),
      packageId: pk.ids[p]!,
      rank: pos + 1,
      score,
      tier,
      costFen: itemCost[i]!,
      pinned: pinned[p] === 1,
      funded,
      fundedFen: funded ? itemCost[i]! : 0,
      cumulativeFen: cumulative,
      explanation,
    };
    if (level !== undefined) item.level = level;
    items[pos] = item;
  }
  assertFen(cumulative, 'total requested');

  const { perPackage, perDepartment } = packageAndDepartmentTotals(pk, items);
  const cutoffItem = alloc.cutoffPosition >= 0 ? items[alloc.cutoffPosition]! : null;
  const firstUnfunded = alloc.firstUnfundedPosition >= 0 ? items[alloc.firstUnfundedPosition]! : null;
  const result: RankingResult = {
    method: settings.method,
    normalization: settings.normalization,
    allocationMode: settings.allocationMode,
    useIncrements: settings.useIncrements,
    items,
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
    excludedForConflict: cols.excluded + (ballots?.excluded ?? 0),
  };
  lap('explain');
  return result;
}

function itemId(pk: PackageIndex, itemPackage: readonly number[], itemLevel: readonly (EffortLevel | undefined)[], i: number): string {
  const id = pk.ids[itemPackage[i]!]!;
  const level = itemLevel[i];
  return level === undefined ? id : `${id}#${level}`;
}

/** Why an item sits where it does relative to a neighbour with the same score (the one above, else below). */
function tieInfo(rk: RankKeys, order: Int32Array, pos: number): { reason: TieBreakReason | null; against: number } {
  const cur = order[pos]!;
  const reasonBetween = (first: number, second: number): TieBreakReason =>
    rk.packageIndex[first] === rk.packageIndex[second] || compareItems(rk, first, second) > 0 ? 'levelPrecedence' : tieBreakReason(rk, first, second);
  if (pos > 0 && rk.score[order[pos - 1]!] === rk.score[cur]) {
    const prev = order[pos - 1]!;
    return { reason: reasonBetween(prev, cur), against: prev };
  }
  if (pos + 1 < order.length && rk.score[order[pos + 1]!] === rk.score[cur]) {
    const next = order[pos + 1]!;
    return { reason: reasonBetween(cur, next), against: next };
  }
  return { reason: null, against: -1 };
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function criterionParts(
  p: number,
  settings: ResolvedSettings,
  values: CriterionValues,
  applied: AppliedPublicInput | undefined,
): CriterionPart[] {
  const C = values.criterionCount;
  let den = 0;
  for (let c = 0; c < C; c++) if (!Number.isNaN(values.value[p * C + c]!)) den += settings.criteria[c]!.weight;
  return settings.criteria.map((crit, c) => {
    const v = values.value[p * C + c]!;
    const present = !Number.isNaN(v);
    const part: CriterionPart = {
      key: crit.key,
      weight: crit.weight,
      value: present ? round4(v) : null,
      contribution: present && den > 0 ? round4((crit.weight * v) / den) : 0,
      reviewers: values.count[p * C + c]!,
      trimmed: values.trimmed[p * C + c] === 1,
    };
    if (applied !== undefined && crit.key === settings.publicInput.criterionKey) {
      part.publicInput = {
        reviewerMean: applied.reviewerMean === null ? null : round4(applied.reviewerMean),
        supportPercent: applied.supportPercent,
        responses: applied.responses,
        surveyWeight: round4(applied.surveyWeight),
      };
    }
    return part;
  });
}

function conflictedReviewersByPackage(reviewerIds: readonly string[], ...pairLists: number[][]): Map<number, string[]> {
  const out = new Map<number, Set<string>>();
  for (const pairs of pairLists) {
    for (let i = 0; i < pairs.length; i += 2) {
      const p = pairs[i + 1]!;
      let set = out.get(p);
      if (set === undefined) out.set(p, (set = new Set()));
      set.add(reviewerIds[pairs[i]!]!);
    }
  }
  return new Map([...out].map(([p, set]) => [p, [...set].sort()]));
}

/**
 * Per package: requested and funded money and their split between departments; per department: the
 * sums. Each package's requested and funded totals are split by its shares (largest remainder, so
 * the parts add up to the fen), and unfunded = requested − funded, per department too.
 */
function packageAndDepartmentTotals(
  pk: PackageIndex,
  items: readonly RankedItem[],
): { perPackage: PackageAllocation[]; perDepartment: DepartmentAmounts[] } {
  const P = pk.count;
  const requested = new Array<number>(P).fill(0);
  const funded = new Array<number>(P).fill(0);
  const bestRank = new Array<number>(P).fill(Infinity);
  const fundedLevels: EffortLevel[][] = Array.from({ length: P }, () => []);
  const itemCount = new Array<number>(P).fill(0);
  const fundedCount = new Array<number>(P).fill(0);
  for (const item of items) {
    const p = pk.index.get(item.packageId)!;
    requested[p] += item.costFen;
    itemCount[p]++;
    if (item.rank < bestRank[p]!) bestRank[p] = item.rank;
    if (item.funded) {
      funded[p] += item.costFen;
      fundedCount[p]++;
      if (item.level !== undefined) fundedLevels[p]!.push(item.level);
    }
  }
  const dept = new Map<string, DepartmentAmounts>();
  const perPackage: PackageAllocation[] = new Array(P);
  for (let p = 0; p < P; p++) {
    const shares = pk.shares[p]!;
    const req = splitByShares(requested[p]!, shares);
    const fun = splitByShares(funded[p]!, shares);
    const byDepartment: DepartmentAmounts[] = shares.map((s, i) => {
      const amounts: DepartmentAmounts = {
        departmentId: s.departmentId,
        requestedFen: req[i]!,
        fundedFen: fun[i]!,
        unfundedFen: req[i]! - fun[i]!,
      };
      const d = dept.get(s.departmentId);
      if (d === undefined) dept.set(s.departmentId, { ...amounts });
      else {
        d.requestedFen += amounts.requestedFen;
        d.fundedFen += amounts.fundedFen;
        d.unfundedFen += amounts.unfundedFen;
      }
      return amounts;
    });
    perPackage[p] = {
      packageId: pk.ids[p]!,
      requestedFen: requested[p]!,
      fundedFen: funded[p]!,
      unfundedFen: requested[p]! - funded[p]!,
      status: fundedCount[p] === 0 ? 'unfunded' : fundedCount[p] === itemCount[p] ? 'funded' : 'partial',
      fundedLevels: fundedLevels[p]!,
      bestRank: bestRank[p]!,
      byDepartment,
    };
  }
  const perDepartment = [...dept.values()].sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
  return { perPackage, perDepartment };
}
