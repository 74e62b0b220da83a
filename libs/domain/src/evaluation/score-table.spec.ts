import { describe, expect, it } from 'vitest';
import type { RankingInput } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { toScoreTable, type ScoreTable } from './score-table';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

describe('score table', () => {
  const records = scoresOf({ A: { r1: 90, r2: 10, r3: 50 }, B: { r1: 90, r2: 70 }, C: { r1: 70, r2: 70, r3: 20 } });

  it('stores ids once and scores in typed columns, in record order', () => {
    const t = toScoreTable(records);
    expect(t.packageIds).toEqual(['A', 'B', 'C']);
    expect(t.reviewerIds).toEqual(['r1', 'r2', 'r3']);
    expect(t.criterionKeys).toEqual(['q']);
    expect(Array.from(t.packageIndex)).toEqual([0, 0, 0, 1, 1, 2, 2, 2]);
    expect(Array.from(t.reviewerIndex)).toEqual([0, 1, 2, 0, 1, 0, 1, 2]);
    expect(Array.from(t.score)).toEqual([90, 10, 50, 90, 70, 70, 70, 20]);
  });

  it('ranks the same from records and from a table, for every normalization', () => {
    for (const normalization of ['none', 'zscore', 'trimmed'] as const) {
      const input: RankingInput = {
        settings: { quotaFen: 250, reserveBasisPoints: 0, criteria: ONE_CRITERION, normalization },
        packages: [pkg('A', 100), pkg('B', 100), pkg('C', 100)],
        reviewers: [{ id: 'r3', departmentIds: ['d1'] }],
        scores: records,
      };
      const fromRecords = rankAndAllocate(input);
      const fromTable = rankAndAllocate({ ...input, scores: toScoreTable(records) });
      expect(fromTable).toEqual(fromRecords);
      expect(fromTable.excludedForConflict).toBe(2); // r3 belongs to d1, which owns every package
    }
  });

  it('checks a hand-built table: column lengths, indexes, ids and ranges', () => {
    const base: ScoreTable = {
      packageIds: ['A'],
      reviewerIds: ['r1'],
      criterionKeys: ['q'],
      packageIndex: Int32Array.of(0),
      reviewerIndex: Int32Array.of(0),
      criterionIndex: Int32Array.of(0),
      score: Float64Array.of(50),
    };
    const run = (scores: ScoreTable) => rankAndAllocate({ settings: { quotaFen: 0, criteria: ONE_CRITERION }, packages: [pkg('A', 1)], scores });
    expect(run(base).items[0]!.score).toBe(50);
    expect(() => run({ ...base, score: Float64Array.of(50, 60) })).toThrow(/columns differ in length/);
    expect(() => run({ ...base, packageIndex: Int32Array.of(1) })).toThrow(/outside the table dictionaries/);
    expect(() => run({ ...base, packageIds: ['Z'] })).toThrow(/unknown package "Z"/);
    expect(() => run({ ...base, score: Float64Array.of(Number.NaN) })).toThrow(/scores\[0\]\.score/);
    expect(() =>
      run({ ...base, packageIndex: Int32Array.of(0, 0), reviewerIndex: Int32Array.of(0, 0), criterionIndex: Int32Array.of(0, 0), score: Float64Array.of(1, 2) }),
    ).toThrow(/scored "A" on "q" twice/);
    // the same reviewer under two dictionary entries is still the same reviewer
    expect(() =>
      run({
        ...base,
        reviewerIds: ['r1', 'r1'],
        packageIndex: Int32Array.of(0, 0),
        reviewerIndex: Int32Array.of(0, 1),
        criterionIndex: Int32Array.of(0, 0),
        score: Float64Array.of(1, 2),
      }),
    ).toThrow(/twice/);
  });

  it('finds duplicates in sparse input too (many reviewers and packages, few scores)', () => {
    const packages = Array.from({ length: 1_000 }, (_, i) => pkg(`p${i}`, 1));
    const reviewers = Array.from({ length: 2_000 }, (_, i) => ({ id: `r${i}`, departmentIds: [] }));
    const run = (scores: ReturnType<typeof scoresOf>) => rankAndAllocate({ settings: { quotaFen: 0, criteria: ONE_CRITERION }, packages, reviewers, scores });
    expect(run(scoresOf({ p7: { r1999: 80 }, p8: { r1999: 70 } })).items[0]!.id).toBe('p7');
    expect(() => run([...scoresOf({ p7: { r1999: 80 } }), ...scoresOf({ p7: { r1999: 80 } })])).toThrow(/twice/);
  });
});
