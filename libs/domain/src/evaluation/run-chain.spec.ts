import { describe, expect, it } from 'vitest';
import { rankingRunBody } from './ranking-run';
import { chainDigestInput, verifyRunChain, type RunChainEntry } from './run-chain';
import { ONE_CRITERION, pkg, scoresOf } from './spec-helpers';

/** The chain takes its hash function as a parameter (the api and tools/recompute.mjs pass SHA-256); any deterministic digest tests the linking. */
const sha256 = (text: string) => {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
};
const structuredClone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function chain(quotas: number[]): RunChainEntry[] {
  const out: RunChainEntry[] = [];
  let previousHash: string | null = null;
  quotas.forEach((quotaFen, i) => {
    const run = rankingRunBody('c', { settings: { quotaFen, criteria: ONE_CRITERION }, packages: [pkg('a', 100), pkg('b', 50)], scores: scoresOf({ a: { r: 90 }, b: { r: 50 } }) });
    const hash = sha256(chainDigestInput(previousHash, run));
    out.push({ seq: i + 1, previousHash, hash, run, recordedAt: '2026-12-01T00:00:00Z' });
    previousHash = hash;
  });
  return out;
}

describe('ranking run chain', () => {
  it('verifies an untouched chain and reports its head', () => {
    const c = chain([100, 200, 300]);
    expect(verifyRunChain(c, sha256)).toEqual({ ok: true, entries: 3, head: c[2]!.hash });
  });

  it('names the first entry whose content was altered afterwards', () => {
    const c = structuredClone(chain([100, 200, 300]));
    c[1]!.run.output.items[1]!.funded = !c[1]!.run.output.items[1]!.funded;
    expect(verifyRunChain(c, sha256)).toEqual({ ok: false, seq: 2, reason: 'hashMismatch' });
  });

  it('catches a rewritten entry whose hash was recomputed: the next entry no longer links to it', () => {
    const c = structuredClone(chain([100, 200, 300]));
    c[1]!.run.input.settings.quotaFen = 999;
    c[1]!.hash = sha256(chainDigestInput(c[1]!.previousHash, c[1]!.run));
    expect(verifyRunChain(c, sha256)).toEqual({ ok: false, seq: 3, reason: 'linkBroken' });
  });

  it('catches a removed entry', () => {
    const c = chain([100, 200, 300]);
    expect(verifyRunChain([c[0]!, c[2]!], sha256)).toEqual({ ok: false, seq: 3, reason: 'outOfOrder' });
  });
});
