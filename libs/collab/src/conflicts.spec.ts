import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conflictsOfUpdate, detectConflicts, type ConcurrentOverwrite, type EditDelete } from './conflicts';
import { admitUpdate, sectionRights } from './merge-core';
import { projectSnapshot } from './projection';
import { addCostLine, getCostLine, removeCostLine, removeKpi, setUnitCost, updateCostLine, updateKpi } from './row-access';
import { departmentSection } from './schema';
import { setCostShare, setTitle } from './shared-fields';
import { TestServer, syncOneWay } from './testing/fixtures';

const power = departmentSection('power');

describe('detectConflicts: concurrent overwrite', () => {
  it('two offline clients set the same unit cost → exactly one conflict when the second arrives', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setUnitCost(a, power, 'l-power-1', 1_000_000);
    setUnitCost(b, power, 'l-power-1', 2_000_000);

    server.push(a);
    expect(server.conflicts).toEqual([]);
    server.push(b);
    expect(server.conflicts).toEqual<ConcurrentOverwrite[]>([
      {
        kind: 'concurrentOverwrite',
        key: 'overwrite:dept:power/costLines/l-power-1/unitCostFen',
        path: { section: power, collection: 'costLines', rowId: 'l-power-1', field: 'unitCostFen' },
        previous: { value: 1_000_000, clientId: 1 },
        incoming: { value: 2_000_000, clientId: 2 },
      },
    ]);
    // both converge to one of the values regardless
    syncOneWay(server.doc, a);
    expect(getCostLine(a, power, 'l-power-1')?.unitCostFen).toBe(getCostLine(server.doc, power, 'l-power-1')?.unitCostFen);
  });

  it('200 rapid sequential alternating edits between two synced clients → zero conflicts', () => {
    const server = new TestServer();
    const clients = [server.client(), server.client()];
    for (let i = 0; i < 200; i++) {
      const client = clients[i % 2] as Y.Doc;
      syncOneWay(server.doc, client);
      setUnitCost(client, power, 'l-power-1', 1000 + i);
      if (i % 3 === 0) setTitle(client, `title ${i}`);
      if (i % 5 === 0) setCostShare(client, 'power', 2000 + i);
      server.push(client);
    }
    expect(server.conflicts).toEqual([]);
    expect(server.refusals).toEqual([]);
    expect(getCostLine(server.doc, power, 'l-power-1')?.unitCostFen).toBe(1199);
  });

  it('a chain of writes inside one offline update is one conflict carrying the last value', () => {
    const server = new TestServer();
    const a = server.client(10);
    const b = server.client(20);
    setTitle(a, 'A title');
    for (const t of ['B1', 'B2', 'B3']) setTitle(b, t);
    server.push(a);
    server.push(b);
    expect(server.conflicts).toHaveLength(1);
    expect(server.conflicts[0]).toMatchObject({
      path: { section: 'shared', collection: null, rowId: null, field: 'title' },
      previous: { value: 'A title', clientId: 10 },
      incoming: { value: 'B3', clientId: 20 },
    });
  });

  it('does not report a concurrent write of the same value, nor edits of different fields', () => {
    const server = new TestServer();
    const a = server.client();
    const b = server.client();
    setUnitCost(a, power, 'l-power-1', 5);
    setUnitCost(b, power, 'l-power-1', 5);
    updateCostLine(a, power, 'l-power-1', { description: 'Line work (A)' });
    updateCostLine(b, power, 'l-power-1', { quantityMilli: 3000 });
    server.push(a);
    server.push(b);
    expect(server.conflicts).toEqual([]);
  });

  it('detects concurrent first writes of a key neither writer had seen', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    updateCostLine(a, power, 'l-power-1', { location: 'North gate' });
    updateCostLine(b, power, 'l-power-1', { location: 'South gate' });
    server.push(a);
    server.push(b);
    expect(server.conflicts).toMatchObject([{ kind: 'concurrentOverwrite', path: { field: 'location' }, previous: { value: 'North gate' }, incoming: { value: 'South gate' } }]);
  });

  it('is not fooled by a reconnect resend of already applied updates', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setUnitCost(a, power, 'l-power-1', 1);
    server.push(a);
    setUnitCost(b, power, 'l-power-1', 2);
    server.push(b);
    expect(server.conflicts).toHaveLength(1);
    server.receive(Y.encodeStateAsUpdate(b)); // full resend
    server.receive(Y.encodeStateAsUpdate(a));
    expect(server.conflicts).toHaveLength(1);
  });
});

describe('detectConflicts: edit vs delete', () => {
  it('reports an edit to a cost line that another client deleted, with its id and last values', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    removeCostLine(a, power, 'l-power-1');
    server.push(a);
    updateCostLine(b, power, 'l-power-1', { unitCostFen: 9, location: 'East' });
    const update = Y.encodeStateAsUpdate(b, Y.encodeStateVector(server.doc));
    const conflicts = detectConflicts(server.doc, update);
    expect(conflicts).toEqual<EditDelete[]>([
      {
        kind: 'editDelete',
        key: 'editDelete:dept:power/costLines/l-power-1',
        path: { section: power, collection: 'costLines', rowId: 'l-power-1' },
        lineId: 'l-power-1',
        incoming: { clientId: 2, fields: { unitCostFen: 9, location: 'East' }, edits: 2 },
        deleted: expect.objectContaining({ id: 'l-power-1', unitCostFen: 1_500_000_000, description: 'Line work' }),
      },
    ]);
    // applying it changes nothing visible: the line stays deleted until someone restores it
    Y.applyUpdate(server.doc, update);
    expect(getCostLine(server.doc, power, 'l-power-1')).toBeUndefined();
    expect(projectSnapshot(server.doc).costLines.map((l) => l.id)).not.toContain('l-power-1');
  });

  it('reports edits to a deleted KPI, and survives a server restart from its stored state', () => {
    const server = new TestServer();
    const a = server.client();
    const b = server.client();
    removeKpi(a, 'kpi-satisfaction');
    server.push(a);
    // the server restarts from its persisted state
    const restarted = new TestServer(null);
    Y.applyUpdate(restarted.doc, Y.encodeStateAsUpdate(server.doc));
    updateKpi(b, 'kpi-satisfaction', { target: 85 });
    restarted.push(b);
    expect(restarted.conflicts).toMatchObject([{ kind: 'editDelete', lineId: 'kpi-satisfaction', path: { section: 'shared', collection: 'kpis' } }]);
  });

  it('with a plain Y.Doc (deleted rows collected) still reports edits addressed by parent id, without the row id', () => {
    const server = new TestServer();
    const plain = new Y.Doc();
    syncOneWay(server.doc, plain);
    const a = server.client();
    removeCostLine(plain, power, 'l-power-1');
    updateCostLine(a, power, 'l-power-1', { location: 'East' }); // a key never set before: parent = the row's id
    const conflicts = detectConflicts(plain, Y.encodeStateAsUpdate(a, Y.encodeStateVector(plain)));
    expect(conflicts).toMatchObject([{ kind: 'editDelete', lineId: null, path: { section: power, collection: 'costLines' }, incoming: { fields: { location: 'East' } }, deleted: null }]);
  });

  it('does not report edits to rows that are alive, or new rows', () => {
    const server = new TestServer();
    const a = server.client();
    addCostLine(a, power, { id: 'p-new', category: 'labour', description: 'crew', quantityMilli: 1000, unit: 'day', unitCostFen: 1, year: 2025 });
    setUnitCost(a, power, 'p-new', 2);
    setUnitCost(a, power, 'l-power-1', 3);
    server.push(a);
    expect(server.conflicts).toEqual([]);
  });
});

describe('admitUpdate (the merge core\'s authorize step)', () => {
  it('authorizes from one decoding that conflict detection reuses; refused updates stop there', () => {
    const server = new TestServer();
    const a = server.client(1);
    const b = server.client(2);
    setUnitCost(a, power, 'l-power-1', 1);
    setUnitCost(b, power, 'l-power-1', 2);
    server.push(a);
    const update = Y.encodeStateAsUpdate(b, Y.encodeStateVector(server.doc));
    const liaison = { rights: { writeShared: true, writeDepartments: new Set(['power']) } };
    const admitted = admitUpdate(server.doc, update, liaison, [sectionRights]);
    expect(admitted.ok).toBe(true);
    if (!admitted.ok) return;
    expect(admitted.payload.scope.sections).toEqual(new Set([power]));
    expect(admitted.payload.scope.paths).toEqual(new Set([`${power}/costLines/l-power-1.unitCostFen`]));
    expect(conflictsOfUpdate(admitted.payload.decoded)).toEqual(detectConflicts(server.doc, update));
    expect(admitUpdate(server.doc, update, { rights: { writeShared: true, writeDepartments: new Set(['telecom']) } }, [sectionRights])).toMatchObject({ ok: false, code: 'forbidden' });
    expect(admitUpdate(server.doc, new Uint8Array([9, 9, 9]), liaison, [sectionRights])).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('runs the authorizers in order and refuses on the first refusal', () => {
    const server = new TestServer();
    const a = server.client(1);
    setUnitCost(a, power, 'l-power-1', 7);
    const update = Y.encodeStateAsUpdate(a, Y.encodeStateVector(server.doc));
    const seen: string[] = [];
    const first = () => (seen.push('first'), { code: 'stage', reason: 'the cycle is locked' });
    const second = () => (seen.push('second'), null);
    expect(admitUpdate(server.doc, update, { rights: { writeShared: true, writeDepartments: 'all' } }, [sectionRights, first, second])).toMatchObject({ ok: false, code: 'stage', reason: 'the cycle is locked' });
    expect(seen).toEqual(['first']);
  });
});
