/**
 * Who changed each part of a package last, folded from edit-log entries: the rule behind the
 * markers on values another department changed. Pure: the server folds the stored log, the
 * browser folds newer entries into what it has, with the same rule.
 */
import type { EditLogEntryView, LastChangeView } from '@zerobase/domain';
import { targetOfPath } from './version-diff';

/** The part of an edit-log entry the fold reads (an `EditLogEntryView` is one). */
export type LoggedChange = Pick<EditLogEntryView, 'id' | 'at' | 'userId' | 'userName' | 'department' | 'paths'>;

/** The last change of one path. */
export type LastChange = LastChangeView;

/** Whether entry a was made after entry b: by time, then by id (ids grow with each stored entry). */
export function changedAfter(a: Pick<LoggedChange, 'at' | 'id'>, b: Pick<LoggedChange, 'at' | 'id'>): boolean {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  if (ta !== tb) return ta > tb;
  return a.id.length !== b.id.length ? a.id.length > b.id.length : a.id > b.id;
}

/**
 * Last change per path: every path that names a field of the package (not the schema version)
 * keeps the latest entry that touched it. Entries may come in any order, and the same entry
 * twice changes nothing, so newer entries can be folded into an earlier result (`into`, which is
 * updated and returned).
 */
export function foldLastChanges(entries: Iterable<LoggedChange>, into: Map<string, LastChange> = new Map()): Map<string, LastChange> {
  for (const entry of entries) {
    for (const path of entry.paths) {
      const known = into.get(path);
      if (known && !changedAfter(entry, { at: known.at, id: known.entryId })) continue;
      if (!known && targetOfPath(path) === null) continue;
      into.set(path, { path, entryId: entry.id, at: entry.at, userId: entry.userId, userName: entry.userName, department: entry.department });
    }
  }
  return into;
}

/** Folds last changes (an answer about a later span of the log) into an earlier result, by the same rule. */
export function mergeLastChanges(changes: Iterable<LastChange>, into: Map<string, LastChange>): Map<string, LastChange> {
  const asEntries = function* (): Generator<LoggedChange> {
    for (const c of changes) yield { id: c.entryId, at: c.at, userId: c.userId, userName: c.userName, department: c.department, paths: [c.path] };
  };
  return foldLastChanges(asEntries(), into);
}

/** Who is looking: coordinators of the cycle, or the department codes this person speaks for. */
export interface ChangeViewer {
  coordinator: boolean;
  departments: ReadonlySet<string>;
}

/**
 * Whether a last change is marked for this viewer: it came from a department, and (for everyone
 * but coordinators) not from one of the viewer's own. Changes by coordinators and the system
 * (no department) are not marked.
 */
export function isMarkedFor(change: Pick<LastChange, 'department'>, viewer: ChangeViewer): boolean {
  if (change.department === null) return false;
  return viewer.coordinator || !viewer.departments.has(change.department);
}
