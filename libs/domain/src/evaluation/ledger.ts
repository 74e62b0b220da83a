import { canonicalJson } from './ranking-run';

/**
 * The edit log and the meeting decisions of a cycle, sealed into its chain of recorded ranking
 * runs: each recorded run carries a checkpoint — how many edit-log rows and decisions existed
 * when it was recorded and a rolling digest over them — and the checkpoint is part of the run's
 * chain hash. The chain's export carries the rows themselves, so anyone holding it recomputes the
 * digests: a row rewritten, removed or slipped in afterwards makes the first checkpoint that
 * covers it fail, and that entry is named. Rows are digested as stored (ids, times, departments,
 * paths), never as display text.
 */

/** One edit-log row as sealed (the edit's metadata; the document bytes are compacted later and are not part of it). */
export interface EditLedgerRow {
  id: number;
  docId: string;
  userId: string | null;
  departmentId: string | null;
  origin: string;
  bytes: number;
  sections: string[];
  paths: string[];
  at: string;
}

/** One meeting decision as sealed (decisions are final: a change is a new decision naming the old one). */
export interface DecisionLedgerRow {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  outcome: string;
  override: string | null;
  comment: string;
  jointPackageId: string | null;
  mergedPackageIds: string[];
  whatIf: unknown;
  proposedBy: string;
  agreeingDepartmentIds: string[];
  objectingDepartmentIds: string[];
  supersedesId: string | null;
  createdAt: string;
}

export interface LedgerDigest {
  /** rows covered: the first `count` rows in ledger order */
  count: number;
  /** digest_i = sha256(digest_{i-1} + canonicalJson(row_i)), starting from '' */
  digest: string;
}

export interface LedgerCheckpoint {
  edits: LedgerDigest;
  decisions: LedgerDigest;
}

/** What the chain export carries besides the runs: every row the newest checkpoint covers, in ledger order. */
export interface LedgerRows {
  edits: EditLedgerRow[];
  decisions: DecisionLedgerRow[];
}

/** Ledger order: edit-log rows by id; decisions by time, then id. */
export function ledgerOrder(rows: LedgerRows): LedgerRows {
  return {
    edits: [...rows.edits].sort((a, b) => a.id - b.id),
    decisions: [...rows.decisions].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** The rolling digest of each prefix: result[k] is the digest of the first k rows (result[0] = ''). */
export function rollingDigests(rows: readonly unknown[], sha256: (text: string) => string): string[] {
  const out = [''];
  for (const row of rows) out.push(sha256(out[out.length - 1]! + canonicalJson(row)));
  return out;
}

/** The checkpoint of a ledger (rows in ledger order). */
export function ledgerCheckpoint(rows: LedgerRows, sha256: (text: string) => string): LedgerCheckpoint {
  const ordered = ledgerOrder(rows);
  return {
    edits: { count: ordered.edits.length, digest: rollingDigests(ordered.edits, sha256).at(-1)! },
    decisions: { count: ordered.decisions.length, digest: rollingDigests(ordered.decisions, sha256).at(-1)! },
  };
}

export type LedgerProblem = 'editsRewritten' | 'decisionsRewritten';

/**
 * Checks checkpoints (in chain order) against the rows: null when every checkpoint's digest is the
 * digest of that many rows, else the index of the first checkpoint that fails and why.
 */
export function firstBrokenCheckpoint(checkpoints: readonly (LedgerCheckpoint | null | undefined)[], rows: LedgerRows, sha256: (text: string) => string): { index: number; problem: LedgerProblem } | null {
  const ordered = ledgerOrder(rows);
  const edits = rollingDigests(ordered.edits, sha256);
  const decisions = rollingDigests(ordered.decisions, sha256);
  for (let i = 0; i < checkpoints.length; i++) {
    const c = checkpoints[i];
    if (!c) continue;
    if (edits[c.edits.count] !== c.edits.digest) return { index: i, problem: 'editsRewritten' };
    if (decisions[c.decisions.count] !== c.decisions.digest) return { index: i, problem: 'decisionsRewritten' };
  }
  return null;
}
