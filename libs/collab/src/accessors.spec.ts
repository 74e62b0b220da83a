import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import {
  addActivity,
  addCostLine,
  addKpi,
  getCostLine,
  listRows,
  removeActivity,
  removeCostLine,
  removeLevel,
  setLevel,
  setQuantity,
  setUnitCost,
  updateCostLine,
} from './row-access';
import { costSplitMap, departmentSection, SHARED_SECTION, sharedText } from './schema';
import {
  getCostSplit,
  getList,
  getSharedText,
  getTitle,
  setContingencyBasisPoints,
  setCostShare,
  setCostSplit,
  setList,
  setSharedText,
  setTitle,
} from './shared-fields';
import { replaceText } from './text';
import { renovationPackage, syncBoth } from './testing/fixtures';

const power = departmentSection('power');
const line = { id: 'p-2', category: 'labour' as const, description: 'crew', quantityMilli: 2500, unit: 'day', unitCostFen: 80_000, year: 2026 };

function recordUpdates(doc: Y.Doc): { origins: unknown[]; count: () => number } {
  const origins: unknown[] = [];
  doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
  return { origins, count: () => origins.length };
}

describe('typed accessors', () => {
  it('each writer is one transaction carrying the given origin', () => {
    const doc = new Y.Doc();
    populateDocument(doc, renovationPackage());
    const rec = recordUpdates(doc);
    const me = { user: 'u1' };
    setTitle(doc, 'T', me);
    addCostLine(doc, power, line, me);
    setUnitCost(doc, power, 'p-2', 90_000, me);
    setQuantity(doc, power, 'p-2', 3000, me);
    removeCostLine(doc, power, 'p-2', me);
    setContingencyBasisPoints(doc, 500, me);
    setCostShare(doc, 'power', 2500, me);
    expect(rec.origins).toEqual(Array(7).fill(me));
  });

  it('writes only what changes (no update, no tombstone, no false conflict)', () => {
    const doc = new Y.Doc();
    populateDocument(doc, renovationPackage());
    const rec = recordUpdates(doc);
    setTitle(doc, renovationPackage().title);
    setUnitCost(doc, departmentSection('power'), 'l-power-1', getCostLine(doc, power, 'l-power-1')?.unitCostFen as number);
    setCostSplit(doc, renovationPackage().costSplit);
    setSharedText(doc, 'purpose', renovationPackage().purpose);
    expect(rec.count()).toBe(0);
  });

  it('adds, updates and removes cost lines and activities by stable id', () => {
    const doc = new Y.Doc();
    addCostLine(doc, power, line);
    expect(() => addCostLine(doc, power, line)).toThrow(/already has a row/);
    expect(updateCostLine(doc, power, 'p-2', { description: 'night crew', location: 'Block 3' })).toBe(true);
    expect(getCostLine(doc, power, 'p-2')).toEqual({ ...line, description: 'night crew', location: 'Block 3' });
    expect(updateCostLine(doc, power, 'p-2', { location: undefined })).toBe(true);
    expect(getCostLine(doc, power, 'p-2')).not.toHaveProperty('location');
    expect(updateCostLine(doc, power, 'missing', { unitCostFen: 1 })).toBe(false);
    addActivity(doc, power, { id: 'a1', name: 'dig', start: '2026-01-01', end: '2026-02-01' });
    addActivity(doc, SHARED_SECTION, { id: 'a2', name: 'meet', start: '2026-01-01', end: '2026-01-01' });
    expect(projectSnapshot(doc).activities.map((a) => [a.id, a.departmentId])).toEqual([
      ['a1', 'power'],
      ['a2', null],
    ]);
    expect(removeActivity(doc, power, 'a1')).toBe(true);
    expect(removeActivity(doc, power, 'a1')).toBe(false);
  });

  it('validates what it writes', () => {
    const doc = new Y.Doc();
    expect(() => addCostLine(doc, power, { ...line, unitCostFen: -1 })).toThrow(/unitCostFen/);
    expect(() => addCostLine(doc, power, { ...line, unitCostFen: 1.5 })).toThrow(/unitCostFen/);
    expect(() => addCostLine(doc, power, { ...line, category: 'spaceships' as never })).toThrow(/category/);
    expect(() => addCostLine(doc, power, { ...line, fromDepartmentIds: ['x'] })).toThrow(/shared/);
    expect(() => updateCostLine(doc, power, 'p-2', { id: 'other' })).toThrow(/cannot change/);
    expect(() => updateCostLine(doc, power, 'p-2', { colour: 'red' } as never)).toThrow(/no field/);
    expect(() => addKpi(doc, { id: 'k', name: 'n', unit: '%', baseline: 1, target: 2, direction: 'sideways' as never })).toThrow(/direction/);
    expect(() => setContingencyBasisPoints(doc, 10_001)).toThrow();
    expect(() => setCostShare(doc, 'a/b', 10)).toThrow(/department id/);
    expect(() => setCostSplit(doc, [{ departmentId: 'x', basisPoints: 1 }, { departmentId: 'x', basisPoints: 2 }])).toThrow(/twice/);
  });

  it('keeps levels keyed by level, in minimum → current → enhanced order', () => {
    const doc = new Y.Doc();
    setLevel(doc, { level: 'enhanced', description: 'e', costFen: 3, outcome: 'o3' });
    setLevel(doc, { level: 'minimum', description: 'm', costFen: 1, outcome: 'o1' });
    setLevel(doc, { level: 'enhanced', description: 'e2', costFen: 4, outcome: 'o3' });
    expect(projectSnapshot(doc).levels.map((l) => [l.level, l.description])).toEqual([
      ['minimum', 'm'],
      ['enhanced', 'e2'],
    ]);
    expect(listRows(doc, SHARED_SECTION, 'levels')).toHaveLength(2);
    expect(removeLevel(doc, 'minimum')).toBe(true);
  });

  it('text and list setters edit minimally, so concurrent edits elsewhere merge', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    populateDocument(a, renovationPackage());
    syncBoth(a, b);
    setSharedText(a, 'purpose', 'Quickly renovate the old residential area jointly.');
    setSharedText(b, 'purpose', 'Renovate the old residential area jointly and safely.');
    setList(a, 'objectives', ['resident satisfaction ≥ 85 %', 'cycle time −20 %']);
    setList(b, 'objectives', ['resident satisfaction ≥ 80 %', 'cycle time −20 %', 'no outages']);
    syncBoth(a, b);
    expect(getSharedText(a, 'purpose')).toBe('Quickly renovate the old residential area jointly and safely.');
    expect(getSharedText(b, 'purpose')).toBe(getSharedText(a, 'purpose'));
    expect(getList(a, 'objectives')).toEqual(['resident satisfaction ≥ 85 %', 'cycle time −20 %', 'no outages']);
  });

  it('never splits a surrogate pair', () => {
    const doc = new Y.Doc();
    const text = sharedText(doc, 'narrative');
    doc.transact(() => replaceText(text, 'a😀b'));
    doc.transact(() => replaceText(text, 'a😃b'));
    expect(text.toString()).toBe('a😃b');
    doc.transact(() => replaceText(text, '😃'));
    expect(text.toString()).toBe('😃');
  });

  it('cost split: per-key writes; concurrent shares of different departments merge', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    populateDocument(a, renovationPackage());
    syncBoth(a, b);
    const mapBefore = costSplitMap(a);
    setCostShare(a, 'power', 2500);
    setCostShare(b, 'telecom', 1500);
    syncBoth(a, b);
    expect(costSplitMap(a)).toBe(mapBefore);
    expect(getCostSplit(a)).toEqual([
      { departmentId: 'housing', basisPoints: 4000 },
      { departmentId: 'planning', basisPoints: 2000 },
      { departmentId: 'power', basisPoints: 2500 },
      { departmentId: 'telecom', basisPoints: 1500 },
    ]);
    setCostSplit(a, [{ departmentId: 'power', basisPoints: 10_000 }]);
    expect(getCostSplit(a)).toEqual([{ departmentId: 'power', basisPoints: 10_000 }]);
  });

  it('title falls back to empty for a fresh document', () => {
    expect(getTitle(new Y.Doc())).toBe('');
  });
});
