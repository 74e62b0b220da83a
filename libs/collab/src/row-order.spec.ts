import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { listCostLines } from './row-access';
import { addRows, moveRow } from './row-order';
import { departmentSection } from './schema';
import type { CostLineData } from './row-types';

const section = departmentSection('power');
const line = (id: string): CostLineData => ({ id, category: 'materials', description: id, quantityMilli: 1000, unit: '项', unitCostFen: 100, year: 2027 });

describe('row order', () => {
  it('should move a row with its fields in one update, and converge on another replica', () => {
    const doc = new Y.Doc();
    addRows(doc, section, 'costLines', [line('a'), line('b'), line('c')]);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    expect(moveRow(doc, section, 'costLines', 'c', 0)).toBe(true);
    expect(updates).toHaveLength(1);
    Y.applyUpdate(other, updates[0]);
    expect(listCostLines(other, section).map((l) => l.id)).toEqual(['c', 'a', 'b']);
    expect(listCostLines(other, section)[0]).toEqual(line('c'));
    expect(moveRow(doc, section, 'costLines', 'a', 99)).toBe(true);
    expect(listCostLines(doc, section).map((l) => l.id)).toEqual(['c', 'b', 'a']);
    expect(moveRow(doc, section, 'costLines', 'missing', 0)).toBe(false);
  });

  it('should add nothing when one of the rows is invalid', () => {
    const doc = new Y.Doc();
    addRows(doc, section, 'costLines', [line('a')]);
    expect(() => addRows(doc, section, 'costLines', [line('b'), { ...line('c'), year: 2027.5 }])).toThrow();
    expect(() => addRows(doc, section, 'costLines', [line('b'), line('a')])).toThrow();
    expect(listCostLines(doc, section).map((l) => l.id)).toEqual(['a']);
  });
});
