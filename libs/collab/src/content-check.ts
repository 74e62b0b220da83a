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

/**
 * `checkUpdatedContent` for one live document, without copying the whole document for every
 * update: a candidate copy follows the document (every change merged into the document is
 * applied to it too), an update is checked by applying it to the copy and projecting the copy,
 * and the copy is built again from the document only when it may have gone ahead of it (after a
 * refusal, or after an update that passed but was not merged). The size is not re-encoded per
 * update either: it is measured when the copy is built and grows by twice each merged change's
 * bytes, and measured again once that bound comes near the limit.
 */
export class ContentGuard {
  private candidate: Y.Doc | null = null;
  /** an update passed and is in the copy: the document's next change should be that merge */
  private pending = false;
  /** the encoded size when last measured, plus twice the bytes merged since (an upper estimate) */
  private sizeBound = 0;
  private readonly follow = (change: Uint8Array): void => {
    const expected = this.pending;
    this.pending = false;
    if (!this.candidate) return;
    Y.applyUpdate(this.candidate, change);
    this.sizeBound += 2 * change.byteLength;
    // a change other than the one that passed: the copy also holds that one, unless it was merged after all
    if (expected && !sameStateVector(this.candidate, this.doc)) this.drop();
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly options: ProjectOptions = {},
    private readonly maxBytes = MAX_DOCUMENT_BYTES,
  ) {
    doc.on('update', this.follow);
  }

  /** Why merging `update` into the document must be refused, or null (then merge it next). */
  check(update: Uint8Array): string | null {
    if (this.pending) this.drop(); // the last update that passed was not merged: the copy is ahead
    if (!this.candidate || this.sizeBound + update.byteLength > this.maxBytes) {
      const state = Y.encodeStateAsUpdate(this.doc);
      if (state.byteLength + update.byteLength > this.maxBytes) {
        return `document: would grow past ${this.maxBytes} bytes (it has ${state.byteLength}, the update adds up to ${update.byteLength})`;
      }
      this.sizeBound = state.byteLength;
      if (!this.candidate) {
        this.candidate = createPackageDoc();
        Y.applyUpdate(this.candidate, state);
      }
    }
    let changed = false;
    const changes = (): void => {
      changed = true;
    };
    this.candidate.on('update', changes);
    try {
      Y.applyUpdate(this.candidate, update);
    } finally {
      this.candidate.off('update', changes);
    }
    if (!changed) return null; // nothing new (a client's sync step 2, say): nothing to check or merge
    const violations = newViolations(projectSnapshot(this.candidate, this.options), () => projectSnapshot(this.doc, this.options));
    if (violations.length) {
      this.drop();
      return refusalReason(violations);
    }
    this.pending = true;
    return null;
  }

  destroy(): void {
    this.doc.off('update', this.follow);
    this.drop();
  }

  private drop(): void {
    this.candidate?.destroy();
    this.candidate = null;
    this.pending = false;
  }
}

function sameStateVector(a: Y.Doc, b: Y.Doc): boolean {
  const sa = Y.decodeStateVector(Y.encodeStateVector(a));
  const sb = Y.decodeStateVector(Y.encodeStateVector(b));
  if (sa.size !== sb.size) return false;
  for (const [client, clock] of sa) if (sb.get(client) !== clock) return false;
  return true;
}
