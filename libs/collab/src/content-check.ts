/**
 * Field rules for collab edits: the same bounds REST enforces (libs/domain limits), checked on
 * the document as it would be after an update, before the update is merged. Pure; the server
 * calls `checkUpdatedContent` in its merge path and refuses the whole update when it returns a
 * reason. Only rules the update newly breaks refuse it: a document that already broke one (stored
 * before the rule) can still be edited, and repaired.
 */
import * as Y from 'yjs';
import { contentViolations, MAX_DOCUMENT_BYTES, type RuleViolation } from '@zerobase/domain';
import { createPackageDoc } from './package-doc';
import { projectSnapshot, type PackageSnapshot, type ProjectOptions } from './projection';

/** Everything wrong with a projected package, as rule violations (field rules and decoding issues). */
export function snapshotViolations(snapshot: PackageSnapshot): RuleViolation[] {
  return [...contentViolations(snapshot), ...snapshot.issues.map((issue) => ({ field: 'document', reason: issue }))];
}

const key = (v: RuleViolation) => `${v.field}\u0001${v.reason}`;

/**
 * The violations `after` has that `before` did not have. `before` is only projected when
 * `after` breaks a rule at all (the common case costs one projection).
 */
export function newViolations(after: PackageSnapshot, before: () => PackageSnapshot): RuleViolation[] {
  const found = snapshotViolations(after);
  if (found.length === 0) return [];
  const known = new Set(snapshotViolations(before()).map(key));
  return found.filter((v) => !known.has(key(v)));
}

/** A short refusal naming the first few fields. */
export function refusalReason(violations: readonly RuleViolation[]): string {
  const shown = violations.slice(0, 3).map((v) => `${v.field}: ${v.reason}`);
  return `${shown.join('; ')}${violations.length > 3 ? ` (and ${violations.length - 3} more)` : ''}`;
}

/**
 * Why merging `update` into `doc` must be refused, or null. Works on a copy (the document is
 * untouched): the size of the result, then the field rules of its projection.
 */
export function checkUpdatedContent(doc: Y.Doc, update: Uint8Array, options: ProjectOptions = {}, maxBytes = MAX_DOCUMENT_BYTES): string | null {
  const state = Y.encodeStateAsUpdate(doc);
  if (state.byteLength + update.byteLength > maxBytes) {
    return `document: would grow past ${maxBytes} bytes (it has ${state.byteLength}, the update adds up to ${update.byteLength})`;
  }
  const candidate = createPackageDoc();
  try {
    Y.applyUpdate(candidate, state);
    Y.applyUpdate(candidate, update);
    const violations = newViolations(projectSnapshot(candidate, options), () => projectSnapshot(doc, options));
    return violations.length ? refusalReason(violations) : null;
  } finally {
    candidate.destroy();
  }
}
