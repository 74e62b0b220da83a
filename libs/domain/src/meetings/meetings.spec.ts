import { describe, expect, it } from 'vitest';
import type { Membership } from '../types';
import { canJoinMeeting, canRunMeeting, decisionProblems, decisionRefusal, followUpState, isAllocationLocked, minutesAccess, minutesChangeRefusal } from './meetings';

const cycleId = 'c1';
const liaison = (departmentId: string): Membership[] => [{ cycleId, role: 'liaison', departmentId }];

describe('meeting access', () => {
  const meeting = { cycleId, invitedDepartmentIds: ['power', 'telecom'] };
  it('should let coordinators, reviewers and liaisons of invited departments join', () => {
    expect(canJoinMeeting([{ cycleId, role: 'coordinator', departmentId: null }], meeting)).toBe(true);
    expect(canJoinMeeting([{ cycleId, role: 'reviewer', departmentId: null }], meeting)).toBe(true);
    expect(canJoinMeeting(liaison('power'), meeting)).toBe(true);
  });
  it('should keep out uninvited departments, observers and other cycles', () => {
    expect(canJoinMeeting(liaison('housing'), meeting)).toBe(false);
    expect(canJoinMeeting([{ cycleId, role: 'observer', departmentId: null }], meeting)).toBe(false);
    expect(canJoinMeeting([{ cycleId: 'c2', role: 'coordinator', departmentId: null }], meeting)).toBe(false);
  });
  it('should let only coordinators run a meeting', () => {
    expect(canRunMeeting(liaison('power'), cycleId)).toBe(false);
    expect(canRunMeeting([{ cycleId, role: 'coordinator', departmentId: null }], cycleId)).toBe(true);
  });
  it('should let coordinators write the minutes until closed, invited liaisons while the meeting is open, and nobody once closed', () => {
    const coordinator: Membership[] = [{ cycleId, role: 'coordinator', departmentId: null }];
    const minutes = (status: 'scheduled' | 'open' | 'ended', closed = false) => ({ ...meeting, status, closed });
    expect(minutesAccess(coordinator, minutes('scheduled'))).toBe('write');
    expect(minutesAccess(coordinator, minutes('ended'))).toBe('write');
    expect(minutesAccess(coordinator, minutes('ended', true))).toBe('read');
    expect(minutesAccess(liaison('power'), minutes('scheduled'))).toBe('read');
    expect(minutesAccess(liaison('power'), minutes('open'))).toBe('write');
    expect(minutesAccess(liaison('power'), minutes('ended'))).toBe('read');
    expect(minutesAccess([{ cycleId, role: 'reviewer', departmentId: null }], minutes('open'))).toBe('read');
    expect(minutesAccess(liaison('housing'), minutes('open'))).toBe('none');
    expect(minutesAccess([{ cycleId: 'c2', role: 'coordinator', departmentId: null }], minutes('open'))).toBe('none');
  });
  it('should refuse every change to closed minutes, and a liaison’s once the meeting is not open', () => {
    expect(minutesChangeRefusal({ status: 'ended', closed: true }, false)).toBe('the minutes are closed and read-only');
    expect(minutesChangeRefusal({ status: 'open', closed: true }, true)).toBe('the minutes are closed and read-only');
    expect(minutesChangeRefusal({ status: 'open', closed: false }, true)).toBeNull();
    expect(minutesChangeRefusal({ status: 'ended', closed: false }, true)).toContain('only its coordinators');
    expect(minutesChangeRefusal({ status: 'ended', closed: false }, false)).toBeNull();
    expect(minutesChangeRefusal(null, false)).toContain('no longer exists');
  });
  it('should lock the allocation once execution starts', () => {
    expect(isAllocationLocked('allocation')).toBe(false);
    expect(isAllocationLocked('execution')).toBe(true);
    expect(isAllocationLocked('evaluation')).toBe(true);
  });
});

describe('decision fields', () => {
  it('should accept a plain approval', () => {
    expect(decisionProblems({ outcome: 'approved' }, 'p1')).toEqual([]);
  });
  it('should require comments when a package is returned', () => {
    expect(decisionProblems({ outcome: 'returned', comment: '  ' }, 'p1').map((p) => p.field)).toEqual(['comment']);
  });
  it('should require a direction and a reason for an override', () => {
    expect(decisionProblems({ outcome: 'override' }, 'p1').map((p) => p.field)).toEqual(['override', 'comment']);
    expect(decisionProblems({ outcome: 'override', override: 'cut', comment: 'duplicate of DP-03' }, 'p1')).toEqual([]);
    expect(decisionProblems({ outcome: 'approved', override: 'fund' }, 'p1').map((p) => p.field)).toEqual(['override']);
  });
  it('should need two packages and one joint target for a merge', () => {
    expect(decisionProblems({ outcome: 'merged', mergePackageIds: ['p2'], newJointPackage: { code: 'J', title: 'j' } }, 'p1')).toEqual([]);
    expect(decisionProblems({ outcome: 'merged', mergePackageIds: [], newJointPackage: { code: 'J', title: 'j' } }, 'p1').map((p) => p.field)).toEqual(['mergePackageIds']);
    expect(decisionProblems({ outcome: 'merged', mergePackageIds: ['p2'] }, 'p1').map((p) => p.field)).toEqual(['jointPackageId']);
    expect(decisionProblems({ outcome: 'merged', jointPackageId: 'p9' }, 'p1')).toEqual([]);
    expect(decisionProblems({ outcome: 'merged', jointPackageId: 'p1' }, 'p1').map((p) => p.field)).toEqual(['mergePackageIds']);
  });
  it('should refuse merge fields on other outcomes and packages on free items', () => {
    expect(decisionProblems({ outcome: 'deferred', mergePackageIds: ['p2'] }, 'p1').map((p) => p.field)).toEqual(['outcome']);
    expect(decisionProblems({ outcome: 'override', override: 'fund', comment: 'x' }, null).map((p) => p.field)).toEqual(['agendaItemId']);
  });
});

describe('decisions are final', () => {
  const item = { id: 'i1' };
  it('should refuse items not on the agenda and meetings not running', () => {
    expect(decisionRefusal(undefined, [], undefined, 'open')).toMatchObject({ status: 400, field: 'agendaItemId' });
    expect(decisionRefusal(item, [], undefined, 'scheduled')).toMatchObject({ status: 409 });
    expect(decisionRefusal(item, [], undefined, 'ended')).toMatchObject({ status: 409 });
  });
  it('should refuse deciding twice unless the new decision supersedes the current one', () => {
    const recorded = [{ id: 'd1', agendaItemId: 'i1', supersededBy: null }];
    expect(decisionRefusal(item, [], undefined, 'open')).toBeNull();
    expect(decisionRefusal(item, recorded, undefined, 'open')).toMatchObject({ status: 409, field: 'supersedes' });
    expect(decisionRefusal(item, recorded, 'd1', 'open')).toBeNull();
  });
  it('should refuse superseding twice or across items', () => {
    const recorded = [
      { id: 'd1', agendaItemId: 'i1', supersededBy: 'd2' },
      { id: 'd2', agendaItemId: 'i1', supersededBy: null },
      { id: 'd3', agendaItemId: 'i2', supersededBy: null },
    ];
    expect(decisionRefusal(item, recorded, 'd1', 'open')).toMatchObject({ status: 409 });
    expect(decisionRefusal(item, recorded, 'd3', 'open')).toMatchObject({ status: 400 });
  });
});

describe('follow-up state', () => {
  it('should flag an action overdue only after its due date', () => {
    expect(followUpState('2026-12-01', null, '2026-12-02')).toBe('overdue');
    expect(followUpState('2026-12-02', null, '2026-12-02')).toBe('open');
    expect(followUpState('2026-12-01', '2026-12-03T00:00:00Z', '2026-12-05')).toBe('done');
  });
});
