import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textOf } from './text';

/** Random inserts, deletions, embeds and formatting by several replicas, merged in random order. */
function randomTexts(seed: number, steps: number): Y.Doc[] {
  const gen = prng.create(seed);
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc({ gc: false })];
  for (let step = 0; step < steps; step++) {
    const doc = prng.oneOf(gen, docs);
    const text = doc.getText('t');
    const at = prng.int32(gen, 0, text.length);
    const roll = prng.int32(gen, 0, 9);
    if (roll < 4) text.insert(at, prng.word(gen, 1, 8));
    else if (roll < 6 && text.length > 0) text.delete(Math.min(at, text.length - 1), prng.int32(gen, 1, Math.max(1, Math.min(6, text.length - at))));
    else if (roll === 6) text.insertEmbed(at, { image: prng.word(gen, 1, 3) });
    else if (roll === 7 && text.length > 1) text.format(Math.min(at, text.length - 1), 1, { bold: prng.bool(gen) ? true : null });
    else text.insert(at, prng.utf16String(gen, 4));
    if (prng.int32(gen, 0, 4) === 0) {
      const [a, b] = [prng.oneOf(gen, docs), prng.oneOf(gen, docs)];
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
  return docs;
}

describe('textOf', () => {
  it('reads every text as Y.Text.toString does, deleted items, embeds and formats included', () => {
    let compared = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const docs = randomTexts(seed, 400);
      // a copy loaded from the encoded state (deleted content garbage-collected)
      const loaded = new Y.Doc();
      Y.applyUpdate(loaded, Y.encodeStateAsUpdate(docs[0]!));
      for (const doc of [...docs, loaded]) {
        const text = doc.getText('t');
        expect(textOf(text)).toBe(text.toString());
        compared += text.length > 0 ? 1 : 0;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('skips deleted characters (the positive marker: what is left is read)', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'abcdef');
    text.delete(1, 2);
    text.insertEmbed(2, { image: 'x' });
    expect(textOf(text)).toBe('adef');
    expect(textOf(new Y.Doc().getText('t'))).toBe('');
  });
});
