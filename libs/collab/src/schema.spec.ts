import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import fc from 'fast-check';
import { apportion } from './apportion';
import { createPackageDoc } from './package-doc';
import { addCostLine, removeCostLine } from './row-access';
import { readRowTombstone } from './rows';
import {
  departmentSection,
  documentDepartmentIds,
  ensureSections,
  isSectionName,
  parseRootName,
  rootName,
  rowArray,
  SHARED_SECTION,
} from './schema';

describe('schema names', () => {
  it('maps root names to sections and back', () => {
    expect(parseRootName('shared')).toEqual({ section: 'shared', part: '', kind: 'map' });
    expect(parseRootName('shared/purpose')).toEqual({ section: 'shared', part: 'purpose', kind: 'text' });
    expect(parseRootName('shared/costLines')).toEqual({ section: 'shared', part: 'costLines', kind: 'array' });
    expect(parseRootName('dept:power/costLines')).toEqual({ section: 'dept:power', part: 'costLines', kind: 'array' });
    expect(parseRootName('dept:power/notes')).toEqual({ section: 'dept:power', part: 'notes', kind: 'text' });
    for (const bad of ['dept:power/kpis', 'dept:/notes', 'dept:a/b/notes', 'shared/', 'shared/constructor', 'dept:x/__proto__', 'other', 'secrets/x']) {
      expect(parseRootName(bad), bad).toBeNull();
    }
    expect(rootName(departmentSection('power'), 'costLines')).toBe('dept:power/costLines');
    expect(rootName(SHARED_SECTION, '')).toBe('shared');
    expect(() => rootName(departmentSection('power'), 'kpis')).toThrow();
    expect(() => departmentSection('a/b')).toThrow();
    expect(isSectionName('dept:x')).toBe(true);
    expect(isSectionName('dept:')).toBe(false);
  });

  it('ensureSections instantiates sections locally without producing an update', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    ensureSections(doc, ['water', 'power']);
    ensureSections(doc, ['water']);
    expect(updates).toBe(0);
    expect(documentDepartmentIds(doc)).toEqual(['power', 'water']);
  });

  it('two replicas that start the same section concurrently write into the same array', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const line = (id: string) => ({ id, category: 'other' as const, description: id, quantityMilli: 1, unit: 'u', unitCostFen: 1, year: 2025 });
    addCostLine(a, departmentSection('water'), line('from-a'));
    addCostLine(b, departmentSection('water'), line('from-b'));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ids = (d: Y.Doc) => rowArray(d, departmentSection('water'), 'costLines').map((m) => m.get('id'));
    expect(ids(a).sort()).toEqual(['from-a', 'from-b']);
    expect(ids(a)).toEqual(ids(b));
  });
});

describe('createPackageDoc', () => {
  it('keeps the content of deleted rows but collects overwritten values of live rows', () => {
    const doc = createPackageDoc();
    const section = departmentSection('power');
    addCostLine(doc, section, { id: 'x', category: 'other', description: 'd', quantityMilli: 1, unit: 'u', unitCostFen: 1, year: 2025 });
    const row = rowArray(doc, section, 'costLines').get(0);
    doc.transact(() => row.set('unitCostFen', 2));
    const overwritten = [...doc.store.clients.values()].flat().filter((s) => s instanceof Y.Item && s.deleted);
    expect(overwritten.every((s) => (s as Y.Item).content instanceof Y.ContentDeleted)).toBe(true);
    removeCostLine(doc, section, 'x');
    expect(readRowTombstone(row)).toMatchObject({ id: 'x', unitCostFen: 2 });
    // a plain document collects it
    const plain = new Y.Doc();
    addCostLine(plain, section, { id: 'x', category: 'other', description: 'd', quantityMilli: 1, unit: 'u', unitCostFen: 1, year: 2025 });
    const plainRow = rowArray(plain, section, 'costLines').get(0);
    removeCostLine(plain, section, 'x');
    expect(readRowTombstone(plainRow)).toEqual({});
  });
});

describe('apportion', () => {
  it('always sums to the amount, each part within one fen of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 }), (amount, weights) => {
        const parts = apportion(amount, weights);
        const total = weights.reduce((s, w) => s + w, 0);
        if (total === 0) return parts.every((p) => p === 0);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(amount);
        parts.forEach((p, i) => expect(Math.abs(p - (amount * (weights[i] as number)) / total)).toBeLessThanOrEqual(1));
        return true;
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
