import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveBallots } from './ballots';
import type { CriterionWeight, RankingInput, RankingPackage, RankingResult, RawScore, ReviewerOrdering } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { schulze } from './schulze';

const CRITERIA: CriterionWeight[] = [
  { key: 'a', weight: 60 },
  { key: 'costEffectiveness', weight: 40 },
];
const REVIEWERS = ['r1', 'r2', 'r3'];
const LEVELS = ['minimum', 'current', 'enhanced'] as const;
const DEPTS = ['d1', 'd2', 'd3'];
const MAX_PACKAGES = 20;
const CELLS = REVIEWERS.length * CRITERIA.length;

const arbPackage = fc.record({
  id: fc.integer({ min: 0, max: 999 }).map((i) => `p${i}`),
  costFen: fc.integer({ min: 0, max: 1_000_000 }),
  submittedAt: fc.option(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_100_000 }).map((t) => new Date(t).toISOString()), { nil: null }),
  depts: fc.subarray(DEPTS, { minLength: 1 }),
  levels: fc.option(fc.subarray([...LEVELS], { minLength: 1 }), { nil: undefined }),
  levelCosts: fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 3, maxLength: 3 }),
});

const arbInput = fc
  .record({
    packages: fc.uniqueArray(arbPackage, { selector: (p) => p.id, minLength: 1, maxLength: MAX_PACKAGES }),
    cells: fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), { minLength: MAX_PACKAGES * CELLS, maxLength: MAX_PACKAGES * CELLS }),
    quotaFen: fc.integer({ min: 0, max: 6_000_000 }),
    reserveBasisPoints: fc.integer({ min: 0, max: 3_000 }),
    normalization: fc.constantFrom('none' as const, 'zscore' as const, 'trimmed' as const),
    allocationMode: fc.constantFrom('strict' as const, 'skipAndContinue' as const),
    useIncrements: fc.boolean(),
    incrementDecay: fc.integer({ min: 0, max: 20 }),
    pinMask: fc.array(fc.boolean(), { minLength: MAX_PACKAGES, maxLength: MAX_PACKAGES }),
  })
  .map((g): RankingInput & { scores: RawScore[] } => {
    const packages: RankingPackage[] = g.packages.map((p) => {
      const bp = p.depts.map((_, i) => Math.floor(10_000 / p.depts.length) + (i < 10_000 % p.depts.length ? 1 : 0));
      const pkg: RankingPackage = {
        id: p.id,
        costFen: p.costFen,
        submittedAt: p.submittedAt,
        departmentShares: p.depts.map((departmentId, i) => ({ departmentId, basisPoints: bp[i]! })),
      };
      if (p.levels !== undefined) pkg.levels = p.levels.map((level, i) => ({ level, costFen: p.levelCosts[i]! }));
      return pkg;
    });
    const scores: RawScore[] = [];
    packages.forEach((p, pi) =>
      REVIEWERS.forEach((reviewerId, ri) =>
        CRITERIA.forEach((c, ci) => {
          const score = g.cells[pi * CELLS + ri * CRITERIA.length + ci];
          if (score !== undefined) scores.push({ reviewerId, packageId: p.id, criterionKey: c.key, score });
        }),
      ),
    );
    return {
      settings: {
        quotaFen: g.quotaFen,
        reserveBasisPoints: g.reserveBasisPoints,
        criteria: CRITERIA,
        normalization: g.normalization,
        allocationMode: g.allocationMode,
        useIncrements: g.useIncrements,
        incrementDecay: g.incrementDecay,
        pinnedPackageIds: packages.filter((_, i) => g.pinMask[i]).map((p) => p.id),
      },
      packages,
      scores,
    };
  });

function expectedItemIds(input: RankingInput): string[] {
  return input.packages.flatMap((p) =>
    input.settings.useIncrements && p.levels !== undefined && p.levels.length > 0 ? p.levels.map((l) => `${p.id}#${l.level}`) : [p.id],
  );
}

const rankOf = (r: RankingResult, id: string): number => r.items.find((i) => i.id === id)!.rank;
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('ranking and allocation properties', () => {
  it('the ranking is a permutation of the input items, ranked 1…n', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = rankAndAllocate(input);
        expect(r.items.map((i) => i.id).sort()).toEqual(expectedItemIds(input).sort());
        expect(r.items.map((i) => i.rank)).toEqual(r.items.map((_, i) => i + 1));
        for (let i = 1; i < r.items.length; i++) {
          // scores never increase down the ranking, except where level precedence moved an increment
          if (!r.items[i]!.explanation.increment?.precedenceAdjusted) expect(r.items[i]!.score).toBeLessThanOrEqual(r.items[i - 1]!.score);
        }
      }),
    );
  });

  it('allocation never exceeds quota − reserve, and the books balance', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = rankAndAllocate(input);
        const t = r.totals;
        expect(t.availableFen).toBe(t.quotaFen - t.reserveFen);
        expect(t.allocatedFen).toBeLessThanOrEqual(t.availableFen);
        expect(t.remainderFen).toBe(t.availableFen - t.allocatedFen);
        expect(t.remainderFen).toBeGreaterThanOrEqual(0);
        expect(sum(r.items.map((i) => i.fundedFen))).toBe(t.allocatedFen);
        expect(sum(r.perPackage.map((p) => p.fundedFen))).toBe(t.allocatedFen);
        expect(sum(r.perDepartment.map((d) => d.fundedFen))).toBe(t.allocatedFen);
        expect(sum(r.perDepartment.map((d) => d.requestedFen))).toBe(t.requestedFen);
        for (const d of r.perDepartment) expect(d.unfundedFen).toBe(d.requestedFen - d.fundedFen);
        for (const i of r.items) expect(i.fundedFen).toBe(i.funded ? i.costFen : 0);
      }),
    );
  });

  it('a lower level always precedes its own higher levels, and funded levels are a prefix', () => {
    fc.assert(
      fc.property(arbInput, (raw) => {
        const input = { ...raw, settings: { ...raw.settings, useIncrements: true } };
        const r = rankAndAllocate(input);
        for (const p of input.packages) {
          const mine = r.items.filter((i) => i.packageId === p.id && i.level !== undefined);
          const byLevel = [...mine].sort((a, b) => LEVELS.indexOf(a.level!) - LEVELS.indexOf(b.level!));
          expect(mine.map((i) => i.id)).toEqual(byLevel.map((i) => i.id)); // rank order = level order
          const funded = byLevel.map((i) => i.funded);
          expect(funded).toEqual([...funded].sort((a, b) => Number(b) - Number(a)));
        }
      }),
    );
  });

  it('strict funds a subset of what skip-and-continue funds; in strict, non-pinned funding is a prefix', () => {
    fc.assert(
      fc.property(arbInput, (raw) => {
        const strict = rankAndAllocate({ ...raw, settings: { ...raw.settings, allocationMode: 'strict' } });
        const skip = rankAndAllocate({ ...raw, settings: { ...raw.settings, allocationMode: 'skipAndContinue' } });
        const skipFunded = new Set(skip.items.filter((i) => i.funded).map((i) => i.id));
        for (const i of strict.items) if (i.funded) expect(skipFunded.has(i.id)).toBe(true);
        expect(skip.totals.allocatedFen).toBeGreaterThanOrEqual(strict.totals.allocatedFen);
        const free = strict.items.filter((i) => !i.pinned).map((i) => i.funded);
        expect(free).toEqual([...free].sort((a, b) => Number(b) - Number(a)));
      }),
    );
  });

  it('raising one score of a package never lowers its rank (normalization none and trimmed)', () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.constantFrom('none' as const, 'trimmed' as const),
        fc.nat(),
        fc.integer({ min: 1, max: 100 }),
        (raw, normalization, pick, delta) => {
          const scores = raw.scores;
          fc.pre(scores.length > 0);
          const input = { ...raw, settings: { ...raw.settings, normalization, useIncrements: false } };
          const target = scores[pick % scores.length]!;
          const raised = scores.map((s) => (s === target ? { ...s, score: Math.min(100, s.score + delta) } : s));
          const before = rankOf(rankAndAllocate(input), target.packageId);
          const after = rankOf(rankAndAllocate({ ...input, scores: raised }), target.packageId);
          expect(after).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('does not depend on the order of packages or scores (determinism)', () => {
    fc.assert(
      fc.property(arbInput, fc.nat(), (raw, seed) => {
        const input = { ...raw, settings: { ...raw.settings, normalization: 'none' as const } };
        const rotate = <T>(xs: readonly T[]): T[] => (xs.length === 0 ? [] : [...xs.slice(seed % xs.length), ...xs.slice(0, seed % xs.length)].reverse());
        const a = rankAndAllocate(input);
        const b = rankAndAllocate({ ...input, packages: rotate(input.packages), scores: rotate(input.scores) });
        expect(b.items.map((i) => [i.id, i.score, i.funded, i.explanation.tieBreak])).toEqual(a.items.map((i) => [i.id, i.score, i.funded, i.explanation.tieBreak]));
        expect(b.totals).toEqual(a.totals);
      }),
    );
  });
});

const arbBallots = fc
  .integer({ min: 2, max: 8 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      ballots: fc.array(fc.shuffledSubarray(Array.from({ length: n }, (_, i) => `c${i}`), { minLength: 1 }), { minLength: 1, maxLength: 9 }),
    }),
  )
  .map(({ n, ballots }) => ({
    packages: Array.from({ length: n }, (_, i): RankingPackage => ({
      id: `c${i}`,
      costFen: 100,
      submittedAt: null,
      departmentShares: [{ departmentId: 'd', basisPoints: 10_000 }],
    })),
    orderings: ballots.map((packageIds, i): ReviewerOrdering => ({ reviewerId: `r${i}`, packageIds })),
  }));

describe('ordering methods properties', () => {
  it('Borda: moving a package up one place in one ballot never lowers its rank', () => {
    fc.assert(
      fc.property(arbBallots, fc.nat(), fc.nat(), ({ packages, orderings }, b, pos) => {
        const ballot = orderings[b % orderings.length]!;
        fc.pre(ballot.packageIds.length >= 2);
        const i = 1 + (pos % (ballot.packageIds.length - 1));
        const moved = [...ballot.packageIds];
        [moved[i - 1], moved[i]] = [moved[i]!, moved[i - 1]!];
        const raisedId = moved[i - 1]!;
        const settings = { quotaFen: 0, method: 'borda' as const };
        const before = rankAndAllocate({ settings, packages, orderings });
        const after = rankAndAllocate({ settings, packages, orderings: orderings.map((o) => (o === ballot ? { ...o, packageIds: moved } : o)) });
        expect(rankOf(after, raisedId)).toBeLessThanOrEqual(rankOf(before, raisedId));
      }),
    );
  });

  it('Schulze: the order never puts a candidate above one that beats it, even with cycles', () => {
    fc.assert(
      fc.property(arbBallots, ({ packages, orderings }) => {
        const r = rankAndAllocate({ settings: { quotaFen: 0, method: 'schulze' }, packages, orderings });
        const index = new Map(packages.map((p, i) => [p.id, i]));
        const { strongestPaths: p } = schulze(resolveBallots(orderings, index, new Map(), [], null));
        const n = packages.length;
        const order = r.items.map((i) => index.get(i.id)!);
        for (let x = 0; x < n; x++) {
          for (let y = x + 1; y < n; y++) {
            const above = order[x]!;
            const below = order[y]!;
            expect(p[below * n + above]! > p[above * n + below]!).toBe(false);
          }
        }
      }),
    );
  });

  it('Borda and Schulze rank every package exactly once', () => {
    fc.assert(
      fc.property(arbBallots, fc.constantFrom('borda' as const, 'schulze' as const), ({ packages, orderings }, method) => {
        const r = rankAndAllocate({ settings: { quotaFen: 0, method }, packages, orderings });
        expect(r.items.map((i) => i.id).sort()).toEqual(packages.map((p) => p.id).sort());
      }),
    );
  });
});
