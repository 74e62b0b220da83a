/**
 * Invariants checked on a package snapshot. Each broken invariant is a plain record with a
 * stable `key` (unique within the package): the server upserts the records it gets and clears
 * the ones whose keys no longer come back.
 *
 * - split: a joint package's cost split must sum to exactly 10 000 bp (100 %).
 * - envelope:<dept>: a department's request (its lines + its split share of the shared lines
 *   + its part of the contingency, see `requestByDepartment`), plus what it asks in other
 *   packages of the cycle, must not exceed its envelope.
 * - quota: the package's total (contingency included) must not exceed the quota available to it.
 * - duplicate:<a>|<b>: two departments budget the same work — cost lines of the same category
 *   in two different department sections whose descriptions match, or whose locations match
 *   (after normalisation: Unicode NFKC, case-folded, punctuation and whitespace removed). The
 *   suggestion is to implement it jointly (move both lines to the shared part).
 *   Estimated saving = the smaller of the two line amounts: one department's scope absorbs the
 *   other's. It is an upper bound; the real saving is what the merged shared line ends up
 *   costing less than the two lines (see `moveLinesToShared`).
 */
import { BASIS_POINTS_PER_UNIT, costLineTotal, type CostCategory, type Fen } from '@zerobase/domain';
import type { CostLineSnapshot, PackageSnapshot } from './projection';

export interface SplitInvariant {
  kind: 'splitNot100';
  key: 'split';
  sumBasisPoints: number;
  /** departments of the package without a share (or with 0) */
  departmentsWithoutShare: string[];
}

export interface EnvelopeInvariant {
  kind: 'envelopeExceeded';
  key: `envelope:${string}`;
  departmentId: string;
  envelopeFen: Fen;
  /** this package's request plus the department's requests in other packages */
  requestedFen: Fen;
  excessFen: Fen;
}

export interface QuotaInvariant {
  kind: 'quotaExceeded';
  key: 'quota';
  quotaFen: Fen;
  totalFen: Fen;
  excessFen: Fen;
}

export interface DuplicateLineRef {
  departmentId: string;
  lineId: string;
  description: string;
  location?: string;
  amountFen: Fen;
}

export interface DuplicateWork {
  kind: 'duplicateWork';
  key: `duplicate:${string}`;
  category: CostCategory;
  matchedOn: 'description' | 'location';
  /** ordered by (departmentId, lineId) */
  lines: [DuplicateLineRef, DuplicateLineRef];
  /** estimated saving of a joint implementation: the smaller line's amount */
  savingFen: Fen;
}

export type InvariantRecord = SplitInvariant | EnvelopeInvariant | QuotaInvariant | DuplicateWork;

export interface InvariantContext {
  /** departments of the package (default: the snapshot's); more than one makes it joint */
  departmentIds?: readonly string[];
  /** envelope (ceiling) per department for the cycle */
  envelopes?: Readonly<Record<string, Fen>>;
  /** what each department asks in the cycle's other packages */
  otherRequestsFen?: Readonly<Record<string, Fen>>;
  /** the quota available to this package (e.g. the cycle's quota less reserve and other packages) */
  quotaFen?: Fen;
}

export function normalizeForMatch(text: string | undefined): string {
  if (!text) return '';
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}

function lineAmount(line: CostLineSnapshot): Fen {
  try {
    return costLineTotal(line);
  } catch {
    return 0;
  }
}

function refOf(line: CostLineSnapshot): DuplicateLineRef {
  const ref: DuplicateLineRef = { departmentId: line.departmentId, lineId: line.id, description: line.description, amountFen: lineAmount(line) };
  if (line.location !== undefined) ref.location = line.location;
  return ref;
}

function compareLines(a: CostLineSnapshot, b: CostLineSnapshot): number {
  const ka = `${a.departmentId}\u0000${a.id}`;
  const kb = `${b.departmentId}\u0000${b.id}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function findDuplicateWork(lines: readonly CostLineSnapshot[]): DuplicateWork[] {
  const groups = new Map<string, CostLineSnapshot[]>();
  const addTo = (key: string, line: CostLineSnapshot) => {
    const list = groups.get(key) ?? [];
    list.push(line);
    groups.set(key, list);
  };
  for (const line of lines) {
    const description = normalizeForMatch(line.description);
    const location = normalizeForMatch(line.location);
    if (description) addTo(`description\u0000${line.category}\u0000${description}`, line);
    if (location) addTo(`location\u0000${line.category}\u0000${location}`, line);
  }
  const found = new Map<string, DuplicateWork>();
  for (const [groupKey, members] of groups) {
    const matchedOn = groupKey.startsWith('description') ? 'description' : 'location';
    const sorted = [...members].sort(compareLines);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i] as CostLineSnapshot;
        const b = sorted[j] as CostLineSnapshot;
        if (a.departmentId === b.departmentId) continue;
        const key = `duplicate:${a.departmentId}/${a.id}|${b.departmentId}/${b.id}` as const;
        if (found.has(key) && matchedOn === 'location') continue; // description is the stronger match
        const refA = refOf(a);
        const refB = refOf(b);
        found.set(key, {
          kind: 'duplicateWork',
          key,
          category: a.category,
          matchedOn,
          lines: [refA, refB],
          savingFen: Math.min(refA.amountFen, refB.amountFen),
        });
      }
    }
  }
  return [...found.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

export function checkInvariants(snapshot: PackageSnapshot, context: InvariantContext = {}): InvariantRecord[] {
  const out: InvariantRecord[] = [];
  const departmentIds = [...(context.departmentIds ?? snapshot.departmentIds)].sort();
  const joint = departmentIds.length > 1 || snapshot.sharedCostLines.length > 0;
  if (joint) {
    const sumBasisPoints = snapshot.costSplit.reduce((s, share) => s + share.basisPoints, 0);
    if (sumBasisPoints !== BASIS_POINTS_PER_UNIT) {
      const withShare = new Set(snapshot.costSplit.filter((s) => s.basisPoints > 0).map((s) => s.departmentId));
      out.push({ kind: 'splitNot100', key: 'split', sumBasisPoints, departmentsWithoutShare: departmentIds.filter((d) => !withShare.has(d)) });
    }
  }
  for (const [departmentId, envelopeFen] of Object.entries(context.envelopes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const requestedFen = (snapshot.requestByDepartment[departmentId] ?? 0) + (context.otherRequestsFen?.[departmentId] ?? 0);
    if (requestedFen > envelopeFen) {
      out.push({ kind: 'envelopeExceeded', key: `envelope:${departmentId}`, departmentId, envelopeFen, requestedFen, excessFen: requestedFen - envelopeFen });
    }
  }
  if (context.quotaFen !== undefined && snapshot.totals.totalFen > context.quotaFen) {
    out.push({
      kind: 'quotaExceeded',
      key: 'quota',
      quotaFen: context.quotaFen,
      totalFen: snapshot.totals.totalFen,
      excessFen: snapshot.totals.totalFen - context.quotaFen,
    });
  }
  out.push(...findDuplicateWork(snapshot.costLines));
  return out;
}
