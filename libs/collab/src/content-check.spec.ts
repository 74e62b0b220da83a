import * as prng from 'lib0/prng';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { TEXT_LIMITS } from '@zerobase/domain';
import { checkUpdatedContent, ContentGuard } from './content-check';
import { admitUpdate } from './merge-core';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import { departmentNotes, departmentSection, rowArray } from './schema';
import { setTitle, sharedText } from './index';
import { renovationPackage } from './testing/fixtures';
import { randomEdit, type Editor } from './testing/random-edit';

/** The server's document, and the update a client's edit on a synced copy produces. */
function edited(edit: (doc: Y.Doc) => void, prepare?: (doc: Y.Doc) => void): { server: Y.Doc; update: Uint8Array } {
  const server = createPackageDoc();
  populateDocument(server, renovationPackage());
  prepare?.(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  edit(client);
  return { server, update: Y.encodeStateAsUpdate(client, before) };
}

describe('checkUpdatedContent', () => {
  it('passes an ordinary edit and leaves the document untouched', () => {
    const { server, update } = edited((doc) => setTitle(doc, '新标题'));
    const state = Y.encodeStateAsUpdate(server);
    expect(checkUpdatedContent(server, update)).toBeNull();
    expect(Y.encodeStateAsUpdate(server)).toEqual(state);
  });

  it('refuses what REST refuses, naming the field', () => {
    expect(checkUpdatedContent(...args(edited((doc) => setTitle(doc, 'x'.repeat(301)))))).toContain('title');
    expect(checkUpdatedContent(...args(edited((doc) => setTitle(doc, 'a\u0000b'))))).toContain('control characters');
    const line = (doc: Y.Doc) => rowArray(doc, departmentSection('power'), 'costLines').get(0);
    expect(checkUpdatedContent(...args(edited((doc) => line(doc).set('year', 99_999))))).toMatch(/costLines\.[^.]+\.year/);
    expect(checkUpdatedContent(...args(edited((doc) => line(doc).set('unitCostFen', -5))))).toContain('unitCostFen');
    expect(checkUpdatedContent(...args(edited((doc) => line(doc).set('unitCostFen', 2 ** 52))))).toContain('unitCostFen');
  });

  it('refuses a document that would grow past the size bound', () => {
    const { server, update } = edited((doc) => sharedText(doc, 'narrative').insert(0, 'n'.repeat(10_000)));
    expect(checkUpdatedContent(server, update, {}, 5_000)).toMatch(/^document: would grow past 5000 bytes/);
  });

  it('does not hold against an edit a rule the document already broke', () => {
    const { server, update } = edited(
      (doc) => sharedText(doc, 'purpose').insert(0, 'ok '),
      (doc) => doc.transact(() => doc.getMap('shared').set('title', 'x'.repeat(400))),
    );
    expect(checkUpdatedContent(server, update)).toBeNull();
  });
});

/** A client synced with `server`, and the update each of its edits produces. */
function clientOf(server: Y.Doc): { doc: Y.Doc; edit: (change: (doc: Y.Doc) => void) => Uint8Array } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return {
    doc,
    edit: (change) => {
      const before = Y.encodeStateVector(doc);
      change(doc);
      return Y.encodeStateAsUpdate(doc, before);
    },
  };
}

function populated(): Y.Doc {
  const server = createPackageDoc();
  populateDocument(server, renovationPackage());
  return server;
}

describe('ContentGuard', () => {
  it('gives the verdicts of checkUpdatedContent along a run of merged edits, leaving the document untouched', () => {
    const server = populated();
    const guard = new ContentGuard(server);
    let client = clientOf(server);
    const edits: ((doc: Y.Doc) => void)[] = [
      (doc) => sharedText(doc, 'narrative').insert(0, 'first '),
      (doc) => setTitle(doc, 'x'.repeat(301)), // refused: the title rule
      (doc) => sharedText(doc, 'narrative').insert(3, 'second '),
      (doc) => setTitle(doc, 'a\u0000b'), // refused: control characters
      (doc) => sharedText(doc, 'purpose').delete(0, 2),
      (doc) => setTitle(doc, '新标题'),
    ];
    const verdicts: (string | null)[] = [];
    for (const edit of edits) {
      const update = client.edit(edit);
      const state = Y.encodeStateAsUpdate(server);
      const expected = checkUpdatedContent(server, update);
      const verdict = guard.check(update);
      expect(verdict).toBe(expected);
      expect(Y.encodeStateAsUpdate(server)).toEqual(state);
      verdicts.push(verdict);
      if (verdict === null) Y.applyUpdate(server, update);
      else client = clientOf(server); // a refused client starts again from the server's state
    }
    expect(verdicts.map((v) => (v === null ? 'ok' : 'refused'))).toEqual(['ok', 'refused', 'ok', 'refused', 'ok', 'ok']);
    expect(server.getMap('shared').get('title')).toBe('新标题');
    expect(sharedText(server, 'narrative').toString()).toMatch(/^firsecond st /);
  });

  it('does not keep a refused edit, nor one that passed but was not merged', () => {
    const server = populated();
    const guard = new ContentGuard(server);
    // passes, but is never merged (another step refused it): it must not count for the next check
    const notMerged = clientOf(server).edit((doc) => sharedText(doc, 'narrative').insert(0, 'n'.repeat(120_000)));
    expect(guard.check(notMerged)).toBeNull();
    const other = clientOf(server).edit((doc) => sharedText(doc, 'narrative').insert(0, 'm'.repeat(120_000)));
    expect(guard.check(other)).toBe(checkUpdatedContent(server, other));
    expect(guard.check(other)).toBeNull(); // the same update again (redelivered) passes: it is the only one in the copy
    // passed, not merged, and then another instance's change is merged instead
    const ahead = clientOf(server).edit((doc) => sharedText(doc, 'narrative').insert(0, 'a'.repeat(120_000)));
    expect(guard.check(ahead)).toBeNull();
    Y.applyUpdate(server, clientOf(server).edit((doc) => sharedText(doc, 'purpose').insert(0, 'elsewhere ')));
    const next = clientOf(server).edit((doc) => sharedText(doc, 'narrative').insert(0, 'b'.repeat(120_000)));
    expect(guard.check(next)).toBe(checkUpdatedContent(server, next));
    expect(guard.check(next)).toBeNull();
  });

  it('follows changes merged without a check (from another instance)', () => {
    const server = populated();
    const guard = new ContentGuard(server, {}, 40_000);
    expect(guard.check(clientOf(server).edit((doc) => sharedText(doc, 'purpose').insert(0, 'a')))).toBeNull();
    // not checked here: merged straight into the document, as from another instance
    const elsewhere = clientOf(server).edit((doc) => sharedText(doc, 'narrative').insert(0, 'e'.repeat(30_000)));
    Y.applyUpdate(server, elsewhere);
    const more = clientOf(server).edit((doc) => sharedText(doc, 'narrative').insert(0, 'f'.repeat(12_000)));
    expect(guard.check(more)).toMatch(/^document: would grow past 40000 bytes/);
    expect(checkUpdatedContent(server, more, {}, 40_000)).toMatch(/^document: would grow past 40000 bytes/);
  });

  it('measures the size again as the document nears the bound, and passes an update that brings nothing new', () => {
    const server = populated();
    const guard = new ContentGuard(server, {}, 30_000);
    const client = clientOf(server);
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const update = client.edit((doc) => sharedText(doc, 'narrative').insert(0, 'z'.repeat(1_000)));
      const verdict = guard.check(update);
      expect(verdict).toBe(checkUpdatedContent(server, update, {}, 30_000));
      if (verdict === null) Y.applyUpdate(server, update);
      else refused++;
      if (verdict !== null) break;
    }
    expect(refused).toBe(1);
    expect(Y.encodeStateAsUpdate(server).byteLength).toBeLessThanOrEqual(30_000);
    // a client's sync step 2 that brings nothing new (diffed against the document, as the merge core does)
    expect(guard.check(Y.diffUpdate(Y.encodeStateAsUpdate(server), Y.encodeStateVector(server)))).toBeNull();
    const small = clientOf(server).edit((doc) => sharedText(doc, 'purpose').insert(0, 'p'));
    expect(guard.check(small)).toBe(checkUpdatedContent(server, small, {}, 30_000));
  });
});

function args(e: { server: Y.Doc; update: Uint8Array }): [Y.Doc, Uint8Array] {
  return [e.server, e.update];
}

describe('ContentGuard with the decoded update (reads only what the update touches)', () => {
  const TEXTS = ['narrative', 'purpose', 'consequencesOfNotFunding'] as const;
  const LIMIT = { narrative: TEXT_LIMITS.narrative, purpose: TEXT_LIMITS.long, consequencesOfNotFunding: TEXT_LIMITS.long } as const;
  const author = { rights: { writeShared: true, writeDepartments: 'all' as const } };

  /** the server's document, with some rules already broken (stored before the rule) or nearly so, depending on the seed */
  function start(gen: prng.PRNG): Y.Doc {
    const server = populated();
    server.transact(() => {
      for (const field of TEXTS) {
        const text = sharedText(server, field);
        const roll = prng.int32(gen, 0, 4);
        if (roll === 0) text.insert(0, 'x'.repeat(LIMIT[field] - prng.int32(gen, 0, 40))); // just under the limit
        if (roll === 1) text.insert(0, 'y'.repeat(LIMIT[field] + prng.int32(gen, 1, 40))); // already over
        if (roll === 2) text.insert(prng.int32(gen, 0, text.length), 'ctl\u0007'); // already holds a control character
        if (roll === 3) text.insertEmbed(0, { image: 'x' }); // counts in Y.Text.length, not in the text
      }
      if (prng.bool(gen)) departmentNotes(server, 'power').insert(0, prng.bool(gen) ? 'note\u0001' : 'n'.repeat(TEXT_LIMITS.long - 5));
      if (prng.bool(gen)) server.getMap('shared').set('title', 'x'.repeat(400));
    });
    return server;
  }

  /** A random edit: mostly texts (near and across their limits, with and without control characters), sometimes other fields, sometimes both. */
  function randomChange(gen: prng.PRNG, doc: Y.Doc, editor: Editor): void {
    const insertText = (text: Y.Text) => {
      const roll = prng.int32(gen, 0, 9);
      const piece = roll === 0 ? 'a\u0000b' : roll === 1 ? 'z'.repeat(prng.int32(gen, 1, 60)) : roll === 2 ? '\u001f' : prng.word(gen, 1, 4);
      if (roll === 3) text.insertEmbed(prng.int32(gen, 0, text.length), { image: 'y' });
      else text.insert(prng.int32(gen, 0, text.length), piece);
    };
    const deleteText = (text: Y.Text) => {
      if (text.length === 0) return;
      const at = prng.int32(gen, 0, text.length - 1);
      text.delete(at, Math.min(text.length - at, prng.oneOf(gen, [1, 3, 50, 5_000])));
    };
    const editText = (text: Y.Text) => (prng.int32(gen, 0, 2) === 0 ? deleteText(text) : insertText(text));
    const pick = prng.int32(gen, 0, 9);
    doc.transact(() => {
      if (pick <= 4) editText(sharedText(doc, prng.oneOf(gen, [...TEXTS])));
      else if (pick === 5) editText(departmentNotes(doc, prng.oneOf(gen, ['power', 'housing', `new${prng.int32(gen, 0, 3)}`])));
      else if (pick === 6) {
        editText(sharedText(doc, 'narrative'));
        editText(sharedText(doc, 'purpose'));
      } else if (pick === 7) {
        editText(sharedText(doc, 'narrative'));
        setTitle(doc, prng.bool(gen) ? 'x'.repeat(prng.int32(gen, 290, 310)) : prng.word(gen, 1, 8));
      } else if (pick === 8) {
        const line = rowArray(doc, departmentSection('power'), 'costLines').get(0);
        if (line) line.set('unitCostFen', prng.oneOf(gen, [5, -5, 2 ** 52, 1_000_000]));
      } else randomEdit(gen, editor);
    });
  }

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`gives the verdicts of the whole-document check on random edits (seed ${seed})`, () => {
      const gen = prng.create(seed);
      const server = start(gen);
      const guard = new ContentGuard(server);
      let client = clientOf(server);
      const editor: Editor = { doc: client.doc, department: null, counter: 0 };
      const verdicts = { passed: 0, refused: 0, control: 0, length: 0, other: 0 };
      for (let step = 0; step < 150; step++) {
        const update = client.edit((doc) => randomChange(gen, doc, editor));
        const admission = admitUpdate(server, update, author, []);
        if (!admission.ok) throw new Error(admission.reason);
        const { payload } = admission;
        const expected = checkUpdatedContent(server, payload.update);
        expect(guard.check(payload.update, payload)).toBe(expected);
        if (expected === null) {
          verdicts.passed++;
          if (prng.int32(gen, 0, 9) > 0) Y.applyUpdate(server, payload.update); // sometimes another step refuses it after all
          else client = clientOf(server);
        } else {
          verdicts.refused++;
          if (expected.includes('control characters')) verdicts.control++;
          else if (expected.includes('characters (got')) verdicts.length++;
          else verdicts.other++;
          client = clientOf(server);
        }
        if (prng.int32(gen, 0, 19) === 0) {
          // a change merged without a check (another instance's)
          Y.applyUpdate(server, clientOf(server).edit((doc) => sharedText(doc, 'purpose').insert(0, 'elsewhere ')));
          client = clientOf(server);
        }
        editor.doc = client.doc;
      }
      // the run exercised both verdicts, and refusals for the text rules the shortcut decides on
      expect(verdicts.passed).toBeGreaterThan(20);
      expect(verdicts.control).toBeGreaterThan(0);
      expect(verdicts.refused).toBeGreaterThan(verdicts.control);
    });
  }

  it('reads no text for an ordinary typing edit, and still refuses one that crosses a limit or inserts a control character', () => {
    const server = populated();
    const guard = new ContentGuard(server);
    const typed = (change: (doc: Y.Doc) => void) => {
      const admission = admitUpdate(server, clientOf(server).edit(change), author, []);
      if (!admission.ok) throw new Error(admission.reason);
      return admission.payload;
    };
    const toString = vi.spyOn(Y.Text.prototype as { toString(): string }, 'toString');
    const ordinary = typed((doc) => sharedText(doc, 'narrative').insert(3, 'a'));
    expect(guard.check(ordinary.update, ordinary)).toBeNull();
    expect(toString).not.toHaveBeenCalled();
    toString.mockRestore();
    const control = typed((doc) => sharedText(doc, 'narrative').insert(3, 'a\u0000'));
    expect(guard.check(control.update, control)).toBe('narrative: must not contain control characters (such as NUL)');
    const long = typed((doc) => sharedText(doc, 'purpose').insert(0, 'p'.repeat(TEXT_LIMITS.long + 1)));
    expect(guard.check(long.update, long)).toMatch(/^purpose: must be at most 20000 characters/);
  });
});
