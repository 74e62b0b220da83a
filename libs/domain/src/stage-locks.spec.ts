import { describe, expect, it } from 'vitest';
import { canEditContentAt, canReopenPackage, stageLockReason, STAGE_EDIT_RULES } from './stage-locks';
import { PACKAGE_STAGES, type Membership } from './types';

const cycle = 'c1';
const coordinator: Membership[] = [{ cycleId: cycle, role: 'coordinator', departmentId: null }];
const liaison: Membership[] = [{ cycleId: cycle, role: 'liaison', departmentId: 'power' }];
const reviewer: Membership[] = [{ cycleId: cycle, role: 'reviewer', departmentId: null }];

describe('stage locks', () => {
  it('has one rule per stage', () => {
    expect(Object.keys(STAGE_EDIT_RULES).sort()).toEqual([...PACKAGE_STAGES].sort());
  });

  it('lets liaisons edit until ranking, coordinators always, reviewers never', () => {
    expect(PACKAGE_STAGES.filter((s) => canEditContentAt(liaison, cycle, s))).toEqual(['drafting', 'review', 'scoring', 'ranking']);
    expect(PACKAGE_STAGES.every((s) => canEditContentAt(coordinator, cycle, s))).toBe(true);
    expect(PACKAGE_STAGES.some((s) => canEditContentAt(reviewer, cycle, s))).toBe(false);
    expect(canEditContentAt(liaison, 'other-cycle', 'drafting')).toBe(false);
  });

  it('explains a lock and lets only coordinators reopen locked packages', () => {
    expect(stageLockReason(liaison, cycle, 'allocation')).toContain('allocation');
    expect(stageLockReason(liaison, cycle, 'drafting')).toBeNull();
    expect(canReopenPackage(coordinator, cycle, 'execution')).toBe(true);
    expect(canReopenPackage(coordinator, cycle, 'scoring')).toBe(false);
    expect(canReopenPackage(liaison, cycle, 'allocation')).toBe(false);
  });
});
