import { canonicalJson, type RankingRunBody } from './ranking-run';

export const RUN_CHAIN_FORMAT = 'zerobase.ranking-chain/1';

/** One recorded ranking run, linked to the one before it. */
export interface RunChainEntry {
  seq: number;
  /** hash of the entry before (null for the first) */
  previousHash: string | null;
  /** sha256(chainDigestInput(previousHash, run)) */
  hash: string;
  run: RankingRunBody;
  recordedAt: string;
}

/** The chain as exported: every entry in order; the last hash is the checkpoint to publish. */
export interface RunChain {
  format: typeof RUN_CHAIN_FORMAT;
  cycleId: string;
  entries: RunChainEntry[];
  head: string | null;
}

/** What an entry's hash covers: the previous entry's hash and the whole run (inputs and output), canonically. */
export function chainDigestInput(previousHash: string | null, run: RankingRunBody): string {
  return canonicalJson({ previousHash, run });
}

export type ChainVerdict = { ok: true; entries: number; head: string | null } | { ok: false; seq: number; reason: 'outOfOrder' | 'linkBroken' | 'hashMismatch' };

/**
 * Checks a chain: entries numbered 1, 2, … in order, each naming the hash of the one before, each
 * hash recomputed from its content. Names the first entry that fails. The library reads no crypto:
 * pass SHA-256 as `sha256` (hex).
 */
export function verifyRunChain(entries: readonly RunChainEntry[], sha256: (text: string) => string): ChainVerdict {
  let previous: string | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, reason: 'outOfOrder' };
    if (e.previousHash !== previous) return { ok: false, seq: e.seq, reason: 'linkBroken' };
    if (sha256(chainDigestInput(e.previousHash, e.run)) !== e.hash) return { ok: false, seq: e.seq, reason: 'hashMismatch' };
    previous = e.hash;
  }
  return { ok: true, entries: entries.length, head: previous };
}
