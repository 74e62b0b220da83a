import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cursorAt, cursorRange, fieldFocus } from './cursors';

function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u));
  b.on('update', (u: Uint8Array) => Y.applyUpdate(a, u));
  return { a, b };
}

describe('text cursors as relative positions', () => {
  it('a selection stays on the same characters while someone else types before it', () => {
    const { a, b } = pair();
    a.getText('shared/purpose').insert(0, '共用一条管沟');
    const cursor = cursorAt(a.getText('shared/purpose'), 'shared/purpose', 2, 4); // 一条
    b.getText('shared/purpose').insert(0, '供电与通信');
    const range = cursorRange(b, JSON.parse(JSON.stringify(cursor)));
    expect(range).toEqual({ root: 'shared/purpose', from: 7, to: 9, caret: 9 });
    expect(b.getText('shared/purpose').toString().slice(range!.from, range!.to)).toBe('一条');
  });

  it('a backwards selection has its caret at the start', () => {
    const doc = new Y.Doc();
    doc.getText('shared/narrative').insert(0, 'abcdef');
    expect(cursorRange(doc, cursorAt(doc.getText('shared/narrative'), 'shared/narrative', 5, 1))).toEqual({ root: 'shared/narrative', from: 1, to: 5, caret: 1 });
  });

  it('ignores cursors that do not fit: unknown roots, non-text roots, garbage positions', () => {
    const doc = new Y.Doc();
    doc.getText('shared/purpose').insert(0, 'abc');
    const good = cursorAt(doc.getText('shared/purpose'), 'shared/purpose', 1, 1);
    expect(cursorRange(doc, { ...good, root: 'shared/costLines' })).toBeNull();
    expect(cursorRange(doc, { ...good, root: 'nonsense' })).toBeNull();
    expect(cursorRange(doc, { ...good, anchor: 'x' })).toBeNull();
    expect(cursorRange(doc, null)).toBeNull();
    // a position in another text is not a position in this one
    doc.getText('shared/narrative').insert(0, 'zzz');
    const other = cursorAt(doc.getText('shared/narrative'), 'shared/narrative', 1, 1);
    expect(cursorRange(doc, { ...other, root: 'shared/purpose' })).toBeNull();
  });

  it('field focus: a key and a label, bounded', () => {
    expect(fieldFocus({ key: 'collab-purpose', label: '目的' })).toEqual({ key: 'collab-purpose', label: '目的' });
    expect(fieldFocus({ key: '', label: 'x' })).toBeNull();
    expect(fieldFocus({ key: 'k', label: 'x'.repeat(81) })).toBeNull();
    expect(fieldFocus('collab-purpose')).toBeNull();
  });
});
