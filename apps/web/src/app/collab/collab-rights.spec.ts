import { describe, expect, it } from 'vitest';
import { canWrite, editRights, rightsFromNotice } from './collab-rights';

const codes: Record<string, string> = { 'id-power': 'power', 'id-telecom': 'telecom', 'id-housing': 'housing' };
const codeOf = (id: string) => codes[id];

describe('editRights', () => {
  it('should let a coordinator write every section, including departments the package does not list yet', () => {
    const rights = editRights([{ cycleId: 'c1', role: 'coordinator', departmentId: null }], 'c1', ['power', 'telecom'], codeOf);
    expect(rights.kind).toBe('all');
    expect(canWrite(rights, 'shared')).toBe(true);
    expect(canWrite(rights, 'telecom')).toBe(true);
    expect(canWrite(rights, 'housing')).toBe(true);
  });

  it('should let a liaison write the shared part and their own department only', () => {
    const rights = editRights([{ cycleId: 'c1', role: 'liaison', departmentId: 'id-power' }], 'c1', ['power', 'telecom'], codeOf);
    expect(rights.kind).toBe('liaison');
    expect(canWrite(rights, 'shared')).toBe(true);
    expect(canWrite(rights, 'power')).toBe(true);
    expect(canWrite(rights, 'telecom')).toBe(false);
  });

  it('should make a liaison of a department outside the package, a reviewer or a member of another cycle read only', () => {
    expect(editRights([{ cycleId: 'c1', role: 'liaison', departmentId: 'id-housing' }], 'c1', ['power', 'telecom'], codeOf).kind).toBe('readOnly');
    expect(editRights([{ cycleId: 'c1', role: 'reviewer', departmentId: null }], 'c1', ['power'], codeOf).shared).toBe(false);
    expect(editRights([{ cycleId: 'c2', role: 'coordinator', departmentId: null }], 'c1', ['power'], codeOf).kind).toBe('readOnly');
  });

  it('should stay read only while the department register is not loaded', () => {
    expect(editRights([{ cycleId: 'c1', role: 'liaison', departmentId: 'id-power' }], 'c1', ['power'], () => undefined).kind).toBe('readOnly');
  });
});

describe('rightsFromNotice', () => {
  it("should follow the server's word: read only under a stage lock, the named sections otherwise", () => {
    const locked = rightsFromNotice({ shared: false, departments: [], locked: { stage: 'allocation', reason: 'locked' } }, ['power']);
    expect(locked.kind).toBe('readOnly');
    expect(canWrite(locked, 'shared')).toBe(false);
    expect(canWrite(locked, 'power')).toBe(false);
    const liaison = rightsFromNotice({ shared: true, departments: ['power'], locked: null }, ['power', 'telecom']);
    expect(canWrite(liaison, 'power')).toBe(true);
    expect(canWrite(liaison, 'telecom')).toBe(false);
    expect(rightsFromNotice({ shared: true, departments: 'all', locked: null }, ['power']).kind).toBe('all');
  });
});
