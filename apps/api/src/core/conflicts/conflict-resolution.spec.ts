import {
  SHARED_SECTION,
  addCostLine,
  createPackageDoc,
  departmentSection,
  detectConflicts,
  getCostLine,
  getCostSplit,
  getSharedText,
  getTitle,
  removeCostLine,
  setCostSplit,
  setSharedText,
  setTitle,
  setUnitCost,
  updateCostLine,
  type ConcurrentOverwrite,
  type CostLineData,
  type EditDelete,
} from '@zerobase/collab';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editDeleteDraft, mergeCompeting, overwriteDraft, UNKNOWN } from './conflict-records';
import { planResolution, readField, ResolutionInputError, ResolutionStateError } from './conflict-resolution';
import type { Who } from './conflict-types';

const power = departmentSection('power');
const telecom = departmentSection('telecom');
const owners = ['power', 'telecom'];
const who = (department: string): Who => ({ userId: `user-${department}`, departmentId: `id-${department}`, department, origin: 'client', at: '2027-01-01T00:00:00.000Z' });

const line = (id: string, extra: Partial<CostLineData> = {}): CostLineData => ({
  id,
  category: 'machinery',
  description: '管沟开挖',
  quantityMilli: 1000,
  unit: 'km',
  unitCostFen: 1_000,
  year: 2027,
  ...extra,
});

/** A server document with a power line, a telecom line and a 50/50 split, and a way to sync clients to it. */
function setup() {
  const server = createPackageDoc();
  addCostLine(server, power, line('p1', { location: '建设路' }));
  addCostLine(server, telecom, line('t1', { unitCostFen: 600, location: '建设路' }));
  setCostSplit(server, [
    { departmentId: 'power', basisPoints: 5_000 },
    { departmentId: 'telecom', basisPoints: 5_000 },
  ]);
  setTitle(server, 'joint');
  const client = (id: number) => {
    const doc = new Y.Doc();
    doc.clientID = id;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    return doc;
  };
  /** what the server would find, then merge */
  const push = (doc: Y.Doc) => {
    const update = Y.diffUpdate(Y.encodeStateAsUpdate(doc), Y.encodeStateVector(server));
    const conflicts = detectConflicts(server, update);
    Y.applyUpdate(server, update);
    return conflicts;
  };
  const run = (edit: ((doc: Y.Doc) => unknown) | null) => (edit ? edit(server) : undefined);
  return { server, client, push, run };
}

describe('conflict drafts', () => {
  it('should describe a concurrent overwrite with both values, who and the departments involved', () => {
    const { client, push } = setup();
    const a = client(11);
    const b = client(12);
    setUnitCost(a, power, 'p1', 2_000);
    setUnitCost(b, power, 'p1', 3_000);
    expect(push(a)).toEqual([]);
    const [conflict] = push(b) as ConcurrentOverwrite[];
    const coordinator: Who = { ...who('power'), userId: 'coordinator', departmentId: null, department: null };
    const draft = overwriteDraft(conflict!, who('power'), coordinator, 3_000, owners);
    expect(draft).toMatchObject({
      kind: 'concurrentOverwrite',
      key: 'overwrite:dept:power/costLines/p1/unitCostFen',
      path: 'dept:power/costLines/p1/unitCostFen',
      departments: ['power'],
      details: { converged: 3_000 },
    });
    expect(draft.competing.map((c) => [c.side, c.value, c.clientId, c.department])).toEqual([
      ['previous', 2_000, 11, 'power'],
      ['incoming', 3_000, 12, null],
    ]);
    // in the shared part with unknown authors, every department of the package is involved
    const shared = { ...conflict!, path: { ...conflict!.path, section: SHARED_SECTION } };
    expect(overwriteDraft(shared, UNKNOWN, UNKNOWN, 3_000, owners).departments).toEqual(['power', 'telecom']);
    expect(overwriteDraft(shared, who('telecom'), coordinator, 3_000, owners).departments).toEqual(['telecom']);
  });

  it('should merge a repeated overwrite into one record, each writer once with their latest value', () => {
    const first = [
      { side: 'previous', value: 1, clientId: 1, ...UNKNOWN },
      { side: 'incoming', value: 2, clientId: 2, ...UNKNOWN },
    ];
    const merged = mergeCompeting(first, [
      { side: 'previous', value: 2, clientId: 2, ...UNKNOWN },
      { side: 'incoming', value: 3, clientId: 3, ...UNKNOWN },
    ]);
    expect(mergeCompeting(merged, [{ side: 'incoming', value: 4, clientId: 2, ...UNKNOWN }]).map((c) => [c.side, c.value])).toEqual([
      ['previous', 1],
      ['incoming', 4],
      ['incoming', 3],
    ]);
  });
});

describe('planResolution', () => {
  it('should write the chosen side of an overwrite as a change of its own', () => {
    const { client, push, server, run } = setup();
    const a = client(21);
    const b = client(22);
    setTitle(a, 'A');
    setTitle(b, 'B');
    push(a);
    const [conflict] = push(b) as ConcurrentOverwrite[];
    const record = overwriteDraft(conflict!, who('power'), who('telecom'), getTitle(server), owners);
    for (const [action, expected] of [
      ['keepPrevious', 'A'],
      ['keepIncoming', 'B'],
    ] as const) {
      const plan = planResolution(record, action, undefined, owners);
      const before = Y.encodeStateVector(server);
      run(plan.edit);
      expect(getTitle(server)).toBe(expected);
      expect(Y.encodeStateVector(server)).not.toEqual(before);
    }
    run(planResolution(record, 'newValue', 'C', owners).edit);
    expect(getTitle(server)).toBe('C');
    expect(() => planResolution(record, 'newValue', 42, owners)).toThrow(ResolutionInputError);
    expect(() => planResolution(record, 'newValue', undefined, owners)).toThrow(/value: is required/);
    expect(planResolution(record, 'dismiss', undefined, owners)).toEqual({ status: 'dismissed', edit: null });
  });

  it('should validate a new value for a cost line field and refuse when the line is gone', () => {
    const { client, push, server, run } = setup();
    const a = client(31);
    const b = client(32);
    setUnitCost(a, power, 'p1', 2_000);
    setUnitCost(b, power, 'p1', 3_000);
    push(a);
    const [conflict] = push(b) as ConcurrentOverwrite[];
    const record = overwriteDraft(conflict!, UNKNOWN, UNKNOWN, 3_000, owners);
    expect(() => planResolution(record, 'newValue', -5, owners)).toThrow(ResolutionInputError);
    expect(() => planResolution(record, 'newValue', 1.5, owners)).toThrow(ResolutionInputError);
    removeCostLine(server, power, 'p1');
    expect(() => run(planResolution(record, 'keepPrevious', undefined, owners).edit)).toThrow(ResolutionStateError);
  });

  it('should restore a deleted line with the incoming edits, or leave the deletion', () => {
    const { client, push, server, run } = setup();
    const a = client(41);
    const b = client(42);
    removeCostLine(a, power, 'p1');
    updateCostLine(b, power, 'p1', { unitCostFen: 9_000, description: '管沟开挖（加深）' });
    push(a);
    const [conflict] = push(b) as EditDelete[];
    const record = editDeleteDraft(conflict!, who('power'), who('power'), owners);
    expect(planResolution(record, 'keepPrevious', undefined, owners)).toMatchObject({ status: 'resolved', edit: null });
    expect(() => planResolution(record, 'newValue', { unitCostFen: 'cheap' }, owners)).toThrow(ResolutionInputError);
    const plan = planResolution(record, 'restore', undefined, owners);
    run(plan.edit);
    expect(getCostLine(server, power, 'p1')).toMatchObject({ unitCostFen: 9_000, description: '管沟开挖（加深）', location: '建设路' });
    expect(() => run(plan.edit)).toThrow(ResolutionStateError); // the line exists again
  });

  it('should set an agreed split, checking departments and the 100 % sum', () => {
    const { server, run } = setup();
    const record = { kind: 'splitInvariant' as const, competing: [], details: {} };
    const field = (value: unknown) => {
      try {
        planResolution(record, 'newValue', value, owners);
        return null;
      } catch (error) {
        return error instanceof ResolutionInputError ? error.field : String(error);
      }
    };
    expect(field('half')).toBe('value');
    expect(field([{ department: 'housing', basisPoints: 10_000 }])).toBe('value.0.department');
    expect(field([{ department: 'power', basisPoints: -1 }])).toBe('value.0.basisPoints');
    expect(field([{ department: 'power', basisPoints: 9_000 }])).toBe('value');
    expect(
      field([
        { department: 'power', basisPoints: 5_000 },
        { department: 'power', basisPoints: 5_000 },
      ]),
    ).toBe('value.1.department');
    run(
      planResolution(
        record,
        'newValue',
        [
          { department: 'power', basisPoints: 2_500 },
          { department: 'telecom', basisPoints: 7_500 },
        ],
        owners,
      ).edit,
    );
    expect(getCostSplit(server)).toEqual([
      { departmentId: 'power', basisPoints: 2_500 },
      { departmentId: 'telecom', basisPoints: 7_500 },
    ]);
  });

  it('should merge duplicate lines into one shared line with the package’s split, or keep both', () => {
    const lines = [
      { departmentId: 'power', lineId: 'p1' },
      { departmentId: 'telecom', lineId: 't1' },
    ];
    const record = { kind: 'duplicateWork' as const, competing: [], details: { lines } };
    const merged = setup();
    const outcome = merged.run(planResolution(record, 'acceptJointImplementation', undefined, owners).edit) as { savingFen: number };
    expect(outcome.savingFen).toBe(600);
    expect(getCostLine(merged.server, SHARED_SECTION, 'p1')).toMatchObject({ unitCostFen: 1_000, fromDepartmentIds: ['power', 'telecom'] });
    expect(getCostLine(merged.server, telecom, 't1')).toBeUndefined();

    const kept = setup();
    const split = [
      { department: 'power', basisPoints: 6_000 },
      { department: 'telecom', basisPoints: 4_000 },
    ];
    const both = kept.run(planResolution(record, 'acceptJointImplementation', { merge: false, split }, owners).edit) as { savingFen: number };
    expect(both.savingFen).toBe(0);
    expect(getCostLine(kept.server, SHARED_SECTION, 't1')).toMatchObject({ fromDepartmentIds: ['telecom'] });
    expect(getCostSplit(kept.server).map((s) => s.basisPoints)).toEqual([6_000, 4_000]);

    expect(() => planResolution(record, 'acceptJointImplementation', { merged: { colour: 'red' } }, owners)).toThrow(/value.merged.colour/);
    expect(() => planResolution(record, 'acceptJointImplementation', { merge: 'yes' }, owners)).toThrow(/value.merge/);
    expect(() => merged.run(planResolution(record, 'acceptJointImplementation', undefined, owners).edit)).toThrow(ResolutionStateError); // already moved
  });
});

describe('resolving a concurrent rewrite of a text', () => {
  const path = { section: SHARED_SECTION, collection: null, rowId: null, field: 'purpose' } as const;
  const conflict = (previous: string, incoming: string) => ({
    kind: 'concurrentOverwrite' as const,
    competing: [
      { side: 'previous' as const, value: previous, ...who('power') },
      { side: 'incoming' as const, value: incoming, ...who('telecom') },
    ],
    details: { path },
  });

  it('writes the chosen text back as a minimal edit and reads it as a string', () => {
    const doc = createPackageDoc();
    setSharedText(doc, 'purpose', '甲乙两种说法混在一起');
    const plan = planResolution(conflict('甲的说法', '乙的说法'), 'keepIncoming', undefined, owners);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => plan.edit!(doc));
    expect(getSharedText(doc, 'purpose')).toBe('乙的说法');
    expect(readField(doc, path)).toBe('乙的说法');
    expect(Y.encodeStateAsUpdate(doc, before).length).toBeLessThan(200);
  });

  it('refuses a text that is not a string or is too long, naming the field', () => {
    expect(() => planResolution(conflict('a', 'b'), 'newValue', 42, owners)).toThrow(ResolutionInputError);
    expect(() => planResolution(conflict('a', 'b'), 'newValue', 'x'.repeat(20_001), owners)).toThrow(/at most 20000 characters/);
    expect(planResolution(conflict('a', 'b'), 'newValue', '商定的新说法', owners).value).toBe('商定的新说法');
  });
});
