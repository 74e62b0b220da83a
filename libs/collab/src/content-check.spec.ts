import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdatedContent } from './content-check';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import { departmentSection, rowArray } from './schema';
import { setTitle, sharedText } from './index';
import { renovationPackage } from './testing/fixtures';

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

function args(e: { server: Y.Doc; update: Uint8Array }): [Y.Doc, Uint8Array] {
  return [e.server, e.update];
}
