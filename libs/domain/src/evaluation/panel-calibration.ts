import type { CriterionWeight, RawScore } from './model';
import type { ScoreTable } from './score-table';

/**
 * Calibration of a review panel: how far each reviewer scores above or below the others (leniency /
 * severity) and how much the panel agrees (Kendall's W over the reviewers' orderings, ICC per
 * criterion), with flags for reviewers and packages the coordinator should look at before scoring
 * closes. Pure and deterministic.
 */

/** Ranks (1 = smallest), ties given the mean of the ranks they span; also Σ(t³ − t) over tie groups. */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieSum: number } {
  const order = values.map((v, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Array<number>(values.length);
  let tieSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const t = j - i + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    tieSum += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieSum };
}

/**
 * Kendall's coefficient of concordance for m raters × n items (each row one rater's values of the
 * same n items; larger or smaller, as long as all rows agree on the direction), with the correction
 * for ties: W = 12·S / (m²(n³ − n) − m·ΣT). 1 = identical orderings, 0 = no agreement. null when
 * there are fewer than 2 raters or 2 items, or every rater ties every item.
 */
export function kendallW(rows: readonly (readonly number[])[]): number | null {
  const m = rows.length;
  const n = m > 0 ? rows[0]!.length : 0;
  if (m < 2 || n < 2) return null;
  const sums = new Array<number>(n).fill(0);
  let ties = 0;
  for (const row of rows) {
    const { ranks, tieSum } = averageRanks(row);
    ranks.forEach((r, i) => (sums[i] += r));
    ties += tieSum;
  }
  const mean = (m * (n + 1)) / 2;
  const s = sums.reduce((acc, r) => acc + (r - mean) ** 2, 0);
  const denominator = m * m * (n * n * n - n) - m * ties;
  return denominator <= 0 ? null : (12 * s) / denominator;
}

/**
 * Intraclass correlations of Shrout & Fleiss (1979) for n targets × k judges (complete data):
 * ICC(1,1) one-way random, ICC(2,1) two-way random absolute agreement, ICC(3,1) two-way mixed
 * consistency. null when n < 2 or k < 2 or a denominator is 0.
 */
export function intraclassCorrelations(matrix: readonly (readonly number[])[]): { icc11: number | null; icc21: number | null; icc31: number | null } {
  const n = matrix.length;
  const k = n > 0 ? matrix[0]!.length : 0;
  if (n < 2 || k < 2) return { icc11: null, icc21: null, icc31: null };
  let grand = 0;
  const rowMean = new Array<number>(n).fill(0);
  const colMean = new Array<number>(k).fill(0);
  matrix.forEach((row, i) =>
    row.forEach((x, j) => {
      grand += x;
      rowMean[i] += x / k;
      colMean[j] += x / n;
    }),
  );
  grand /= n * k;
  let ssTotal = 0;
  matrix.forEach((row) => row.forEach((x) => (ssTotal += (x - grand) ** 2)));
  const ssRows = k * rowMean.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssCols = n * colMean.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssError = ssTotal - ssRows - ssCols;
  const bms = ssRows / (n - 1);
  const wms = (ssTotal - ssRows) / (n * (k - 1));
  const jms = ssCols / (k - 1);
  const ems = ssError / ((n - 1) * (k - 1));
  const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);
  return {
    icc11: ratio(bms - wms, bms + (k - 1) * wms),
    icc21: ratio(bms - ems, bms + (k - 1) * ems + (k * (jms - ems)) / n),
    icc31: ratio(bms - ems, bms + (k - 1) * ems),
  };
}

/** Spearman's rank correlation of two equally long lists; null under 3 items or when one list is constant. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length || a.length < 3) return null;
  const ra = averageRanks(a).ranks;
  const rb = averageRanks(b).ranks;
  const mean = (a.length + 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - mean) * (rb[i]! - mean);
    da += (ra[i]! - mean) ** 2;
    db += (rb[i]! - mean) ** 2;
  }
  return da === 0 || db === 0 ? null : num / Math.sqrt(da * db);
}

/**
 * Each reviewer's bias in points, by the additive model score = cell mean + bias (cell = package ×
 * criterion), fitted by alternating means (Σ bias = 0 over the reviewers who share a cell with another):
 * positive = lenient, negative = severe. A reviewer who shares no cell with another gets 0.
 */
export function reviewerBiases(scores: readonly RawScore[], iterations = 50): Map<string, number> {
  const cells = new Map<string, { reviewerId: string; score: number }[]>();
  for (const s of scores) {
    const key = `${s.packageId}\u0000${s.criterionKey}`;
    let list = cells.get(key);
    if (list === undefined) cells.set(key, (list = []));
    list.push({ reviewerId: s.reviewerId, score: s.score });
  }
  const shared = [...cells.values()].filter((c) => c.length >= 2);
  const bias = new Map<string, number>();
  for (const c of shared) for (const x of c) bias.set(x.reviewerId, 0);
  for (let it = 0; it < iterations; it++) {
    const sum = new Map<string, number>();
    const count = new Map<string, number>();
    for (const c of shared) {
      const cellMean = c.reduce((s, x) => s + x.score - bias.get(x.reviewerId)!, 0) / c.length;
      for (const x of c) {
        sum.set(x.reviewerId, (sum.get(x.reviewerId) ?? 0) + x.score - cellMean);
        count.set(x.reviewerId, (count.get(x.reviewerId) ?? 0) + 1);
      }
    }
    let total = 0;
    for (const [r, s] of sum) {
      bias.set(r, s / count.get(r)!);
      total += s / count.get(r)!;
    }
    const shift = bias.size > 0 ? total / bias.size : 0;
    for (const [r, b] of bias) bias.set(r, b - shift);
  }
  for (const [r, b] of bias) bias.set(r, Math.round(b * 1e6) / 1e6);
  return bias;
}

/** Scores with each reviewer's bias taken out (kept within 0–100): the bias-corrected normalization. */
export function biasCorrectedScores(scores: readonly RawScore[], biases: ReadonlyMap<string, number> = reviewerBiases(scores)): RawScore[] {
  return scores.map((s) => ({ ...s, score: Math.min(100, Math.max(0, s.score - (biases.get(s.reviewerId) ?? 0))) }));
}

/** The same for scores in columns (the `calibrated` normalization of rankAndAllocate): a new table, the input untouched. */
export function biasCorrectedTable(table: ScoreTable): ScoreTable {
  const n = table.score.length;
  const raw: RawScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    raw[i] = { reviewerId: table.reviewerIds[table.reviewerIndex[i]!]!, packageId: table.packageIds[table.packageIndex[i]!]!, criterionKey: table.criterionKeys[table.criterionIndex[i]!]!, score: table.score[i]! };
  }
  const biases = reviewerBiases(raw.filter((r) => Number.isFinite(r.score)));
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = table.score[i]!;
    score[i] = Number.isFinite(x) && x >= 0 && x <= 100 ? Math.min(100, Math.max(0, x - (biases.get(raw[i]!.reviewerId) ?? 0))) : x;
  }
  return { ...table, score };
}

export interface PanelOptions {
  /** a package with fewer reviewers is flagged; default 3 */
  minReviews?: number;
  /** |bias| from which a reviewer is flagged lenient or severe, points; default 10 */
  biasThreshold?: number;
  /** standard deviation of the reviewers' composites from which a package is flagged divergent, points; default 15 */
  divergenceThreshold?: number;
  /** Spearman correlation with the others below which a reviewer is flagged as disagreeing; default 0.3 */
  disagreementThreshold?: number;
}

export interface ReviewerCalibration {
  reviewerId: string;
  /** packages scored */
  packages: number;
  /** points above (lenient) or below (severe) the others on the same package and criterion */
  bias: number;
  /** Spearman correlation of their composites with the others' mean composites on the same packages; null under 3 */
  agreement: number | null;
  flags: ('lenient' | 'severe' | 'disagrees')[];
}

export interface PackageReviews {
  packageId: string;
  reviewers: number;
  /** mean and (population) standard deviation of the reviewers' composites; null without reviews */
  mean: number | null;
  sd: number | null;
  flags: ('tooFewReviews' | 'divergent')[];
}

export interface CriterionAgreement {
  criterionKey: string;
  /** ICC(2,1) over the packages every included reviewer scored; null when not computable */
  icc: number | null;
  packages: number;
  reviewers: number;
}

export interface PanelCalibration {
  /** Kendall's W of the reviewers' composite orderings over the packages all of them scored */
  kendallW: number | null;
  kendallPackages: number;
  kendallReviewers: number;
  criteria: CriterionAgreement[];
  reviewers: ReviewerCalibration[];
  packages: PackageReviews[];
}

/**
 * The largest complete block of a reviewer × package table: start from every reviewer and drop,
 * one by one, the one with the fewest values until at least 2 packages are scored by all that remain.
 */
function completeBlock(values: ReadonlyMap<string, ReadonlyMap<string, number>>, packageIds: readonly string[]): { reviewers: string[]; packages: string[] } {
  const reviewers = [...values.keys()].sort();
  for (;;) {
    const packages = packageIds.filter((p) => reviewers.every((r) => values.get(r)!.has(p)));
    if (reviewers.length < 2 || packages.length >= 2) return { reviewers, packages };
    reviewers.sort((a, b) => values.get(b)!.size - values.get(a)!.size || (a < b ? -1 : 1));
    reviewers.pop();
    reviewers.sort();
  }
}

/** Bias, agreement and flags of a panel from its raw scores (0–100) on the given criteria and packages. */
export function calibratePanel(scores: readonly RawScore[], criteria: readonly CriterionWeight[], packageIds: readonly string[], options: PanelOptions = {}): PanelCalibration {
  const minReviews = options.minReviews ?? 3;
  const biasThreshold = options.biasThreshold ?? 10;
  const divergence = options.divergenceThreshold ?? 15;
  const disagreement = options.disagreementThreshold ?? 0.3;
  const weight = new Map(criteria.map((c) => [c.key, c.weight]));
  const known = new Set(packageIds);

  // each reviewer's composite per package: weighted mean of the criteria they scored
  const parts = new Map<string, Map<string, { sum: number; weights: number }>>();
  const perCriterion = new Map<string, Map<string, Map<string, number>>>();
  for (const s of scores) {
    if (!known.has(s.packageId) || !weight.has(s.criterionKey)) continue;
    const w = weight.get(s.criterionKey)!;
    let byPackage = parts.get(s.reviewerId);
    if (byPackage === undefined) parts.set(s.reviewerId, (byPackage = new Map()));
    const acc = byPackage.get(s.packageId) ?? { sum: 0, weights: 0 };
    acc.sum += w * s.score;
    acc.weights += w;
    byPackage.set(s.packageId, acc);
    let table = perCriterion.get(s.criterionKey);
    if (table === undefined) perCriterion.set(s.criterionKey, (table = new Map()));
    let row = table.get(s.reviewerId);
    if (row === undefined) table.set(s.reviewerId, (row = new Map()));
    row.set(s.packageId, s.score);
  }
  const composite = new Map<string, Map<string, number>>();
  for (const [r, byPackage] of parts) {
    const out = new Map<string, number>();
    for (const [p, acc] of byPackage) if (acc.weights > 0) out.set(p, acc.sum / acc.weights);
    composite.set(r, out);
  }

  const block = completeBlock(composite, packageIds);
  const kendall = block.reviewers.length >= 2 && block.packages.length >= 2 ? kendallW(block.reviewers.map((r) => block.packages.map((p) => composite.get(r)!.get(p)!))) : null;

  const criteriaOut: CriterionAgreement[] = criteria.map((c) => {
    const table = perCriterion.get(c.key) ?? new Map<string, Map<string, number>>();
    const b = completeBlock(table, packageIds);
    const icc = b.reviewers.length >= 2 && b.packages.length >= 2 ? intraclassCorrelations(b.packages.map((p) => b.reviewers.map((r) => table.get(r)!.get(p)!))).icc21 : null;
    return { criterionKey: c.key, icc, packages: icc === null ? 0 : b.packages.length, reviewers: icc === null ? 0 : b.reviewers.length };
  });

  const biases = reviewerBiases(scores.filter((s) => known.has(s.packageId) && weight.has(s.criterionKey)));
  const reviewerIds = [...composite.keys()].sort();
  const reviewersOut: ReviewerCalibration[] = reviewerIds.map((r) => {
    const own = composite.get(r)!;
    const mine: number[] = [];
    const others: number[] = [];
    for (const p of packageIds) {
      if (!own.has(p)) continue;
      const rest = reviewerIds.filter((o) => o !== r && composite.get(o)!.has(p)).map((o) => composite.get(o)!.get(p)!);
      if (rest.length === 0) continue;
      mine.push(own.get(p)!);
      others.push(rest.reduce((s, x) => s + x, 0) / rest.length);
    }
    const bias = biases.get(r) ?? 0;
    const agreement = spearman(mine, others);
    const flags: ReviewerCalibration['flags'] = [];
    if (bias >= biasThreshold) flags.push('lenient');
    if (bias <= -biasThreshold) flags.push('severe');
    if (agreement !== null && agreement < disagreement) flags.push('disagrees');
    return { reviewerId: r, packages: own.size, bias, agreement, flags };
  });

  const packagesOut: PackageReviews[] = packageIds.map((p) => {
    const values = reviewerIds.filter((r) => composite.get(r)!.has(p)).map((r) => composite.get(r)!.get(p)!);
    const mean = values.length === 0 ? null : values.reduce((s, x) => s + x, 0) / values.length;
    const sd = mean === null ? null : Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / values.length);
    const flags: PackageReviews['flags'] = [];
    if (values.length < minReviews) flags.push('tooFewReviews');
    if (sd !== null && values.length >= 2 && sd > divergence) flags.push('divergent');
    return { packageId: p, reviewers: values.length, mean, sd, flags };
  });

  return { kendallW: kendall, kendallPackages: kendall === null ? 0 : block.packages.length, kendallReviewers: kendall === null ? 0 : block.reviewers.length, criteria: criteriaOut, reviewers: reviewersOut, packages: packagesOut };
}
