/** Seeded random edits of a package document, as the liaison of `department` (or a coordinator, null) would make them. */
import * as prng from 'lib0/prng';
import type * as Y from 'yjs';
import { COST_CATEGORIES } from '@zerobase/domain';
import { moveLinesToShared, restoreDeletedLine } from '../resolution';
import { addCostLine, addKpi, listCostLines, listRows, removeCostLine, removeKpi, setUnitCost, updateKpi } from '../row-access';
import { CollabError, SHARED_SECTION, departmentSection, sharedText } from '../schema';
import { addListItem, removeListItem, setCostShare, setTitle } from '../shared-fields';

export const DEPARTMENTS = ['housing', 'planning', 'power', 'telecom'];

/** Whoever edits: a replica, the department it edits for (null: a coordinator), a counter for fresh row ids. */
export interface Editor {
  doc: Y.Doc;
  department: string | null;
  counter: number;
}

export function randomEdit(gen: prng.PRNG, peer: Editor): void {
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

