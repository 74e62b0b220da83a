import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { packageTotals, wanYuanToFen } from '@zerobase/domain';
import { populateDocument, isPopulated } from './populate';
import { projectSnapshot, SHARED_COST_OWNER } from './projection';
import { departmentSection, rowArray, SHARED_SECTION, sharedMap } from './schema';
import { addCostLine } from './row-access';
import { renovationPackage, syncBoth } from './testing/fixtures';

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe('populateDocument / projectSnapshot', () => {
  it('round-trips every document field of a relational package', () => {
    const pkg = renovationPackage();
    const doc = new Y.Doc();
    populateDocument(doc, pkg);
    const snap = projectSnapshot(doc);

    expect(snap.schemaVersion).toBe(1);
    expect(snap.title).toBe(pkg.title);
    expect(snap.purpose).toBe(pkg.purpose);
    expect(snap.objectives).toEqual(pkg.objectives);
    expect(snap.contingencyBasisPoints).toBe(pkg.contingencyBasisPoints);
    expect(byId(snap.activities)).toEqual(byId(pkg.activities));
    expect(byId(snap.costLines)).toEqual(byId(pkg.costLines));
    expect(snap.levels).toEqual(pkg.levels);
    expect(snap.kpis).toEqual(pkg.kpis);
    expect(snap.risks).toEqual(pkg.risks);
    expect(snap.alternatives).toEqual(pkg.alternatives);
    expect(snap.consequencesOfNotFunding).toBe(pkg.consequencesOfNotFunding);
    expect(snap.costSplit).toEqual([...pkg.costSplit].sort((a, b) => a.departmentId.localeCompare(b.departmentId)));
    expect(snap.departmentIds).toEqual([...pkg.departmentIds].sort());
    expect(snap.issues).toEqual([]);
  });

  it('round-trips document-only fields: narrative, locations, shared lines, notes', () => {
    const doc = new Y.Doc();
    const pkg = renovationPackage();
    populateDocument(doc, {
      ...pkg,
      narrative: '改造叙述',
      costLines: pkg.costLines.map((l) => (l.departmentId === 'power' ? { ...l, location: 'Block 7' } : l)),
      sharedCostLines: [{ id: 's-1', category: 'machinery', description: 'Shared trench', quantityMilli: 500, unit: 'km', unitCostFen: 100, year: 2025, fromDepartmentIds: ['power', 'telecom'] }],
      notes: { power: 'check poles' },
    });
    const snap = projectSnapshot(doc);
    expect(snap.narrative).toBe('改造叙述');
    expect(snap.costLines.find((l) => l.id === 'l-power-1')?.location).toBe('Block 7');
    expect(snap.costLines.find((l) => l.id === 'l-housing-1')).not.toHaveProperty('location');
    expect(snap.sharedCostLines).toEqual([
      { id: 's-1', category: 'machinery', description: 'Shared trench', quantityMilli: 500, unit: 'km', unitCostFen: 100, year: 2025, fromDepartmentIds: ['power', 'telecom'], departmentId: SHARED_COST_OWNER },
    ]);
    expect(snap.notes['power']).toBe('check poles');
  });

  it('computes totals with the contingency, and exact per-department requests', () => {
    const doc = new Y.Doc();
    populateDocument(doc, renovationPackage());
    const snap = projectSnapshot(doc);
    expect(snap.totals).toEqual(packageTotals(snap.costLines, 1000));
    expect(snap.totals.baseFen).toBe(wanYuanToFen(8000));
    expect(snap.totals.totalFen).toBe(wanYuanToFen(8800));
    expect(snap.requestByDepartment['housing']).toBe(wanYuanToFen(3300));
    const sum = Object.values(snap.requestByDepartment).reduce((s, v) => s + v, 0) + snap.unallocatedFen;
    expect(sum).toBe(snap.totals.totalFen);
  });

  it('apportions shared lines by the split and keeps requests exact with awkward amounts', () => {
    const doc = new Y.Doc();
    populateDocument(doc, {
      ...renovationPackage(),
      costSplit: [
        { departmentId: 'power', basisPoints: 3333 },
        { departmentId: 'telecom', basisPoints: 3333 },
      ],
      sharedCostLines: [{ id: 's-1', category: 'machinery', description: 'Shared trench', quantityMilli: 1000, unitCostFen: 100_001, unit: 'km', year: 2025 }],
    });
    const snap = projectSnapshot(doc);
    expect(snap.totals.byDepartment[SHARED_COST_OWNER]).toBe(100_001);
    expect(snap.unallocatedFen).toBeGreaterThan(0); // a third of the shared line is not covered by the split
    const sum = Object.values(snap.requestByDepartment).reduce((s, v) => s + v, 0) + snap.unallocatedFen;
    expect(sum).toBe(snap.totals.totalFen);
  });

  it('refuses to populate twice', () => {
    const doc = new Y.Doc();
    populateDocument(doc, renovationPackage());
    expect(isPopulated(doc)).toBe(true);
    expect(() => populateDocument(doc, renovationPackage())).toThrow(/already populated/);
  });

  it('ignores extra columns of relational rows', () => {
    const pkg = renovationPackage();
    const doc = new Y.Doc();
    populateDocument(doc, { ...pkg, kpis: pkg.kpis.map((k) => ({ ...k, createdAt: 'x' }) as typeof k) });
    expect(projectSnapshot(doc).kpis).toEqual(pkg.kpis);
  });

  it('is identical on every replica and never throws on bad content', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    populateDocument(a, renovationPackage());
    syncBoth(a, b);
    // a peer writes garbage straight into the document
    b.transact(() => {
      const line = new Y.Map<unknown>([['id', 'bad'], ['category', 'spaceships'], ['quantityMilli', -5], ['unitCostFen', 'lots']]);
      rowArray(b, departmentSection('power'), 'costLines').push([line]);
      sharedMap(b).set('title', 42);
    });
    syncBoth(a, b);
    const sa = projectSnapshot(a);
    expect(sa).toEqual(projectSnapshot(b));
    expect(sa.title).toBe('');
    const bad = sa.costLines.find((l) => l.id === 'bad');
    expect(bad).toMatchObject({ category: 'other', quantityMilli: 0, unitCostFen: 0 });
    expect(sa.issues.length).toBeGreaterThan(0);
  });

  it('leaves out of the totals a line whose amount overflows', () => {
    const doc = new Y.Doc();
    populateDocument(doc, renovationPackage());
    addCostLine(doc, departmentSection('power'), {
      id: 'huge', category: 'other', description: 'x', quantityMilli: Number.MAX_SAFE_INTEGER, unit: 'u', unitCostFen: Number.MAX_SAFE_INTEGER, year: 2025,
    });
    const snap = projectSnapshot(doc);
    expect(snap.totals.baseFen).toBe(wanYuanToFen(8000));
    expect(snap.issues.some((i) => i.includes('huge'))).toBe(true);
  });

  it('lists departments passed in even when their sections are empty', () => {
    const doc = new Y.Doc();
    const snap = projectSnapshot(doc, { departmentIds: ['water'] });
    expect(snap.departmentIds).toEqual(['water']);
    expect(rowArray(doc, SHARED_SECTION, 'kpis').length).toBe(0);
  });
});
