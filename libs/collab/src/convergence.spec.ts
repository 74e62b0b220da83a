/**
 * Seeded random peer-to-peer editing in the style of Yjs's own tests: replicas edit and sync in
 * random orders and end identical. (Editing through the server's merge path: merge-core.spec.ts.)
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import { renovationPackage } from './testing/fixtures';
import { randomEdit, type Editor } from './testing/random-edit';

describe('convergence under random concurrent editing', () => {
  it('peer-to-peer random sync orders converge too', () => {
    for (let seed = 100; seed < 110; seed++) {
      const gen = prng.create(seed);
      const docs = [0, 1, 2, 3].map(() => new Y.Doc());
      populateDocument(docs[0] as Y.Doc, renovationPackage());
      const peers: Editor[] = docs.map((doc) => ({ doc, department: null, counter: 0 }));
      for (let i = 0; i < 300; i++) {
        const a = prng.oneOf(gen, peers);
        if (prng.int32(gen, 0, 2) > 0) {
          randomEdit(gen, a);
        } else {
          const b = prng.oneOf(gen, peers);
          Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
        }
      }
      for (const a of peers) for (const b of peers) Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
      const expected = projectSnapshot(docs[0] as Y.Doc);
      for (const doc of docs) expect(projectSnapshot(doc)).toEqual(expected);
    }
  });
});
