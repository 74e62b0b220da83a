import { describe, expect, it } from 'vitest';
import type { RankingInput } from './model';
import { canonicalJson, firstOutputDifference, rankingRunBody } from './ranking-run';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

/** the library reads no crypto: the hash is over this text, so equal text means an equal hash */
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const input: RankingInput = {
  settings: { quotaFen: 1_000_000, reserveBasisPoints: 0, criteria: ONE_CRITERION, mandatedPackageIds: ['C'], alternativeGroups: [{ id: 'g', packageIds: ['A', 'B'] }] },
  packages: [pkg('A', 600_000), pkg('B', 500_000), pkg('C', 300_000)],
  scores: scoresOf({ A: { r: 90 }, B: { r: 80 }, C: { r: 70 } }),
};

describe('ranking runs', () => {
  it('writes canonical JSON: sorted keys, no whitespace, undefined members left out', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: 'x' }] })).toBe('{"a":[1,{"c":"x"}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('recomputing an exported run gives the same output and the same hash', () => {
    const body = rankingRunBody('cycle', input);
    const hashed = canonicalJson(body);
    const { hashed: recorded, ...again } = clone({ ...body, hashed });
    expect(canonicalJson(again)).toBe(recorded);
    expect(firstOutputDifference(again)).toBeNull();
    expect(body.output.items.map((i) => [i.id, i.funded, i.funding])).toEqual([
      ['A', true, 'withinQuota'],
      ['B', false, 'alternativeFunded'],
      ['C', true, 'mandated'],
    ]);
  });

  it('names the first recorded output that the inputs do not give', () => {
    const body = rankingRunBody('cycle', input);
    const forged = clone(body);
    forged.output.items[1]!.funded = true;
    expect(firstOutputDifference(forged)).toBe('output.items[1].funded');
    const otherInput = clone(body);
    (otherInput.input.scores as unknown as { score: number }[])[1]!.score = 95; // B now outranks A
    expect(firstOutputDifference(otherInput)).toBe('output.items[0].costFen'); // B (500 000) now ranks first, where A (600 000) was
  });
});
