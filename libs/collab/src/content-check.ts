/**
 * Field rules for collab edits: the same bounds REST enforces (libs/domain limits), checked on
 * the document as it would be after an update, before the update is merged. Pure; the server
 * calls `checkUpdatedContent` in its merge path and refuses the whole update when it returns a
 * reason. Only rules the update newly breaks refuse it: a document that already broke one (stored
 * before the rule) can still be edited, and repaired.
 */
import * as Y from 'yjs';
import { contentViolations, hasControlCharacters, MAX_DOCUMENT_BYTES, TEXT_FIELD_LIMITS, type RuleViolation } from '@zerobase/domain';
import { createPackageDoc } from './package-doc';
import { projectSnapshot, type PackageSnapshot, type ProjectOptions } from './projection';
import { parseRootName, SHARED_SECTION, SHARED_TEXT_FIELDS, type SharedTextField } from './schema';
import type { UpdateResolver } from './update-resolver';
import type { UpdateScope } from './update-scope';

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

/** What the merge core already knows of an update: its structs, decoded against the document, and what it touches. */
export interface DecodedUpdate {
  readonly decoded: UpdateResolver;
  readonly scope: UpdateScope;
}

/** `UpdateScope.paths` holds at most this many paths: a scope that full may be missing some */
const SCOPE_PATHS_MAX = 50;
/** checks in a row that did not need the candidate copy before it is dropped (it costs a merge per change) */
const CANDIDATE_IDLE_MAX = 32;

/** The rule field of a free-text root type (`shared/narrative` → `narrative`, `dept:x/notes` → `notes.x`), or null. */
function textFieldOf(rootName: string): { field: string; limit: number } | null {
  const info = parseRootName(rootName);
  if (!info || info.kind !== 'text') return null;
  if (info.section === SHARED_SECTION) {
    const part = info.part as SharedTextField;
    return (SHARED_TEXT_FIELDS as readonly string[]).includes(part) ? { field: part, limit: TEXT_FIELD_LIMITS[part] } : null;
  }
  return info.part === 'notes' ? { field: `notes.${info.section.slice('dept:'.length)}`, limit: TEXT_FIELD_LIMITS.notes } : null;
}

/**
 * `checkUpdatedContent` for one live document, without projecting or copying the whole
 * document for every update. The rules are those of `checkUpdatedContent` (the same violations
 * and messages; content-check.spec.ts compares both on random updates), decided from what the
 * update touches (`DecodedUpdate`, which the merge core has already computed):
 * - a free text the update touches cannot newly break its rule when its length (`Y.Text.length`,
 *   an upper bound of the characters, constant time) stays within the limit before and after
 *   the update's inserted length, and none of the update's inserted strings holds a control
 *   character (deleting never adds one): such texts, and all untouched ones, are not read;
 * - any other touched field (title, lists, rows, money, split) is checked by applying the
 *   update to a candidate copy that follows the document, and projecting it and the document
 *   with the texts above left out (their violations are the same before and after, so they
 *   cannot be new). The copy is built from the document when first needed, kept in step with
 *   every change merged into the document while in use, rebuilt when it may have gone ahead of
 *   it (after a refusal, or an update that passed but was not merged), and dropped after a run
 *   of updates that did not need it.
 * Without a `DecodedUpdate` (or with a scope whose path list is full) every field is checked.
 * The size is not re-encoded per update: it is measured once and grows by twice each merged
 * change's bytes, and is measured again when that bound comes near the limit.
 */
export class ContentGuard {
  private candidate: Y.Doc | null = null;
  /** an update passed and is in the copy: the document's next change should be that merge */
  private pending = false;
  /** checks since the copy was last needed */
  private idle = 0;
  /** the encoded size when last measured, plus twice the bytes merged since (an upper estimate); -1: not measured */
  private sizeBound = -1;
  private readonly follow = (change: Uint8Array): void => {
    const expected = this.pending;
    this.pending = false;
    if (this.sizeBound >= 0) this.sizeBound += 2 * change.byteLength;
    if (!this.candidate) return;
    Y.applyUpdate(this.candidate, change);
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

  /**
   * Why merging `update` into the document must be refused, or null (then merge it next).
   * `known`: the update as the merge core decoded it against the document (`update` must be
   * what it decoded); without it, every field is checked.
   */
  check(update: Uint8Array, known?: DecodedUpdate): string | null {
    if (this.pending) this.drop(); // the last update that passed was not merged: the copy is ahead
    if (this.sizeBound < 0 || this.sizeBound + update.byteLength > this.maxBytes) {
      const size = Y.encodeStateAsUpdate(this.doc).byteLength;
      if (size + update.byteLength > this.maxBytes) {
        return `document: would grow past ${this.maxBytes} bytes (it has ${size}, the update adds up to ${update.byteLength})`;
      }
      this.sizeBound = size;
    }
    const unchanged = known ? this.unchangedTexts(known) : null;
    if (unchanged?.rest === false) {
      // only texts that cannot newly break their rule: nothing to project
      if (++this.idle > CANDIDATE_IDLE_MAX) this.drop();
      return null;
    }
    this.idle = 0;
    if (!this.candidate) {
      this.candidate = createPackageDoc();
      Y.applyUpdate(this.candidate, Y.encodeStateAsUpdate(this.doc));
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
    const options: ProjectOptions = unchanged ? { ...this.options, skipText: (field) => !unchanged.read.has(field) } : this.options;
    const violations = newViolations(projectSnapshot(this.candidate, options), () => projectSnapshot(this.doc, options));
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

  /**
   * The texts a check must read (`read`: touched texts that might newly break their rule) and
   * whether the update touches anything else (`rest`); null when the scope is not complete.
   */
  private unchangedTexts({ decoded, scope }: DecodedUpdate): { read: Set<string>; rest: boolean } | null {
    if (scope.unknown || scope.invalid.length > 0 || scope.paths.size >= SCOPE_PATHS_MAX) return null;
    const read = new Set<string>();
    let rest = false;
    let inserted: { length: number; control: boolean } | null = null;
    for (const path of scope.paths) {
      const text = textFieldOf(path);
      if (!text) {
        rest = true;
        continue;
      }
      const live = this.doc.share.get(path);
      if (!(live instanceof Y.Text)) {
        read.add(text.field); // a text root the document does not hold yet (a new department's notes)
        continue;
      }
      inserted ??= insertedText(decoded);
      if (inserted.control || live.length + inserted.length > text.limit) read.add(text.field);
    }
    return { read, rest: rest || read.size > 0 };
  }

  private drop(): void {
    this.candidate?.destroy();
    this.candidate = null;
    this.pending = false;
    this.idle = 0;
  }
}

/**
 * An upper bound of the characters the update inserts into any text (the countable length of
 * its new items), and whether any inserted string holds a control character.
 */
function insertedText(decoded: UpdateResolver): { length: number; control: boolean } {
  let length = 0;
  let control = false;
  for (const item of decoded.effectiveItems()) {
    const content = item.content;
    if (content.isCountable()) length += content.getLength();
    if (content instanceof Y.ContentString && hasControlCharacters(content.str)) control = true;
  }
  return { length, control };
}

function sameStateVector(a: Y.Doc, b: Y.Doc): boolean {
  const sa = Y.decodeStateVector(Y.encodeStateVector(a));
  const sb = Y.decodeStateVector(Y.encodeStateVector(b));
  if (sa.size !== sb.size) return false;
  for (const [client, clock] of sa) if (sb.get(client) !== clock) return false;
  return true;
}
