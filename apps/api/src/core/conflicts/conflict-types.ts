/** The vocabulary of conflict records, shared by detection, storage, resolution and the API. */
import type { CompetingValue, ConflictKind, ConflictView } from '@zerobase/domain';

export {
  ACTIONS_BY_KIND,
  CONFLICT_KINDS,
  CONFLICT_STATUSES,
  RESOLUTION_ACTIONS,
  type CompetingValue,
  type ConflictEvent,
  type ConflictKind,
  type ConflictStatus,
  type ConflictView,
  type ResolutionAction,
  type Resolution,
  type Who,
} from '@zerobase/domain';

/** kinds found after each projection, upserted and cleared by key */
export const INVARIANT_KINDS: readonly ConflictKind[] = ['splitInvariant', 'envelope', 'quota', 'duplicateWork'];
/** kinds found in an incoming update (events: they stay open until someone settles them) */
export const EDIT_KINDS: readonly ConflictKind[] = ['concurrentOverwrite', 'editDelete'];

/**
 * Kinds that do not hold a package at the review gate: an envelope is a department's ceiling
 * across all its packages of the cycle, settled in its portfolio (cut or withdraw some package,
 * or let the ranking's cutoff do it), not by blocking each package it co-owns.
 */
export const GATE_EXEMPT_KINDS: readonly ConflictKind[] = ['envelope'];

/** A record as detection produces it, before it has an id (departments as codes). */
export interface ConflictDraft {
  kind: ConflictKind;
  key: string;
  path: string;
  competing: CompetingValue[];
  departments: string[];
  details: Record<string, unknown>;
}

/** A stored record: the view's fields, with department ids and Date times. */
export interface ConflictRow extends Omit<ConflictView, 'departments' | 'actions' | 'createdAt' | 'updatedAt' | 'resolvedAt'> {
  departmentIds: string[];
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
}
