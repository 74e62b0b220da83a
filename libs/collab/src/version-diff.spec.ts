import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import { addCostLine, removeCostLine, setUnitCost, updateKpi } from './row-access';
import { departmentSection } from './schema';
import { setCostShare, setSharedText, setTitle } from './shared-fields';
import { renovationPackage } from './testing/fixtures';
import { analyzeUpdateScope } from './update-scope';
import { changedFields, diffRows, diffSnapshots, diffText, targetOfPath } from './version-diff';

function demoDoc(): Y.Doc {
  const doc = createPackageDoc();
  populateDocument(doc, renovationPackage());
  return doc;
}

/** the edit-log paths the server records for an edit of `doc` */
function pathsOf(doc: Y.Doc, edit: (copy: Y.Doc) => void): string[] {
  const copy = createPackageDoc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  edit(copy);
  return [...analyzeUpdateScope(doc, Y.encodeStateAsUpdate(copy, before)).paths];
}

describe('targetOfPath', () => {
  it('should read shared keys, texts, split and row fields', () => {
    expect(targetOfPath('shared.title')).toEqual({ field: 'title', section: 'shared' });
    expect(targetOfPath('shared.contingencyBasisPoints')).toEqual({ field: 'contingencyBasisPoints', section: 'shared' });
    expect(targetOfPath('shared/purpose')).toEqual({ field: 'purpose', section: 'shared' });
    expect(targetOfPath('shared/costSplit.power')).toEqual({ field: 'costSplit', section: 'shared' });
    expect(targetOfPath('dept:power/costLines/DP-01-l1.unitCostFen')).toEqual({ field: 'costLines', section: 'power', row: 'DP-01-l1', key: 'unitCostFen' });
    expect(targetOfPath('dept:power/costLines')).toEqual({ field: 'costLines', section: 'power' });
    expect(targetOfPath('dept:telecom/notes')).toEqual({ field: 'notes', section: 'telecom' });
    expect(targetOfPath('shared/levels/minimum.costFen')).toEqual({ field: 'levels', section: 'shared', row: 'minimum', key: 'costFen' });
  });

  it('should name no field for the schema version or roots outside the schema', () => {
    expect(targetOfPath('shared.schemaVersion')).toBeNull();
    expect(targetOfPath('evil/root')).toBeNull();
    expect(targetOfPath('')).toBeNull();
  });
});

describe('changedFields', () => {
  it('should list the fields of the paths the server records for real edits, once each', () => {
    const doc = demoDoc();
    const paths = pathsOf(doc, (d) => {
      setUnitCost(d, departmentSection('power'), 'l-power-1', 1);
      setTitle(d, 'new title');
      setSharedText(d, 'purpose', 'Renovate jointly.');
      setCostShare(d, 'power', 2500);
    });
    expect(changedFields(paths)).toEqual(['title', 'purpose', 'costSplit', 'costLines']);
    expect(paths).toContain('dept:power/costLines/l-power-1.unitCostFen');
  });

  it('should give nothing for no paths', () => {
    expect(changedFields([])).toEqual([]);
  });
});

describe('diffText', () => {
  it('should keep common words and mark the changed ones', () => {
    expect(diffText('the old line upgrade', 'the new line upgrade')).toEqual([
      { op: 'same', text: 'the ' },
      { op: 'removed', text: 'old' },
      { op: 'added', text: 'new' },
      { op: 'same', text: ' line upgrade' },
    ]);
  });

  it('should diff Chinese character by character', () => {
    expect(diffText('电力侧负责管沟开挖。', '电力侧负责光缆敷设。')).toEqual([
      { op: 'same', text: '电力侧负责' },
      { op: 'removed', text: '管沟开挖' },
      { op: 'added', text: '光缆敷设' },
      { op: 'same', text: '。' },
    ]);
  });

  it('should rebuild both texts from its parts', () => {
    const before = 'Joint trench, power cables first; telecom ducts after the inspection.';
    const after = 'Joint trench: telecom ducts first, power cables after the joint inspection!';
    const parts = diffText(before, after);
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(after);
  });

  it('should handle empty and equal texts', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
    expect(diffText('', 'new')).toEqual([{ op: 'added', text: 'new' }]);
    expect(diffText('old', '')).toEqual([{ op: 'removed', text: 'old' }]);
  });

  it('should fall back to one removal and one addition for very long rewrites', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(' ');
    const parts = diffText(before, after);
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(after);
    expect(parts.length).toBeLessThanOrEqual(4);
  });
});

describe('diffRows', () => {
  it('should find added, removed and changed rows with the changed keys', () => {
    const before = [
      { id: 'a', n: 1, s: 'x' },
      { id: 'b', n: 2, s: 'y' },
    ];
    const after = [
      { id: 'b', n: 3, s: 'y' },
      { id: 'c', n: 4, s: 'z' },
    ];
    expect(diffRows(before, after, (r) => r.id)).toEqual([
      { id: 'a', status: 'removed', before: before[0], after: null, fields: [] },
      { id: 'b', status: 'changed', before: before[1], after: after[0], fields: ['n'] },
      { id: 'c', status: 'added', before: null, after: after[1], fields: [] },
    ]);
  });
});

describe('diffSnapshots', () => {
  it('should compare two versions field by field, with cost lines added, removed and changed', () => {
    const doc = demoDoc();
    const before = projectSnapshot(doc);
    doc.transact(() => {
      setTitle(doc, '老旧小区联合改造');
      setSharedText(doc, 'narrative', 'Power and telecom share one trench.');
      setUnitCost(doc, departmentSection('power'), 'l-power-1', 20_000_000_00);
      removeCostLine(doc, departmentSection('planning'), 'l-planning-1');
      addCostLine(doc, departmentSection('telecom'), { id: 'l-telecom-2', category: 'materials', description: 'Fibre', quantityMilli: 2000, unit: 'km', unitCostFen: 100_000_00, year: 2025 });
      updateKpi(doc, 'kpi-satisfaction', { target: 90 });
    });
    const after = projectSnapshot(doc);
    const diff = diffSnapshots(before, after);
    expect(diff.same).toBe(false);
    expect(diff.fields.map((f) => f.field)).toEqual(['title', 'narrative']);
    expect(diff.fields[1].text).toEqual([{ op: 'added', text: 'Power and telecom share one trench.' }]);
    expect(diff.costLines.map((l) => [l.id, l.status, l.fields])).toEqual([
      ['l-planning-1', 'removed', []],
      ['l-power-1', 'changed', ['unitCostFen']],
      ['l-telecom-2', 'added', []],
    ]);
    expect(diff.rows).toEqual([{ collection: 'kpis', diff: [expect.objectContaining({ id: 'kpi-satisfaction', status: 'changed', fields: ['target'] })] }]);
    expect(diff.totals.beforeFen).toBe(before.totals.totalFen);
    expect(diff.totals.afterFen).toBe(after.totals.totalFen);
    expect(diff.totals.afterFen).not.toBe(diff.totals.beforeFen);
  });

  it('should report two equal versions as the same', () => {
    const snapshot = projectSnapshot(demoDoc());
    const diff = diffSnapshots(snapshot, projectSnapshot(demoDoc()));
    expect(diff).toMatchObject({ same: true, fields: [], costLines: [], rows: [] });
  });
});
