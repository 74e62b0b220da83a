import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyContent } from './apply-content';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import { analyzeUpdateScope } from './update-scope';
import { renovationPackage } from './testing/fixtures';

const demoContent = renovationPackage;

function changeOf(doc: Y.Doc, edit: () => void): Uint8Array | null {
  let out: Uint8Array | null = null;
  const listen = (u: Uint8Array) => (out = out ? Y.mergeUpdates([out, u]) : u);
  doc.on('update', listen);
  edit();
  doc.off('update', listen);
  return out;
}

describe('applyContent', () => {
  it('writes nothing when the content is already there', () => {
    const doc = new Y.Doc();
    const content = demoContent();
    populateDocument(doc, content);
    expect(changeOf(doc, () => applyContent(doc, content))).toBeNull();
  });

  it('touches only the sections whose content differs', () => {
    const doc = new Y.Doc();
    const content = demoContent();
    populateDocument(doc, content);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
    const lines = content.costLines.map((l) => (l.departmentId === 'power' ? { ...l, unitCostFen: l.unitCostFen + 1 } : l));
    const update = changeOf(doc, () => applyContent(doc, { costLines: lines, departmentIds: content.departmentIds }));
    expect(update).not.toBeNull();
    const scope = analyzeUpdateScope(server, update!);
    expect([...scope.sections]).toEqual(['dept:power']);
    expect([...scope.paths]).toEqual(['dept:power/costLines/l-power-1.unitCostFen']);
  });

  it('restores an earlier content exactly, as a new change', () => {
    const doc = new Y.Doc();
    const content = demoContent();
    populateDocument(doc, content);
    const before = projectSnapshot(doc);
    applyContent(doc, { title: 'changed', costLines: [], kpis: [], objectives: ['x'], departmentIds: content.departmentIds, narrative: 'new text' });
    expect(projectSnapshot(doc).title).toBe('changed');
    applyContent(doc, { ...before, departmentIds: before.departmentIds });
    const after = projectSnapshot(doc);
    expect({ ...after, issues: [] }).toEqual({ ...before, issues: [] });
  });
});
