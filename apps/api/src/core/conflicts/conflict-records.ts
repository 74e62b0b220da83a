/**
 * Pure mapping from what libs/collab detects (edit conflicts with Yjs client ids, invariant
 * records keyed by department code) to conflict drafts: a readable path, the competing values
 * with who and when, the departments involved, and the details a resolution needs.
 */
import { sectionDepartment, type ConcurrentOverwrite, type EditDelete, type FieldPath, type InvariantRecord } from '@zerobase/collab';
import type { CostShare, Fen } from '@zerobase/domain';
import type { CompetingValue, ConflictDraft, Who } from './conflict-types';

export const UNKNOWN: Who = { userId: null, departmentId: null, department: null, origin: null, at: null };

function involved(candidates: (string | null | undefined)[], owners: readonly string[]): string[] {
  const found = [...new Set(candidates.filter((c): c is string => typeof c === 'string' && c.length > 0))];
  // nobody identifiable (e.g. two coordinators in the shared part): the package's departments
  return (found.length ? found : [...owners]).sort();
}

export function fieldPathText(path: FieldPath): string {
  return [path.section, path.collection, path.rowId, path.field].filter((p): p is string => typeof p === 'string' && p.length > 0).join('/');
}

/** A concurrent overwrite: the value the server held (previous) and the one the update writes (incoming). */
export function overwriteDraft(conflict: ConcurrentOverwrite, previous: Who, incoming: Who, converged: unknown, owners: readonly string[]): ConflictDraft {
  const { path } = conflict;
  return {
    kind: 'concurrentOverwrite',
    key: conflict.key,
    path: fieldPathText(path),
    competing: [
      { side: 'previous', value: conflict.previous.value, clientId: conflict.previous.clientId, ...previous },
      { side: 'incoming', value: conflict.incoming.value, clientId: conflict.incoming.clientId, ...incoming },
    ],
    departments: involved([sectionDepartment(path.section), path.collection === 'costSplit' ? path.field : null, previous.department, incoming.department], owners),
    details: { path, converged },
  };
}

/** An edit to a row that was deleted: the deleted row's last values (and who deleted it, when known) and the incoming edits. */
export function editDeleteDraft(conflict: EditDelete, deletedBy: Who, incoming: Who, owners: readonly string[]): ConflictDraft {
  const { path } = conflict;
  const from = conflict.deleted?.['fromDepartmentIds'];
  return {
    kind: 'editDelete',
    key: conflict.key,
    path: [path.section, path.collection ?? '?', path.rowId ?? '?'].join('/'),
    competing: [
      { side: 'deleted', value: conflict.deleted, clientId: null, ...deletedBy },
      { side: 'incoming', value: conflict.incoming.fields, clientId: conflict.incoming.clientId, ...incoming },
    ],
    departments: involved([sectionDepartment(path.section), deletedBy.department, incoming.department, ...(Array.isArray(from) ? from.map(String) : [])], owners),
    details: { path, lineId: conflict.lineId, deleted: conflict.deleted, incomingFields: conflict.incoming.fields, edits: conflict.incoming.edits },
  };
}

/**
 * Merge a repeated edit conflict into the open record of the same key: the first displaced value
 * stays, each writer appears once with their latest value.
 */
export function mergeCompeting(existing: CompetingValue[], added: CompetingValue[]): CompetingValue[] {
  const out = existing.map((c) => ({ ...c }));
  for (const entry of added) {
    if (entry.side !== 'incoming') continue;
    const same = out.findIndex((c) => c.clientId !== undefined && c.clientId !== null && c.clientId === entry.clientId);
    if (same >= 0) out[same] = { ...entry, side: out[same]!.side };
    else out.push(entry);
  }
  return out;
}

export interface InvariantFacts {
  /** owning departments (codes) */
  owners: readonly string[];
  split: readonly CostShare[];
  /** per department code: what it asks through this package */
  requestInPackage: Readonly<Record<string, Fen>>;
  /** per department code: what it asks in the cycle's other packages */
  otherRequests: Readonly<Record<string, Fen>>;
  totalQuotaFen: Fen;
  reserveBasisPoints: number;
  /** the last change before the check, if known */
  trigger: Who | null;
  at: string;
}

export function invariantDraft(record: InvariantRecord, facts: InvariantFacts): ConflictDraft {
  const trigger = { ...UNKNOWN, ...(facts.trigger ?? {}), at: facts.trigger?.at ?? facts.at };
  const plain = (department: string | null): Who => ({ ...UNKNOWN, department, at: facts.at });
  switch (record.kind) {
    case 'splitNot100':
      return {
        kind: 'splitInvariant',
        key: record.key,
        path: 'shared/costSplit',
        competing: facts.owners.map<CompetingValue>((d) => ({ side: 'share', value: facts.split.find((s) => s.departmentId === d)?.basisPoints ?? 0, ...plain(d) })),
        departments: [...facts.owners].sort(),
        details: { sumBasisPoints: record.sumBasisPoints, departmentsWithoutShare: record.departmentsWithoutShare, split: facts.split.map((s) => ({ department: s.departmentId, basisPoints: s.basisPoints })) },
      };
    case 'envelopeExceeded':
      return {
        kind: 'envelope',
        key: record.key,
        path: `departments/${record.departmentId}/request`,
        competing: [
          { side: 'envelope', value: record.envelopeFen, ...plain(record.departmentId) },
          { side: 'request', value: record.requestedFen, ...trigger, department: record.departmentId },
        ],
        departments: [record.departmentId],
        details: {
          department: record.departmentId,
          envelopeFen: record.envelopeFen,
          requestedFen: record.requestedFen,
          excessFen: record.excessFen,
          inThisPackageFen: facts.requestInPackage[record.departmentId] ?? 0,
          inOtherPackagesFen: facts.otherRequests[record.departmentId] ?? 0,
        },
      };
    case 'quotaExceeded':
      return {
        kind: 'quota',
        key: record.key,
        path: 'totals/totalFen',
        competing: [
          { side: 'quota', value: record.quotaFen, ...plain(null) },
          { side: 'package', value: record.totalFen, ...trigger },
        ],
        departments: [...facts.owners].sort(),
        details: { quotaFen: record.quotaFen, totalFen: record.totalFen, excessFen: record.excessFen, totalQuotaFen: facts.totalQuotaFen, reserveBasisPoints: facts.reserveBasisPoints },
      };
    case 'duplicateWork':
      return {
        kind: 'duplicateWork',
        key: record.key,
        path: record.lines.map((l) => `dept:${l.departmentId}/costLines/${l.lineId}`).join('|'),
        competing: record.lines.map<CompetingValue>((l) => ({ side: 'line', value: l, ...plain(l.departmentId) })),
        departments: [...new Set(record.lines.map((l) => l.departmentId))].sort(),
        details: { category: record.category, matchedOn: record.matchedOn, lines: record.lines, savingFen: record.savingFen },
      };
  }
}
