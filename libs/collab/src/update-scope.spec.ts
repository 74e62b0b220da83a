import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { addCostLine, addKpi, removeCostLine, setUnitCost, updateCostLine } from './row-access';
import { departmentSection, rowArray, SHARED_SECTION } from './schema';
import { setDepartmentNotes, setSharedText, setTitle } from './shared-fields';
import { TestServer, syncOneWay } from './testing/fixtures';
import { analyzeUpdateScope, authorizeUpdate, type WriteRights } from './update-scope';

const powerLiaison: WriteRights = { writeShared: true, writeDepartments: new Set(['power']) };
const observer: WriteRights = { writeShared: false, writeDepartments: new Set() };
const power = departmentSection('power');
const telecom = departmentSection('telecom');

/** What a client sends for one local change: the update its transaction emitted. */
function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => updates.push(u);
  doc.on('update', onUpdate);
  change();
  doc.off('update', onUpdate);
  return Y.mergeUpdates(updates);
}

const line = (id: string) => ({ id, category: 'labour' as const, description: 'crew', quantityMilli: 2000, unit: 'day', unitCostFen: 50_000, year: 2025 });

describe('analyzeUpdateScope / authorizeUpdate', () => {
  it("accepts a liaison's edits to their own section and the shared part", () => {
    const server = new TestServer();
    const client = server.client();
    const u1 = captureUpdate(client, () => addCostLine(client, power, line('p-2')));
    expect(analyzeUpdateScope(server.doc, u1)).toMatchObject({ sections: new Set([power]), unknown: false, invalid: [] });
    expect(authorizeUpdate(server.doc, u1, powerLiaison)).toMatchObject({ ok: true, sections: new Set([power]) });
    Y.applyUpdate(server.doc, u1);

    const u2 = captureUpdate(client, () => {
      setUnitCost(client, power, 'p-2', 60_000);
      setTitle(client, 'New title');
      setSharedText(client, 'purpose', 'Renovate the old residential area jointly, fast.');
      setDepartmentNotes(client, 'power', 'poles ordered');
    });
    const verdict = authorizeUpdate(server.doc, u2, powerLiaison);
    expect(verdict).toMatchObject({ ok: true, sections: new Set([power, SHARED_SECTION]) });
  });

  it("refuses an update into another department's section", () => {
    const server = new TestServer();
    const client = server.client();
    const u = captureUpdate(client, () => updateCostLine(client, telecom, 'l-telecom-1', { description: 'mine now' }));
    const verdict = authorizeUpdate(server.doc, u, powerLiaison);
    expect(verdict).toMatchObject({ ok: false, code: 'forbidden', sections: new Set([telecom]) });
    // a brand-new line in another section (parent given by root name) is refused too
    const other = server.client(); // (the refused update left a gap in the first client's clocks)
    const u2 = captureUpdate(other, () => addCostLine(other, telecom, line('t-9')));
    expect(authorizeUpdate(server.doc, u2, powerLiaison)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it("refuses deleting another department's cost line (delete set only)", () => {
    const server = new TestServer();
    const client = server.client();
    const u = captureUpdate(client, () => removeCostLine(client, telecom, 'l-telecom-1'));
    expect(Y.decodeUpdate(u).structs).toHaveLength(0);
    expect(analyzeUpdateScope(server.doc, u).sections).toEqual(new Set([telecom]));
    expect(authorizeUpdate(server.doc, u, powerLiaison)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(authorizeUpdate(server.doc, u, { writeShared: false, writeDepartments: new Set(['telecom']) })).toMatchObject({ ok: true });
  });

  it("refuses an edit of a Y.Text nested inside another department's row map", () => {
    const server = new TestServer();
    const telecomClient = server.client();
    // telecom creates an activity row holding a nested Y.Text
    const create = captureUpdate(telecomClient, () => {
      const text = new Y.Text('dig trench');
      const row = new Y.Map<unknown>([['id', 'a-t'], ['name', 'Trench'], ['start', '2025-05-01'], ['end', '2025-06-01'], ['memo', text]]);
      rowArray(telecomClient, telecom, 'activities').push([row]);
    });
    expect(authorizeUpdate(server.doc, create, { writeShared: false, writeDepartments: new Set(['telecom']) })).toMatchObject({ ok: true });
    Y.applyUpdate(server.doc, create);

    // each attempt from a fresh replica: a refused update leaves a gap in its client's clocks
    const attempt = (edit: (memo: Y.Text) => void) => {
      const powerClient = server.client();
      return captureUpdate(powerClient, () => edit(rowArray(powerClient, telecom, 'activities').get(0).get('memo') as Y.Text));
    };
    const middle = attempt((memo) => memo.insert(3, 'XX')); // origin inside the text
    const start = attempt((memo) => memo.insert(0, '>')); // rightOrigin only
    for (const u of [middle, start]) {
      const decoded = Y.decodeUpdate(u).structs[0] as Y.Item;
      expect(decoded.parent).toBeNull(); // parent is not encoded: found through origin / rightOrigin
      expect(analyzeUpdateScope(server.doc, u)).toMatchObject({ sections: new Set([telecom]), unknown: false });
      expect(authorizeUpdate(server.doc, u, powerLiaison)).toMatchObject({ ok: false, code: 'forbidden' });
    }
    const del = attempt((memo) => memo.delete(0, 2));
    expect(authorizeUpdate(server.doc, del, powerLiaison)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('follows references to structs earlier in the same update (new row, then its fields and nested text)', () => {
    const server = new TestServer();
    const client = server.client();
    const u = captureUpdate(client, () => {
      const row = new Y.Map<unknown>([['id', 'a-p'], ['name', 'Poles'], ['start', '2025-05-01'], ['end', '2025-06-01'], ['memo', new Y.Text('x')]]);
      rowArray(client, power, 'activities').push([row]);
      (row.get('memo') as Y.Text).insert(1, 'yz');
      row.set('name', 'Poles!');
    });
    expect(analyzeUpdateScope(server.doc, u)).toMatchObject({ sections: new Set([power]), unknown: false, invalid: [] });
  });

  it('reports unknown when a parent or origin is neither in the server nor in the update', () => {
    const server = new TestServer();
    const a = server.client();
    const b = server.client();
    // a adds a line the server never receives; b sees it (peer to peer) and edits it
    const hidden = captureUpdate(a, () => addCostLine(a, power, line('p-hidden')));
    Y.applyUpdate(b, hidden);
    const edit = captureUpdate(b, () => setUnitCost(b, power, 'p-hidden', 1));
    expect(analyzeUpdateScope(server.doc, edit).unknown).toBe(true);
    expect(authorizeUpdate(server.doc, edit, { writeShared: true, writeDepartments: 'all' })).toMatchObject({ ok: false, code: 'unresolved' });
    // deleting something the server does not have is unknown too (Yjs would keep it pending)
    const del = captureUpdate(b, () => removeCostLine(b, power, 'p-hidden'));
    expect(analyzeUpdateScope(server.doc, del).unknown).toBe(true);
    // with the dependency included, it resolves
    expect(analyzeUpdateScope(server.doc, Y.mergeUpdates([hidden, edit]))).toMatchObject({ unknown: false, sections: new Set([power]) });
  });

  it('reports unknown for a gap in a client clock sequence', () => {
    const server = new TestServer();
    const client = server.client();
    captureUpdate(client, () => addKpi(client, { id: 'k-9', name: 'n', unit: 'u', baseline: 0, target: 1, direction: 'increase' }));
    const second = captureUpdate(client, () => setTitle(client, 'later'));
    expect(analyzeUpdateScope(server.doc, second).unknown).toBe(true);
  });

  it('ignores what the server already has (reconnect resend)', () => {
    const server = new TestServer();
    const client = server.client();
    const u = captureUpdate(client, () => addCostLine(client, power, line('p-3')));
    Y.applyUpdate(server.doc, u);
    expect(analyzeUpdateScope(server.doc, u).sections.size).toBe(0);
    expect(authorizeUpdate(server.doc, Y.encodeStateAsUpdate(client), observer)).toMatchObject({ ok: true });
  });

  it('refuses observers, root types outside the schema, wrong container kinds and malformed bytes', () => {
    const server = new TestServer();
    const all: WriteRights = { writeShared: true, writeDepartments: 'all' };
    const attempt = (change: (doc: Y.Doc) => void) => {
      const client = server.client();
      return captureUpdate(client, () => change(client));
    };
    expect(authorizeUpdate(server.doc, attempt((c) => setTitle(c, 'x')), observer)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(authorizeUpdate(server.doc, attempt((c) => c.getMap('secrets').set('a', 1)), all)).toMatchObject({ ok: false, code: 'invalid' });
    expect(authorizeUpdate(server.doc, attempt((c) => c.getMap('dept:a/b/costLines').set('a', 1)), all)).toMatchObject({ ok: false, code: 'invalid' });
    const wrongKind = attempt((c) => c.getArray<string>('shared/costSplit').push(['x']));
    expect(authorizeUpdate(server.doc, wrongKind, all)).toMatchObject({ ok: false, code: 'invalid' });
    const scalarRow = attempt((c) => c.getArray<number>('dept:power/costLines').push([1]));
    expect(authorizeUpdate(server.doc, scalarRow, all)).toMatchObject({ ok: false, code: 'invalid' });
    const nestedInMap = attempt((c) => c.getMap('shared').set('title', new Y.Map()));
    expect(authorizeUpdate(server.doc, nestedInMap, all)).toMatchObject({ ok: false, code: 'invalid', reason: 'shared holds plain values only' });
    const typeInText = attempt((c) => c.getText('dept:power/notes').insertEmbed(0, new Y.Map()));
    expect(authorizeUpdate(server.doc, typeInText, all)).toMatchObject({ ok: false, code: 'invalid' });
    expect(authorizeUpdate(server.doc, new Uint8Array([1, 2, 3, 250, 250, 250]), powerLiaison)).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('treats edits that Yjs would garbage-collect as touching nothing', () => {
    const server = new TestServer();
    const client = server.client();
    syncOneWay(server.doc, client);
    // text typed into a line that the server already deleted and collected is dropped by Yjs
    const plain = new Y.Doc();
    syncOneWay(server.doc, plain);
    const edit = captureUpdate(client, () => setUnitCost(client, power, 'l-power-1', 7));
    plain.transact(() => removeCostLine(plain, power, 'l-power-1'));
    const scope = analyzeUpdateScope(plain, edit); // a plain doc collected the deleted line's fields
    expect(scope.unknown).toBe(false);
    expect(scope.sections.size).toBe(0);
  });

  it('handles a struct the server already has in part (merged locally after a first send)', () => {
    const server = new TestServer();
    const client = server.client();
    const notes = () => client.getText('dept:power/notes');
    const first = captureUpdate(client, () => notes().insert(0, 'hello'));
    Y.applyUpdate(server.doc, first);
    notes().insert(5, ' world'); // merged with the first item in the client's store
    const full = Y.encodeStateAsUpdate(client);
    const merged = Y.decodeUpdate(full).structs.find((s) => s.id.client === client.clientID && s.id.clock === 0);
    expect(merged?.length).toBe(11);
    expect(authorizeUpdate(server.doc, full, powerLiaison)).toMatchObject({ ok: true, sections: new Set([power]) });
    expect(authorizeUpdate(server.doc, full, { writeShared: true, writeDepartments: new Set(['telecom']) })).toMatchObject({ ok: false });
  });

  it('never throws on corrupted bytes', () => {
    const server = new TestServer();
    const client = server.client();
    const valid = captureUpdate(client, () => {
      addCostLine(client, power, line('p-fuzz'));
      setSharedText(client, 'purpose', 'fuzz');
      removeCostLine(client, telecom, 'l-telecom-1');
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (flips) => {
        const bytes = valid.slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const verdict = authorizeUpdate(server.doc, bytes, powerLiaison);
        expect(typeof verdict.ok).toBe('boolean');
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('resolves long dependency chains iteratively (20 000 characters typed backwards offline)', () => {
    const server = new TestServer();
    const client = server.client();
    const notes = client.getText('dept:power/notes');
    for (let i = 0; i < 20_000; i++) notes.insert(0, String.fromCharCode(97 + (i % 26)));
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server.doc));
    expect(Y.decodeUpdate(update).structs.length).toBeGreaterThan(10_000);
    const started = Date.now();
    expect(authorizeUpdate(server.doc, update, powerLiaison)).toMatchObject({ ok: true, sections: new Set([power]) });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
