import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { wanYuanToFen } from '@zerobase/domain';
import type { EditDelete } from './conflicts';
import { projectSnapshot } from './projection';
import { moveLinesToShared, restoreDeletedLine, restoreDeletedRow } from './resolution';
import { getCostLine, listCostLines, removeCostLine, removeKpi, updateCostLine } from './row-access';
import type { CostLineData } from './row-types';
import { departmentSection, SHARED_SECTION } from './schema';
import { TestServer } from './testing/fixtures';
import { authorizeUpdate } from './update-scope';

const power = departmentSection('power');
const telecom = departmentSection('telecom');
const wan = wanYuanToFen;

describe('restoreDeletedLine', () => {
  it('restores a deleted line from an edit/delete record, merged with the incoming edits', () => {
    const server = new TestServer();
    const a = server.client();
    const b = server.client();
    removeCostLine(a, power, 'l-power-1');
    server.push(a);
    updateCostLine(b, power, 'l-power-1', { unitCostFen: wan(1600) });
    server.push(b);
    const record = server.conflicts.find((c): c is EditDelete => c.kind === 'editDelete');
    expect(record?.deleted).toBeTruthy();
    const restored = { ...(record?.deleted as unknown as CostLineData), ...record?.incoming.fields } as CostLineData;
    expect(restoreDeletedLine(server.doc, power, restored, 'coordinator')).toBe(true);
    expect(getCostLine(server.doc, power, 'l-power-1')).toMatchObject({ unitCostFen: wan(1600), description: 'Line work' });
    // idempotent: a live line with that id is left alone
    expect(restoreDeletedLine(server.doc, power, restored, 'coordinator')).toBe(false);
    // and the restored line reaches the clients
    server.push(a);
    expect(getCostLine(a, power, 'l-power-1')?.unitCostFen).toBe(wan(1600));
  });

  it('restores other rows (a KPI) with the same mechanism', () => {
    const server = new TestServer();
    removeKpi(server.doc, 'kpi-satisfaction');
    const kpi = { id: 'kpi-satisfaction', name: 'Resident satisfaction', unit: '%', baseline: 60, target: 80, direction: 'increase' as const };
    expect(restoreDeletedRow(server.doc, SHARED_SECTION, 'kpis', kpi)).toBe(true);
    expect(projectSnapshot(server.doc).kpis).toEqual([kpi]);
  });
});

describe('moveLinesToShared', () => {
  const refs = [
    { departmentId: 'power', lineId: 'l-power-1' },
    { departmentId: 'telecom', lineId: 'l-telecom-1' },
  ];
  const split = [
    { departmentId: 'power', basisPoints: 5000 },
    { departmentId: 'telecom', basisPoints: 5000 },
  ];

  it('merges two 15 M line works into one 20 M shared line: saving 10 M, one transaction', () => {
    const server = new TestServer();
    const transactions: unknown[] = [];
    server.doc.on('afterTransaction', (tr: Y.Transaction) => transactions.push(tr.origin));
    const result = moveLinesToShared(server.doc, refs, split, 'coordinator', {
      merged: { id: 'joint-line', description: 'Joint line work', unitCostFen: wan(2000) },
    });
    expect(transactions).toEqual(['coordinator']);
    expect(result.savingFen).toBe(wan(1000));
    expect(result.moved.map((l) => l.departmentId)).toEqual(['power', 'telecom']);
    const snap = projectSnapshot(server.doc);
    expect(snap.costLines.map((l) => l.id)).toEqual(['l-housing-1', 'l-planning-1']);
    expect(snap.sharedCostLines).toEqual([
      expect.objectContaining({ id: 'joint-line', description: 'Joint line work', unitCostFen: wan(2000), category: 'machinery', fromDepartmentIds: ['power', 'telecom'] }),
    ]);
    expect(snap.costSplit).toEqual(split);
    expect(snap.requestByDepartment['power']).toBe(wan(1100)); // half of 20 M + 10 % contingency
    expect(snap.totals.baseFen).toBe(wan(7000));
  });

  it('moves lines unchanged without merging, keeping their ids', () => {
    const server = new TestServer();
    const result = moveLinesToShared(server.doc, refs, split, 'coordinator');
    expect(result.savingFen).toBe(0);
    expect(listCostLines(server.doc, SHARED_SECTION).map((l) => [l.id, l.fromDepartmentIds])).toEqual([
      ['l-power-1', ['power']],
      ['l-telecom-1', ['telecom']],
    ]);
    expect(listCostLines(server.doc, power)).toEqual([]);
    expect(listCostLines(server.doc, telecom)).toEqual([]);
  });

  it('is an update only a user who may write both departments and the shared part may send', () => {
    const server = new TestServer();
    const client = server.client();
    const before = Y.encodeStateVector(server.doc);
    moveLinesToShared(client, refs, split, 'coordinator');
    const update = Y.encodeStateAsUpdate(client, before);
    expect(authorizeUpdate(server.doc, update, { writeShared: true, writeDepartments: new Set(['power']) })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(authorizeUpdate(server.doc, update, { writeShared: true, writeDepartments: 'all' })).toMatchObject({
      ok: true,
      sections: new Set([SHARED_SECTION, power, telecom]),
    });
  });

  it('changes nothing when a line is missing or the split is wrong', () => {
    const server = new TestServer();
    const before = Y.encodeStateVector(server.doc);
    expect(() => moveLinesToShared(server.doc, [...refs, { departmentId: 'power', lineId: 'nope' }], split)).toThrow(/not found/);
    expect(() => moveLinesToShared(server.doc, refs, [{ departmentId: 'power', basisPoints: 5000 }])).toThrow(/10000/);
    expect(() => moveLinesToShared(server.doc, [refs[0], refs[0]] as typeof refs, split)).toThrow(/twice/);
    expect(Y.encodeStateVector(server.doc)).toEqual(before);
  });
});
