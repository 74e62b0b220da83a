import { firstBrokenCheckpoint, type LedgerCheckpoint, type LedgerProblem, type LedgerRows } from './ledger';
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
  /** the edit log and decisions as they stood when the run was recorded (ledger.ts); absent on runs recorded before sealing existed */
  ledger?: LedgerCheckpoint | null;
  recordedAt: string;
}

/** The chain as exported: every entry in order; the last hash is the checkpoint to publish. */
export interface RunChain {
  format: typeof RUN_CHAIN_FORMAT;
  cycleId: string;
  entries: RunChainEntry[];
  head: string | null;
  /** every edit-log row and decision the newest checkpoint covers, to recompute the checkpoints */
  ledger?: LedgerRows;
}

/** What an entry's hash covers: the previous entry's hash, the whole run (inputs and output) and the ledger checkpoint, canonically. */
export function chainDigestInput(previousHash: string | null, run: RankingRunBody, ledger?: LedgerCheckpoint | null): string {
  return canonicalJson(ledger ? { previousHash, run, ledger } : { previousHash, run });
}

export type ChainVerdict = { ok: true; entries: number; head: string | null } | { ok: false; seq: number; reason: 'outOfOrder' | 'linkBroken' | 'hashMismatch' | LedgerProblem };

/**
 * Checks a chain: entries numbered 1, 2, … in order, each naming the hash of the one before, each
 * hash recomputed from its content, and — given the ledger rows — each entry's checkpoint
 * recomputed from the edit-log rows and decisions. Names the first entry that fails. The library
 * reads no crypto: pass SHA-256 as `sha256` (hex).
 */
export function verifyRunChain(entries: readonly RunChainEntry[], sha256: (text: string) => string, ledger?: LedgerRows): ChainVerdict {
  let previous: string | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, reason: 'outOfOrder' };
    if (e.previousHash !== previous) return { ok: false, seq: e.seq, reason: 'linkBroken' };
    if (sha256(chainDigestInput(e.previousHash, e.run, e.ledger)) !== e.hash) return { ok: false, seq: e.seq, reason: 'hashMismatch' };
    previous = e.hash;
  }
  if (entries.some((e) => e.ledger)) {
    const broken = firstBrokenCheckpoint(
      entries.map((e) => e.ledger),
      ledger ?? { edits: [], decisions: [] },
      sha256,
    );
    if (broken) return { ok: false, seq: entries[broken.index]!.seq, reason: broken.problem };
  }
  return { ok: true, entries: entries.length, head: previous };
}
