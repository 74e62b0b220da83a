import { describe, expect, it } from 'vitest';
import { resolveBallots } from './ballots';
import { bordaCount } from './borda';
import type { RankingInput, ReviewerOrdering } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { pairwisePreferences, schulze } from './schulze';
import { ONE_CRITERION, pkg } from './spec-helpers';

function ballots(groups: [number, string[]][]): ReviewerOrdering[] {
  const out: ReviewerOrdering[] = [];
  for (const [count, order] of groups) for (let i = 0; i < count; i++) out.push({ reviewerId: `r${out.length + 1}`, packageIds: order });
  return out;
}

// 9 reviewers: 4 × A>B>C, 3 × B>C>A, 2 × C>A>B.
// Pairwise: A:B = 6:3, B:C = 7:2, C:A = 5:4 — a Condorcet cycle A > B > C > A: no majority winner.
const cycle = ballots([
  [4, ['A', 'B', 'C']],
  [3, ['B', 'C', 'A']],
  [2, ['C', 'A', 'B']],
]);
const index = new Map([
  ['A', 0],
  ['B', 1],
  ['C', 2],
]);
const resolve = (orderings: ReviewerOrdering[]) => resolveBallots(orderings, index, new Map(), [], null);

describe('Borda count', () => {
  it('gives m−1 … 0 points per ballot (hand-computed)', () => {
    // A: 4·2 + 3·0 + 2·1 = 10;  B: 4·1 + 3·2 + 2·0 = 10;  C: 4·0 + 3·1 + 2·2 = 7
    const b = bordaCount(resolve(cycle));
    expect(Array.from(b.points)).toEqual([10, 10, 7]);
    expect(Array.from(b.maxPoints)).toEqual([18, 18, 18]);
    expect(Array.from(b.score).map((s) => Math.round(s * 1e4) / 1e4)).toEqual([55.5556, 55.5556, 38.8889]);
  });

  it('breaks the A–B tie with the common tie-breaks and says so', () => {
    const result = rankAndAllocate({
      settings: { quotaFen: 0, method: 'borda', criteria: ONE_CRITERION },
      packages: [pkg('A', 500), pkg('B', 300), pkg('C', 100)],
      orderings: cycle,
    });
    expect(result.items.map((i) => [i.id, i.score])).toEqual([
      ['B', 55.5556],
      ['A', 55.5556],
      ['C', 38.8889],
    ]);
    expect(result.items[0]!.explanation).toMatchObject({ method: 'borda', tieBreak: 'lowerCost', tieBreakAgainst: 'A', borda: { points: 10, ballots: 9 } });
    expect(result.items[2]!.explanation.tieBreak).toBeNull();
  });

  it('ties candidates left off a partial ballot below the listed ones', () => {
    // one ballot lists only B: B gets 2 (two below), A and C tie: (2 − 1)/2 = 0.5 each
    const b = bordaCount(resolve([{ reviewerId: 'r', packageIds: ['B'] }]));
    expect(Array.from(b.points)).toEqual([0.5, 2, 0.5]);
  });

  it('leaves a conflicted package out of that reviewer’s ballot', () => {
    const conflicts = new Uint8Array([1, 0, 0]); // reviewer 0 may not judge A
    const b = bordaCount(resolveBallots([{ reviewerId: 'r', packageIds: ['A', 'B', 'C'] }], index, new Map([['r', 0]]), ['r'], conflicts));
    // the ballot compares B and C only: B 1 point of 1, C 0; A is judged by nobody
    expect(Array.from(b.points)).toEqual([0, 1, 0]);
    expect(Array.from(b.ballots)).toEqual([0, 1, 1]);
  });
});

describe('Schulze method', () => {
  it('finds an order through a Condorcet cycle (hand-computed strongest paths)', () => {
    const r = schulze(resolve(cycle));
    // d: A>B 6, B>A 3, B>C 7, C>B 2, C>A 5, A>C 4
    expect(Array.from(r.preferences)).toEqual([0, 6, 4, 3, 0, 7, 5, 2, 0]);
    // links (winning votes): A→B 6, B→C 7, C→A 5
    // p[A][C] = min(A→B 6, B→C 7) = 6;  p[B][A] = min(B→C 7, C→A 5) = 5;  p[C][B] = min(C→A 5, A→B 6) = 5
    expect(Array.from(r.strongestPaths)).toEqual([0, 6, 6, 5, 0, 7, 5, 5, 0]);
    // A beats B (6 > 5) and C (6 > 5); B beats C (7 > 5)
    expect(Array.from(r.wins)).toEqual([2, 1, 0]);
    // plain majority: every candidate loses one pairwise contest, so there is no Condorcet winner
    const d = pairwisePreferences(resolve(cycle));
    const beatenByMajority = [0, 1, 2].map((a) => [0, 1, 2].some((b) => b !== a && d[b * 3 + a]! > d[a * 3 + b]!));
    expect(beatenByMajority).toEqual([true, true, true]);
  });

  it('ranks A, B, C through rankAndAllocate whatever the input order', () => {
    const input: RankingInput = {
      settings: { quotaFen: 0, method: 'schulze', criteria: ONE_CRITERION },
      packages: [pkg('C', 1), pkg('B', 1), pkg('A', 1)],
      orderings: [...cycle].reverse(),
    };
    const result = rankAndAllocate(input);
    expect(result.items.map((i) => [i.id, i.score, i.explanation.schulze?.wins])).toEqual([
      ['A', 100, 2],
      ['B', 50, 1],
      ['C', 0, 0],
    ]);
    expect(result.items.every((i) => i.explanation.tieBreak === null)).toBe(true);
  });

  it('gives a deterministic order for a perfectly symmetric cycle (all strongest paths equal)', () => {
    const symmetric = ballots([
      [1, ['A', 'B', 'C']],
      [1, ['B', 'C', 'A']],
      [1, ['C', 'A', 'B']],
    ]);
    const r = schulze(resolve(symmetric));
    expect(Array.from(r.strongestPaths)).toEqual([0, 2, 2, 2, 0, 2, 2, 2, 0]);
    expect(Array.from(r.wins)).toEqual([0, 0, 0]);
    const run = (packages: RankingInput['packages']) =>
      rankAndAllocate({ settings: { quotaFen: 0, method: 'schulze', criteria: ONE_CRITERION }, packages, orderings: symmetric }).items.map((i) => [
        i.id,
        i.explanation.tieBreak,
        i.explanation.tieBreakAgainst,
      ]);
    // equal wins → tie-breaks: lower cost first (C), then id (A before B); each item names the
    // neighbour above it it was separated from (the first one, the neighbour below)
    const expected = [
      ['C', 'lowerCost', 'A'],
      ['A', 'lowerCost', 'C'],
      ['B', 'id', 'A'],
    ];
    expect(run([pkg('A', 2), pkg('B', 2), pkg('C', 1)])).toEqual(expected);
    expect(run([pkg('C', 1), pkg('B', 2), pkg('A', 2)])).toEqual(expected);
  });

  it('refuses more candidates than the configured limit, and needs orderings', () => {
    const packages = [pkg('A', 1), pkg('B', 1), pkg('C', 1)];
    expect(() => rankAndAllocate({ settings: { quotaFen: 0, method: 'schulze', maxSchulzeCandidates: 2 }, packages, orderings: cycle })).toThrow(/O\(n³\)/);
    expect(() => rankAndAllocate({ settings: { quotaFen: 0, method: 'borda' }, packages })).toThrow(/needs at least one reviewer ordering/);
    expect(() =>
      rankAndAllocate({ settings: { quotaFen: 0, method: 'borda' }, packages, orderings: [{ reviewerId: 'r', packageIds: ['A', 'A'] }] }),
    ).toThrow(/listed twice/);
  });
});
