import { describe, expect, it } from 'vitest';
import { rankingRunBody } from './ranking-run';
import { ledgerCheckpoint, type DecisionLedgerRow, type EditLedgerRow, type LedgerRows } from './ledger';
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

describe('the ledger sealed into the chain', () => {
  const edit = (id: number, paths: string[] = ['shared/purpose']): EditLedgerRow => ({ id, docId: 'd1', userId: 'u1', departmentId: 'power', origin: 'client', bytes: 12, sections: ['shared'], paths, at: `2026-12-01T00:00:${String(id).padStart(2, '0')}Z` });
  const decision = (id: string, createdAt: string): DecisionLedgerRow => ({
    id, meetingId: 'm', agendaItemId: 'a', outcome: 'approved', override: null, comment: '', jointPackageId: null, mergedPackageIds: [], whatIf: null,
    proposedBy: 'u0', agreeingDepartmentIds: ['power'], objectingDepartmentIds: [], supersedesId: null, createdAt,
  });

  /** three runs: after edits 1–2, after edits 1–4 and decision A, after edits 1–5 and decisions A, B */
  function sealed(): { entries: RunChainEntry[]; rows: LedgerRows } {
    const rows: LedgerRows = { edits: [edit(1), edit(2), edit(3), edit(4), edit(5)], decisions: [decision('A', '2026-12-01T01:00:00Z'), decision('B', '2026-12-01T02:00:00Z')] };
    const cuts = [
      { edits: 2, decisions: 0 },
      { edits: 4, decisions: 1 },
      { edits: 5, decisions: 2 },
    ];
    const entries: RunChainEntry[] = [];
    let previousHash: string | null = null;
    cuts.forEach((cut, i) => {
      const run = rankingRunBody('c', { settings: { quotaFen: 100, criteria: ONE_CRITERION }, packages: [pkg('a', 100)], scores: scoresOf({ a: { r: 90 } }) });
      const ledger = ledgerCheckpoint({ edits: rows.edits.slice(0, cut.edits), decisions: rows.decisions.slice(0, cut.decisions) }, sha256);
      const hash = sha256(chainDigestInput(previousHash, run, ledger));
      entries.push({ seq: i + 1, previousHash, hash, run, ledger, recordedAt: '2026-12-01T00:00:00Z' });
      previousHash = hash;
    });
    return { entries, rows };
  }

  it('verifies untouched rows against every checkpoint, whatever order the rows come in', () => {
    const { entries, rows } = sealed();
    expect(verifyRunChain(entries, sha256, { edits: [...rows.edits].reverse(), decisions: [...rows.decisions].reverse() })).toMatchObject({ ok: true, entries: 3 });
  });

  it('names the first run whose checkpoint covers a rewritten, removed or inserted edit-log row', () => {
    const { entries, rows } = sealed();
    const rewritten = structuredClone(rows);
    rewritten.edits[2]!.paths = ['shared/narrative'];
    expect(verifyRunChain(entries, sha256, rewritten)).toEqual({ ok: false, seq: 2, reason: 'editsRewritten' });
    const early = structuredClone(rows);
    early.edits[0]!.departmentId = 'telecom';
    expect(verifyRunChain(entries, sha256, early)).toEqual({ ok: false, seq: 1, reason: 'editsRewritten' });
    expect(verifyRunChain(entries, sha256, { ...rows, edits: rows.edits.filter((e) => e.id !== 4) })).toEqual({ ok: false, seq: 2, reason: 'editsRewritten' });
    expect(verifyRunChain(entries, sha256, { ...rows, edits: [...rows.edits, { ...edit(0), id: 0 }] })).toEqual({ ok: false, seq: 1, reason: 'editsRewritten' });
    // rows added after the newest checkpoint are not covered yet
    expect(verifyRunChain(entries, sha256, { ...rows, edits: [...rows.edits, edit(6)] })).toMatchObject({ ok: true });
  });

  it('names the first run whose checkpoint covers a rewritten decision', () => {
    const { entries, rows } = sealed();
    const flipped = structuredClone(rows);
    flipped.decisions[1]!.outcome = 'returned';
    expect(verifyRunChain(entries, sha256, flipped)).toEqual({ ok: false, seq: 3, reason: 'decisionsRewritten' });
  });

  it('fails the entry itself when its checkpoint is altered, and keeps verifying chains recorded before sealing', () => {
    const { entries, rows } = sealed();
    const altered = structuredClone(entries);
    altered[0]!.ledger!.edits.count = 1;
    expect(verifyRunChain(altered, sha256, rows)).toEqual({ ok: false, seq: 1, reason: 'hashMismatch' });
    const old = chain([100, 200]);
    expect(verifyRunChain(old, sha256)).toMatchObject({ ok: true, entries: 2 });
  });
});
