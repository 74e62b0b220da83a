import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wanYuanToFen } from '../money';
import { allocate, availableAfterReserve } from './allocation';
import { splitByShares, validateDepartmentShares } from './department-split';
import type { RankingInput } from './model';
import { parseInstant } from './package-index';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

// Quota 1 000 000 fen, reserve 10 % → 900 000 available.
// Ranking A 90, B 80, C 70, D 60, E 50 with costs 400k, 300k, 300k, 100k, 50k.
const input: RankingInput = {
  settings: { quotaFen: 1_000_000, criteria: ONE_CRITERION },
  packages: [
    pkg('A', 400_000, { departmentShares: [{ departmentId: 'power', basisPoints: 6_000 }, { departmentId: 'telecom', basisPoints: 4_000 }] }),
    pkg('B', 300_000, { departmentShares: [{ departmentId: 'housing', amountFen: 200_000 }, { departmentId: 'power', amountFen: 100_000 }] }),
    pkg('C', 300_000, { departmentShares: [{ departmentId: 'housing', basisPoints: 10_000 }] }),
    pkg('D', 100_000, { departmentShares: [{ departmentId: 'telecom', basisPoints: 10_000 }] }),
    pkg('E', 50_000, { departmentShares: [{ departmentId: 'water', basisPoints: 10_000 }] }),
  ],
  scores: scoresOf({ A: { r: 90 }, B: { r: 80 }, C: { r: 70 }, D: { r: 60 }, E: { r: 50 } }),
};
const funded = (r: ReturnType<typeof rankAndAllocate>) => r.items.filter((i) => i.funded).map((i) => i.id);

describe('allocation', () => {
  it('holds back the reserve (default 10 %)', () => {
    expect(availableAfterReserve(wanYuanToFen(500_000))).toEqual({ reserveFen: wanYuanToFen(50_000), availableFen: wanYuanToFen(450_000) });
    expect(availableAfterReserve(1_000_005, 1_000)).toEqual({ reserveFen: 100_001, availableFen: 900_004 });
  });

  it('strict: stops at the first item that does not fit — the cutoff line', () => {
    const r = rankAndAllocate(input);
    expect(funded(r)).toEqual(['A', 'B']);
    expect(r.items.map((i) => i.explanation.funding)).toEqual(['withinQuota', 'withinQuota', 'doesNotFit', 'belowCutoff', 'belowCutoff']);
    expect(r.cutoff).toEqual({ rank: 2, itemId: 'B', amountFen: 700_000, firstUnfundedRank: 3, firstUnfundedItemId: 'C', shortfallFen: 100_000 });
    expect(r.totals).toEqual({
      quotaFen: 1_000_000,
      reserveFen: 100_000,
      availableFen: 900_000,
      requestedFen: 1_150_000,
      allocatedFen: 700_000,
      remainderFen: 200_000,
    });
    expect(r.items.map((i) => i.cumulativeFen)).toEqual([400_000, 700_000, 1_000_000, 1_100_000, 1_150_000]);
  });

  it('skipAndContinue: funds smaller items further down that still fit', () => {
    const r = rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode: 'skipAndContinue' } });
    expect(funded(r)).toEqual(['A', 'B', 'D', 'E']);
    expect(r.items[2]!.explanation.funding).toBe('doesNotFit');
    // the cutoff line is still where the flow first broke
    expect(r.cutoff).toMatchObject({ rank: 2, amountFen: 700_000, firstUnfundedRank: 3 });
    expect(r.totals).toMatchObject({ allocatedFen: 850_000, remainderFen: 50_000 });
  });

  it('funds pinned packages first, whatever their rank', () => {
    const r = rankAndAllocate({ ...input, settings: { ...input.settings, pinnedPackageIds: ['D'] } });
    // D takes 100k first; A 400k and B 300k fit in 800k; C 300k does not fit in the 100k left
    expect(funded(r)).toEqual(['A', 'B', 'D']);
    expect(r.items.find((i) => i.id === 'D')).toMatchObject({ rank: 4, pinned: true, funded: true, explanation: { funding: 'pinned' } });
    expect(r.items.find((i) => i.id === 'E')!.explanation.funding).toBe('belowCutoff');
    expect(r.cutoff).toMatchObject({ rank: 2, firstUnfundedRank: 3, shortfallFen: 200_000 });
    expect(r.totals.allocatedFen).toBe(800_000);

    // a pinned package that can push others out
    const heavy = rankAndAllocate({ ...input, settings: { ...input.settings, pinnedPackageIds: ['C', 'D'] } });
    expect(funded(heavy)).toEqual(['A', 'C', 'D']);
    expect(heavy.cutoff).toMatchObject({ rank: 1, firstUnfundedRank: 2 });

    // a pinned package larger than the money is reported, not forced
    const tooBig = rankAndAllocate({ ...input, settings: { ...input.settings, quotaFen: 100_000, pinnedPackageIds: ['A'] } });
    expect(tooBig.items[0]!.explanation.funding).toBe('pinnedDoesNotFit');
    expect(tooBig.totals.allocatedFen).toBeLessThanOrEqual(tooBig.totals.availableFen);
  });

  it('reports funded and unfunded money per package and per department', () => {
    const r = rankAndAllocate(input);
    expect(r.perPackage.map((p) => [p.packageId, p.status, p.fundedFen, p.unfundedFen])).toEqual([
      ['A', 'funded', 400_000, 0],
      ['B', 'funded', 300_000, 0],
      ['C', 'unfunded', 0, 300_000],
      ['D', 'unfunded', 0, 100_000],
      ['E', 'unfunded', 0, 50_000],
    ]);
    expect(r.perPackage[0]!.byDepartment).toEqual([
      { departmentId: 'power', requestedFen: 240_000, fundedFen: 240_000, unfundedFen: 0 },
      { departmentId: 'telecom', requestedFen: 160_000, fundedFen: 160_000, unfundedFen: 0 },
    ]);
    expect(r.perDepartment).toEqual([
      { departmentId: 'housing', requestedFen: 500_000, fundedFen: 200_000, unfundedFen: 300_000 },
      { departmentId: 'power', requestedFen: 340_000, fundedFen: 340_000, unfundedFen: 0 },
      { departmentId: 'telecom', requestedFen: 260_000, fundedFen: 160_000, unfundedFen: 100_000 },
      { departmentId: 'water', requestedFen: 50_000, fundedFen: 0, unfundedFen: 50_000 },
    ]);
  });

  it('funds nothing when the first item does not fit (strict)', () => {
    const r = rankAndAllocate({ ...input, settings: { ...input.settings, quotaFen: 300_000 } });
    expect(funded(r)).toEqual([]);
    expect(r.cutoff).toMatchObject({ rank: null, itemId: null, amountFen: 0, firstUnfundedRank: 1, shortfallFen: 130_000 });
  });

  it('funds everything when the money suffices; the cutoff is the last item', () => {
    const r = rankAndAllocate({ ...input, settings: { ...input.settings, quotaFen: 2_000_000 } });
    expect(r.cutoff).toMatchObject({ rank: 5, itemId: 'E', amountFen: 1_150_000, firstUnfundedRank: null, shortfallFen: 0 });
  });

  it('works on bare entries too', () => {
    const out = allocate(
      [
        { costFen: 5, pinned: false, group: 0, ordinal: 0 },
        { costFen: 6, pinned: false, group: 1, ordinal: 0 },
        { costFen: 4, pinned: false, group: 2, ordinal: 0 },
      ],
      10,
      'skipAndContinue',
    );
    expect(Array.from(out.funded)).toEqual([1, 0, 1]);
    expect(out.remainderFen).toBe(1);
  });
});

describe('department split', () => {
  it('splits to the fen by largest remainder, always adding up', () => {
    const thirds = [
      { departmentId: 'a', basisPoints: 3_334 },
      { departmentId: 'b', basisPoints: 3_333 },
      { departmentId: 'c', basisPoints: 3_333 },
    ];
    expect(splitByShares(100, thirds)).toEqual([34, 33, 33]);
    expect(splitByShares(1, thirds)).toEqual([1, 0, 0]);
    expect(splitByShares(Number.MAX_SAFE_INTEGER, thirds).reduce((a, b) => a + b, 0)).toBe(Number.MAX_SAFE_INTEGER);
    // amounts act as proportions for a different total (e.g. one increment of a joint package)
    expect(splitByShares(50, [{ departmentId: 'a', amountFen: 300 }, { departmentId: 'b', amountFen: 100 }])).toEqual([38, 12]);
  });

  it('checks basis points sum to 10 000 and amounts to the cost', () => {
    expect(validateDepartmentShares([{ departmentId: 'a', basisPoints: 9_000 }], 10, 'x')[0]!.message).toMatch(/sum to 10000/);
    expect(validateDepartmentShares([{ departmentId: 'a', amountFen: 9 }], 10, 'x')[0]!.message).toMatch(/package costs 10/);
    expect(validateDepartmentShares([], 10, 'x')[0]!.message).toMatch(/at least one/);
    expect(() => rankAndAllocate({ settings: { quotaFen: 0 }, packages: [pkg('A', 1, { departmentShares: [] })] })).toThrow(
      /packages\[0\]\.departmentShares/,
    );
  });
});

describe('submission times', () => {
  it('reads a date-time without offset as UTC and rejects non-ISO text', () => {
    expect(parseInstant('2025-03-01T09:00:00')).toBe(Date.UTC(2025, 2, 1, 9));
    expect(parseInstant('2025-03-01T09:00:00+08:00')).toBe(Date.UTC(2025, 2, 1, 1));
    expect(parseInstant('2025-03-01')).toBe(Date.UTC(2025, 2, 1));
    expect(parseInstant('March 1, 2025')).toBeNaN();
    expect(() => rankAndAllocate({ settings: { quotaFen: 0 }, packages: [pkg('A', 1, { submittedAt: 'yesterday' })] })).toThrow(/packages\[0\]\.submittedAt/);
  });

  it('reads the toISOString form (digits, any field out of range included) exactly as Date.parse does', () => {
    const field = (max: number, width: number) => fc.integer({ min: 0, max }).map((x) => String(x).padStart(width, '0'));
    const canonical = fc
      .tuple(field(9_999, 4), field(13, 2), field(32, 2), field(25, 2), field(61, 2), field(61, 2), field(999, 3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(fc.oneof(canonical, fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString())), (text) => {
        expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
      }),
      { seed: 20261202, numRuns: 5_000 },
    );
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseInstant('2025-02-29T00:00:00.000Z')).toBe(Date.parse('2025-02-29T00:00:00.000Z'));
    expect(parseInstant('0099-01-01T00:00:00.000Z')).toBe(Date.parse('0099-01-01T00:00:00.000Z'));
  });
});
