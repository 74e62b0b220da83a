import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { wanYuanToFen } from '@zerobase/domain';
import { checkInvariants, findDuplicateWork, normalizeForMatch } from './invariants';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import { moveLinesToShared } from './resolution';
import { setUnitCost, updateCostLine } from './row-access';
import { departmentSection } from './schema';
import { setCostShare } from './shared-fields';
import { renovationPackage } from './testing/fixtures';

const wan = wanYuanToFen;

function renovationDoc(): Y.Doc {
  const doc = new Y.Doc();
  populateDocument(doc, renovationPackage());
  return doc;
}

const keys = (doc: Y.Doc, context = {}) => checkInvariants(projectSnapshot(doc), context).map((r) => r.key);

describe('checkInvariants', () => {
  it('joint split must sum to 10 000 bp; the record clears when fixed', () => {
    const doc = renovationDoc();
    // the demo's power/telecom lines are duplicates; look at the split only here
    expect(keys(doc)).not.toContain('split');
    setCostShare(doc, 'housing', 3000);
    expect(checkInvariants(projectSnapshot(doc))).toContainEqual({ kind: 'splitNot100', key: 'split', sumBasisPoints: 9000, departmentsWithoutShare: [] });
    setCostShare(doc, 'planning', undefined);
    expect(checkInvariants(projectSnapshot(doc)).find((r) => r.key === 'split')).toMatchObject({ sumBasisPoints: 7000, departmentsWithoutShare: ['planning'] });
    setCostShare(doc, 'planning', 3000);
    expect(keys(doc)).not.toContain('split');
  });

  it('a single-department package has no split to check', () => {
    const doc = new Y.Doc();
    const pkg = renovationPackage();
    populateDocument(doc, { ...pkg, costLines: pkg.costLines.filter((l) => l.departmentId === 'housing'), activities: [], costSplit: [] });
    expect(keys(doc, { departmentIds: ['housing'] })).toEqual([]);
  });

  it("a department's request over its envelope (with its other packages); clears when fixed", () => {
    const doc = renovationDoc();
    // housing asks 3 000 万 + 10 % contingency = 3 300 万 here, and 500 万 elsewhere
    const context = { envelopes: { housing: wan(3500), power: wan(5000) }, otherRequestsFen: { housing: wan(500) } };
    expect(checkInvariants(projectSnapshot(doc), context)).toContainEqual({
      kind: 'envelopeExceeded',
      key: 'envelope:housing',
      departmentId: 'housing',
      envelopeFen: wan(3500),
      requestedFen: wan(3800),
      excessFen: wan(300),
    });
    setUnitCost(doc, departmentSection('housing'), 'l-housing-1', wan(2700));
    expect(keys(doc, context)).not.toContain('envelope:housing');
  });

  it('the package over the quota; clears when fixed', () => {
    const doc = renovationDoc();
    expect(checkInvariants(projectSnapshot(doc), { quotaFen: wan(8000) })).toContainEqual({
      kind: 'quotaExceeded',
      key: 'quota',
      quotaFen: wan(8000),
      totalFen: wan(8800),
      excessFen: wan(800),
    });
    expect(keys(doc, { quotaFen: wan(8800) })).not.toContain('quota');
  });

  it('duplicate work across two departments → a joint suggestion with the smaller line as saving; clears when merged', () => {
    const doc = renovationDoc();
    const records = checkInvariants(projectSnapshot(doc));
    expect(records.filter((r) => r.kind === 'duplicateWork')).toEqual([
      {
        kind: 'duplicateWork',
        key: 'duplicate:power/l-power-1|telecom/l-telecom-1',
        category: 'machinery',
        matchedOn: 'description',
        lines: [
          { departmentId: 'power', lineId: 'l-power-1', description: 'Line work', amountFen: wan(1500) },
          { departmentId: 'telecom', lineId: 'l-telecom-1', description: 'Line work', amountFen: wan(1500) },
        ],
        savingFen: wan(1500),
      },
    ]);
    // the departments agree: one 20 M shared line, split half and half
    moveLinesToShared(
      doc,
      [{ departmentId: 'power', lineId: 'l-power-1' }, { departmentId: 'telecom', lineId: 'l-telecom-1' }],
      [
        { departmentId: 'housing', basisPoints: 0 },
        { departmentId: 'planning', basisPoints: 0 },
        { departmentId: 'power', basisPoints: 5000 },
        { departmentId: 'telecom', basisPoints: 5000 },
      ],
      'coordinator',
      { merged: { id: 'shared-line', unitCostFen: wan(2000), description: 'Joint line work' } },
    );
    expect(keys(doc).filter((k) => k.startsWith('duplicate:'))).toEqual([]);
  });

  it('matches on location too, only within a category and across departments', () => {
    const doc = renovationDoc();
    updateCostLine(doc, departmentSection('housing'), 'l-housing-1', { location: 'Block 7, East Gate' });
    updateCostLine(doc, departmentSection('planning'), 'l-planning-1', { location: 'block 7 east-gate' });
    expect(keys(doc).filter((k) => k.startsWith('duplicate:'))).toHaveLength(1); // different categories
    updateCostLine(doc, departmentSection('planning'), 'l-planning-1', { category: 'materials' });
    const dup = checkInvariants(projectSnapshot(doc)).find((r) => r.key === 'duplicate:housing/l-housing-1|planning/l-planning-1');
    expect(dup).toMatchObject({ matchedOn: 'location', savingFen: wan(2000) });
  });

  it('normalizes Chinese and Latin text alike', () => {
    expect(normalizeForMatch('  电力 线路—改造。 ')).toBe(normalizeForMatch('电力线路改造'));
    expect(normalizeForMatch('Line  Work!')).toBe('linework');
    expect(findDuplicateWork([])).toEqual([]);
  });
});
