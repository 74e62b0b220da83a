// The typed-array ranking (score tables, cell sums, sort keys) checked against a straightforward
// computation written from the rules: score objects, arrays and plain means, on random small inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankingInputError } from './errors';
import type { CriterionWeight, RankingInput, RankingPackage, RankingResult, RawScore } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { toScoreTable } from './score-table';

const CRITERIA: CriterionWeight[] = [
  { key: 'a', weight: 50 },
  { key: 'costEffectiveness', weight: 30 },
  { key: 'b', weight: 20 },
];
const REVIEWERS = ['r1', 'r2', 'r3', 'r4'];
const DEPTS = ['d1', 'd2', 'd3'];
const RUNS = { seed: 20261202, numRuns: 300 };

interface Case {
  input: RankingInput & { scores: RawScore[] };
  normalization: 'none' | 'trimmed' | 'zscore';
  allocationMode: 'strict' | 'skipAndContinue';
}

const arbCase: fc.Arbitrary<Case> = fc
  .record({
    packages: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom('a', 'b', 'B', 'c', 'aa', 'ab', 'p1', 'p10', 'p2', 'z', 'é', 'Z9'),
        // few costs and dates, so tie-breaks are reached
        costFen: fc.constantFrom(0, 100, 250, 1_000, 1_000, 4_000_000_007),
        submittedAt: fc.constantFrom(null, '2025-03-01T09:00:00.000Z', '2025-03-01', '2025-03-02T00:00:00+08:00'),
        depts: fc.subarray(DEPTS, { minLength: 1 }),
      }),
      { selector: (p) => p.id, minLength: 1, maxLength: 10 },
    ),
    // per package × reviewer × criterion: a score from a small set (ties), or none
    cells: fc.array(fc.option(fc.constantFrom(0, 40, 55, 60, 60, 73, 100), { nil: undefined, freq: 3 }), { minLength: 120, maxLength: 120 }),
    reviewerDepts: fc.array(fc.option(fc.constantFrom(...DEPTS), { nil: undefined, freq: 2 }), { minLength: 4, maxLength: 4 }),
    withReviewers: fc.boolean(),
    shuffle: fc.nat(),
    quotaFen: fc.integer({ min: 0, max: 12_000 }),
    reserveBasisPoints: fc.integer({ min: 0, max: 3_000 }),
    normalization: fc.constantFrom('none' as const, 'trimmed' as const, 'zscore' as const),
    allocationMode: fc.constantFrom('strict' as const, 'skipAndContinue' as const),
  })
  .map((g): Case => {
    const packages: RankingPackage[] = g.packages.map((p) => ({
      id: p.id,
      costFen: p.costFen,
      submittedAt: p.submittedAt,
      departmentShares: p.depts.map((departmentId, i) => ({ departmentId, basisPoints: i === 0 ? 10_000 - 1_000 * (p.depts.length - 1) : 1_000 })),
    }));
    const scores: RawScore[] = [];
    packages.forEach((p, pi) =>
      REVIEWERS.forEach((reviewerId, ri) =>
        CRITERIA.forEach((c, ci) => {
          const score = g.cells[(pi * REVIEWERS.length + ri) * CRITERIA.length + ci];
          if (score !== undefined) scores.push({ reviewerId, packageId: p.id, criterionKey: c.key, score });
        }),
      ),
    );
    // any order of the score records
    for (let i = scores.length - 1, s = g.shuffle; i > 0; i--, s = (s * 1_103_515_245 + 12_345) % 2 ** 31) {
      const j = s % (i + 1);
      [scores[i], scores[j]] = [scores[j]!, scores[i]!];
    }
    const input: RankingInput & { scores: RawScore[] } = {
      settings: { quotaFen: g.quotaFen, reserveBasisPoints: g.reserveBasisPoints, criteria: CRITERIA, normalization: g.normalization, allocationMode: g.allocationMode },
      packages,
      scores,
    };
    if (g.withReviewers) input.reviewers = REVIEWERS.map((id, r) => ({ id, departmentIds: g.reviewerDepts[r] === undefined ? [] : [g.reviewerDepts[r]!] }));
    return { input, normalization: g.normalization, allocationMode: g.allocationMode };
  });

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const key = (x: number): number => Math.round(x * 10_000);
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const instant = (t: string | null | undefined): number => {
  if (t === null || t === undefined) return Infinity;
  return Date.parse(/T/.test(t) ? t : `${t}T00:00:00Z`);
};

interface Expected {
  /** per package id: per criterion the aggregated value (NaN: none) and how many scores went in */
  values: Map<string, { value: number; reviewers: number; trimmed: boolean }[]>;
  composite: Map<string, number>;
  order: string[];
  funded: Set<string>;
  availableFen: number;
  excluded: number;
  conflicted: Map<string, string[]>;
}

/** The ranking from the rules, one package and one score at a time. */
function reference(c: Case): Expected {
  const { input } = c;
  const deptsOf = new Map(input.packages.map((p) => [p.id, p.departmentShares.map((s) => s.departmentId)]));
  const reviewerDepts = new Map((input.reviewers ?? []).map((r) => [r.id, r.departmentIds]));
  const conflicted = new Map<string, string[]>();
  const kept = input.scores.filter((s) => {
    const clash = (reviewerDepts.get(s.reviewerId) ?? []).some((d) => deptsOf.get(s.packageId)!.includes(d));
    if (clash) {
      const list = conflicted.get(s.packageId) ?? [];
      if (!list.includes(s.reviewerId)) list.push(s.reviewerId);
      conflicted.set(s.packageId, list.sort());
    }
    return !clash;
  });
  // z-scores: each reviewer's scores mapped onto the pooled mean and spread
  const sd = (xs: readonly number[]): number => Math.sqrt(Math.max(0, mean(xs.map((x) => (x - 50) ** 2)) - (mean(xs) - 50) ** 2));
  const all = kept.map((s) => s.score);
  const mu = all.length > 0 ? mean(all) : 50;
  const sigma = all.length > 0 ? sd(all) : 0;
  const transformed = (s: RawScore): number => {
    if (c.normalization !== 'zscore') return s.score;
    const mine = kept.filter((x) => x.reviewerId === s.reviewerId).map((x) => x.score);
    const sr = sd(mine);
    if (!(sr > 1e-9 && sigma > 1e-9)) return mu;
    return Math.min(100, Math.max(0, mu + (sigma * (s.score - mean(mine))) / sr));
  };
  const values = new Map<string, { value: number; reviewers: number; trimmed: boolean }[]>();
  const composite = new Map<string, number>();
  for (const p of input.packages) {
    const row = CRITERIA.map((crit) => {
      const xs = kept.filter((s) => s.packageId === p.id && s.criterionKey === crit.key).map(transformed);
      if (xs.length === 0) return { value: NaN, reviewers: 0, trimmed: false };
      if (c.normalization === 'trimmed' && xs.length >= 3) {
        const sorted = [...xs].sort((a, b) => a - b);
        return { value: mean(sorted.slice(1, -1)), reviewers: xs.length, trimmed: true };
      }
      return { value: mean(xs), reviewers: xs.length, trimmed: false };
    });
    values.set(p.id, row);
    const present = CRITERIA.map((crit, i) => [crit.weight, row[i]!.value] as const).filter(([, v]) => !Number.isNaN(v));
    composite.set(p.id, present.length === 0 ? NaN : present.reduce((a, [w, v]) => a + w * v, 0) / present.reduce((a, [w]) => a + w, 0));
  }
  const sortKey = (p: RankingPackage) => {
    const ce = values.get(p.id)![1]!.value;
    const s = composite.get(p.id)!;
    return { score: Number.isNaN(s) ? 0 : key(s), ce: Number.isNaN(ce) ? -Infinity : key(ce), cost: p.costFen, at: instant(p.submittedAt), id: p.id };
  };
  const order = [...input.packages]
    .map(sortKey)
    .sort((x, y) => y.score - x.score || (x.ce === y.ce ? 0 : y.ce > x.ce ? 1 : -1) || x.cost - y.cost || (x.at === y.at ? 0 : x.at < y.at ? -1 : 1) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .map((k) => k.id);
  const quota = input.settings.quotaFen;
  const availableFen = quota - Math.round((quota * (input.settings.reserveBasisPoints ?? 1_000)) / 10_000);
  const funded = new Set<string>();
  let left = availableFen;
  for (const id of order) {
    const cost = input.packages.find((p) => p.id === id)!.costFen;
    if (cost <= left) {
      funded.add(id);
      left -= cost;
    } else if (c.allocationMode === 'strict') break;
  }
  return { values, composite, order, funded, availableFen, excluded: input.scores.length - kept.length, conflicted };
}

function expectMatches(r: RankingResult, c: Case, e: Expected): void {
  const exact = c.normalization !== 'zscore';
  for (const item of r.items) {
    const want = e.values.get(item.packageId)!;
    item.explanation.parts.forEach((part, i) => {
      expect(part.key).toBe(CRITERIA[i]!.key);
      expect(part.reviewers).toBe(want[i]!.reviewers);
      expect(part.trimmed).toBe(want[i]!.trimmed);
      if (Number.isNaN(want[i]!.value)) expect(part.value).toBeNull();
      else if (exact) expect(part.value).toBe(round4(want[i]!.value));
      else expect(part.value).toBeCloseTo(want[i]!.value, 3);
    });
    // with no scores at all nothing is reported missing
    const missing = c.input.scores.length === 0 ? [] : CRITERIA.filter((_, i) => Number.isNaN(want[i]!.value)).map((crit) => crit.key);
    expect(item.explanation.missingCriteria).toEqual(missing);
    expect(item.explanation.conflictedReviewers).toEqual(e.conflicted.get(item.packageId) ?? []);
    const comp = e.composite.get(item.packageId)!;
    if (Number.isNaN(comp)) expect(item.explanation.composite).toBeNull();
    else if (exact) expect(item.score).toBe(key(comp) / 10_000);
    else expect(item.score).toBeCloseTo(comp, 3);
  }
  expect(r.excludedForConflict).toBe(e.excluded);
  expect(r.totals.availableFen).toBe(e.availableFen);
  // z-scores go through a different summation order: scores equal to 4 decimals there may tie or not
  if (!exact) return;
  expect(r.items.map((i) => i.id)).toEqual(e.order);
  expect(r.items.filter((i) => i.funded).map((i) => i.id)).toEqual(e.order.filter((id) => e.funded.has(id)));
  let cumulative = 0;
  r.items.forEach((item, pos) => {
    cumulative += item.costFen;
    expect(item.rank).toBe(pos + 1);
    expect(item.cumulativeFen).toBe(cumulative);
    const tiedWith = [r.items[pos - 1], r.items[pos + 1]].filter((x) => x !== undefined && x.score === item.score);
    expect(item.explanation.tieBreak === null).toBe(tiedWith.length === 0);
  });
  expect(r.totals.allocatedFen).toBe(r.items.filter((i) => i.funded).reduce((a, i) => a + i.costFen, 0));
}

describe('the ranking against a plain computation from the rules', () => {
  it('aggregates, ranks, breaks ties and allocates as the rules say, from score records and from a ScoreTable alike', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const fromRecords = rankAndAllocate(c.input);
        expectMatches(fromRecords, c, reference(c));
        const fromTable = rankAndAllocate({ ...c.input, scores: toScoreTable(c.input.scores) });
        expect(fromTable).toEqual(fromRecords);
      }),
      RUNS,
    );
  });

  it('names the first bad score and its field (NaN, out of range, unknown package or criterion, duplicate), from records and from a ScoreTable', () => {
    const faults = ['nan', 'high', 'low', 'package', 'criterion', 'duplicate'] as const;
    fc.assert(
      fc.property(arbCase, fc.constantFrom(...faults), fc.nat(), (c, fault, at) => {
        const scores = [...c.input.scores];
        fc.pre(scores.length >= 2);
        const j = 1 + (at % (scores.length - 1));
        const s = scores[j]!;
        const bad: Record<(typeof faults)[number], [RawScore, string]> = {
          nan: [{ ...s, score: NaN }, `scores[${j}].score`],
          high: [{ ...s, score: 100.5 }, `scores[${j}].score`],
          low: [{ ...s, score: -1 }, `scores[${j}].score`],
          package: [{ ...s, packageId: 'nobody' }, `scores[${j}].packageId`],
          criterion: [{ ...s, criterionKey: 'nothing' }, `scores[${j}].criterionKey`],
          // a copy of an earlier score: the later one is the duplicate
          duplicate: [{ ...scores[at % j]! }, `scores[${j}]`],
        };
        const [replacement, path] = bad[fault];
        scores[j] = replacement;
        for (const given of [scores, toScoreTable(scores)]) {
          let error: unknown;
          try {
            rankAndAllocate({ ...c.input, scores: given });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(RankingInputError);
          expect((error as RankingInputError).issues.map((i) => i.path)).toEqual([path]);
        }
      }),
      RUNS,
    );
  });
});
