/**
 * Seeded random multi-client editing in the style of Yjs's own tests (a random interleaving of
 * local edits and message deliveries, then a full flush), through an authorizing server in a
 * star topology as in production: every liaison writes the shared part and its own department;
 * a coordinator writes everything (moves lines to the shared part, restores lines).
 * Invariants: nothing is ever refused or unresolved (per-link FIFO delivery), and at the end
 * every replica and the server hold the same state and the same projection.
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { COST_CATEGORIES } from '@zerobase/domain';
import type { EditConflict } from './conflicts';
import { detectConflicts } from './conflicts';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import { moveLinesToShared, restoreDeletedLine } from './resolution';
import { addCostLine, addKpi, listCostLines, listRows, removeCostLine, removeKpi, setUnitCost, updateKpi } from './row-access';
import { CollabError, SHARED_SECTION, departmentSection, parseRootName, sharedText, type AnyType, type SectionName } from './schema';
import { addListItem, removeListItem, setCostShare, setTitle } from './shared-fields';
import { renovationPackage } from './testing/fixtures';
import { authorizeUpdate, type WriteRights } from './update-scope';

const DEPARTMENTS = ['housing', 'planning', 'power', 'telecom'];

interface Peer {
  doc: Y.Doc;
  rights: WriteRights;
  department: string | null;
  outbox: Uint8Array[];
  inbox: Uint8Array[];
  counter: number;
}

function randomEdit(gen: prng.PRNG, peer: Peer): void {
  const { doc } = peer;
  const own = peer.department ? departmentSection(peer.department) : SHARED_SECTION;
  const lines = listCostLines(doc, own);
  const pick = prng.int32(gen, 0, 11);
  try {
    switch (pick) {
      case 0:
        setTitle(doc, prng.word(gen, 1, 8));
        break;
      case 1: {
        const text = sharedText(doc, 'purpose');
        doc.transact(() => text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 5)));
        break;
      }
      case 2: {
        const text = sharedText(doc, 'purpose');
        if (text.length > 0) {
          const at = prng.int32(gen, 0, text.length - 1);
          text.delete(at, prng.int32(gen, 1, Math.min(4, text.length - at)));
        }
        break;
      }
      case 3:
      case 4:
        addCostLine(doc, own, {
          id: `${doc.clientID}-${peer.counter++}`,
          category: prng.oneOf(gen, [...COST_CATEGORIES]),
          description: prng.oneOf(gen, ['Line work', 'Trench', 'Crew', 'Poles']),
          quantityMilli: prng.int32(gen, 1, 5) * 1000,
          unit: 'lot',
          unitCostFen: prng.int32(gen, 1, 1_000_000),
          year: 2025,
        });
        break;
      case 5:
        if (lines.length > 0) setUnitCost(doc, own, prng.oneOf(gen, lines).id, prng.int32(gen, 1, 1_000_000));
        break;
      case 6:
        if (lines.length > 0) removeCostLine(doc, own, prng.oneOf(gen, lines).id);
        break;
      case 7:
        if (peer.department) setCostShare(doc, peer.department, prng.int32(gen, 0, 10_000));
        break;
      case 8: {
        const kpis = listRows(doc, SHARED_SECTION, 'kpis');
        const roll = prng.int32(gen, 0, 3);
        if (kpis.length === 0 || roll < 2) {
          addKpi(doc, { id: `k-${doc.clientID}-${peer.counter++}`, name: 'k', unit: '%', baseline: 0, target: prng.int32(gen, 1, 100), direction: 'increase' });
        } else if (roll === 2) {
          updateKpi(doc, prng.oneOf(gen, kpis).id, { target: prng.int32(gen, 1, 100) });
        } else {
          removeKpi(doc, prng.oneOf(gen, kpis).id);
        }
        break;
      }
      case 9:
        if (prng.bool(gen)) addListItem(doc, 'objectives', prng.word(gen, 1, 6), undefined, prng.int32(gen, 0, 3));
        else removeListItem(doc, 'objectives', prng.int32(gen, 0, 3));
        break;
      case 10: {
        if (peer.department !== null) break; // coordinator only: accept a joint suggestion
        const [d1, d2] = [prng.oneOf(gen, DEPARTMENTS), prng.oneOf(gen, DEPARTMENTS)];
        const l1 = listCostLines(doc, departmentSection(d1))[0];
        const l2 = listCostLines(doc, departmentSection(d2))[0];
        if (!l1 || !l2 || d1 === d2) break;
        moveLinesToShared(
          doc,
          [{ departmentId: d1, lineId: l1.id }, { departmentId: d2, lineId: l2.id }],
          [{ departmentId: d1, basisPoints: 5000 }, { departmentId: d2, basisPoints: 5000 }],
          'coordinator',
          prng.bool(gen) ? { merged: { id: `m-${doc.clientID}-${peer.counter++}` } } : {},
        );
        break;
      }
      case 11: {
        if (peer.department !== null) break;
        const d = prng.oneOf(gen, DEPARTMENTS);
        restoreDeletedLine(doc, departmentSection(d), {
          id: `r-${doc.clientID}-${peer.counter++}`, category: 'other', description: 'restored', quantityMilli: 1000, unit: 'lot', unitCostFen: 1, year: 2025,
        });
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof CollabError)) throw error; // e.g. a shared line id taken concurrently
  }
}

function runScenario(seed: number, steps: number): { conflicts: EditConflict[] } {
  const gen = prng.create(seed);
  const server = createPackageDoc();
  populateDocument(server, renovationPackage(), 'conversion');
  const peers: Peer[] = [...DEPARTMENTS.map((d) => d as string | null), null].map((department) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    const peer: Peer = {
      doc,
      department,
      rights: department ? { writeShared: true, writeDepartments: new Set([department]) } : { writeShared: true, writeDepartments: 'all' },
      outbox: [],
      inbox: [],
      counter: 0,
    };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server') peer.outbox.push(update);
    });
    return peer;
  });
  const conflicts: EditConflict[] = [];
  const deliverToServer = (peer: Peer) => {
    const update = peer.outbox.shift();
    if (!update) return;
    const verdict = authorizeUpdate(server, update, peer.rights);
    expect(verdict, `seed ${seed}`).toMatchObject({ ok: true });
    conflicts.push(...detectConflicts(server, update));
    const touched = new Set<string>();
    const observe = (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) {
        let root: AnyType = type;
        while (root._item !== null) root = root._item.parent as typeof root;
        for (const [name, t] of server.share) if (t === root) touched.add(parseRootName(name)?.section ?? name);
      }
    };
    server.on('afterTransaction', observe);
    Y.applyUpdate(server, update, peer);
    server.off('afterTransaction', observe);
    // sound: every section the update really changed was analysed (and authorized)
    if (verdict.ok) for (const section of touched) expect(verdict.sections.has(section as SectionName), `seed ${seed}: ${section}`).toBe(true);
    for (const other of peers) if (other !== peer) other.inbox.push(update);
  };
  const deliverToPeer = (peer: Peer) => {
    const update = peer.inbox.shift();
    if (update) Y.applyUpdate(peer.doc, update, 'server');
  };
  for (let i = 0; i < steps; i++) {
    const peer = prng.oneOf(gen, peers);
    const action = prng.int32(gen, 0, 9);
    if (action < 4) randomEdit(gen, peer);
    else if (action < 7) deliverToServer(peer);
    else deliverToPeer(peer);
  }
  while (peers.some((p) => p.outbox.length > 0 || p.inbox.length > 0)) {
    for (const peer of peers) {
      deliverToServer(peer);
      deliverToPeer(peer);
    }
  }
  const expected = projectSnapshot(server, { departmentIds: DEPARTMENTS });
  const expectedVector = Y.encodeStateVector(server);
  for (const peer of peers) {
    expect(Y.encodeStateVector(peer.doc)).toEqual(expectedVector);
    expect(projectSnapshot(peer.doc, { departmentIds: DEPARTMENTS })).toEqual(expected);
    for (const [name, type] of server.share) expect(peer.doc.get(name).toJSON(), name).toEqual(type.toJSON());
  }
  return { conflicts };
}

describe('convergence under random concurrent editing', () => {
  it('all replicas end identical, nothing refused (20 seeds × 400 steps)', () => {
    let conflicts = 0;
    for (let seed = 1; seed <= 20; seed++) conflicts += runScenario(seed, 400).conflicts.length;
    expect(conflicts).toBeGreaterThan(0); // concurrent editing does surface conflicts
  });

  it('peer-to-peer random sync orders converge too', () => {
    for (let seed = 100; seed < 110; seed++) {
      const gen = prng.create(seed);
      const docs = [0, 1, 2, 3].map(() => new Y.Doc());
      populateDocument(docs[0] as Y.Doc, renovationPackage());
      const peers: Peer[] = docs.map((doc) => ({ doc, department: null, rights: { writeShared: true, writeDepartments: 'all' }, outbox: [], inbox: [], counter: 0 }));
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
