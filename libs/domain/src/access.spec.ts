import { describe, expect, it } from 'vitest';
import { canCreatePackage, canEditPackage, canMovePackage, canReadCycle, canReadPackage, canSetUnitOrder, isAnyCoordinator } from './access';
import type { Membership } from './types';

const cycle = 'c1';
const coordinator: Membership[] = [{ cycleId: cycle, role: 'coordinator', departmentId: null }];
const power: Membership[] = [{ cycleId: cycle, role: 'liaison', departmentId: 'power' }];
const reviewer: Membership[] = [{ cycleId: cycle, role: 'reviewer', departmentId: null }];
const observer: Membership[] = [{ cycleId: cycle, role: 'observer', departmentId: null }];
const telecomOnly = { cycleId: cycle, departmentIds: ['telecom'], published: false };
const joint = { cycleId: cycle, departmentIds: ['power', 'telecom'], published: true };

describe('access policy', () => {
  it('lets a liaison edit only packages their department owns', () => {
    expect(canEditPackage(power, joint)).toBe(true);
    expect(canEditPackage(power, telecomOnly)).toBe(false);
    expect(canEditPackage(coordinator, telecomOnly)).toBe(true);
    expect(canEditPackage(reviewer, joint)).toBe(false);
  });

  it("lets a unit's liaison and coordinators set the unit's order of its packages", () => {
    expect(canSetUnitOrder(power, cycle, 'power')).toBe(true);
    expect(canSetUnitOrder(power, cycle, 'telecom')).toBe(false);
    expect(canSetUnitOrder(power, 'other-cycle', 'power')).toBe(false);
    expect(canSetUnitOrder(coordinator, cycle, 'telecom')).toBe(true);
    expect(canSetUnitOrder(reviewer, cycle, 'power')).toBe(false);
  });

  it('shows observers published packages only', () => {
    expect(canReadPackage(observer, telecomOnly)).toBe(false);
    expect(canReadPackage(observer, joint)).toBe(true);
    expect(canReadPackage(reviewer, telecomOnly)).toBe(true);
    expect(canReadPackage([], joint)).toBe(false);
  });

  it('shows a third-party evaluator only the packages assigned to it, and lets it edit nothing', () => {
    const evaluator: Membership[] = [{ cycleId: cycle, role: 'evaluator', departmentId: null, packageIds: ['p1'] }];
    expect(canReadPackage(evaluator, { ...telecomOnly, packageId: 'p1' })).toBe(true);
    expect(canReadPackage(evaluator, { ...joint, packageId: 'p2' })).toBe(false);
    expect(canReadPackage(evaluator, joint)).toBe(false); // no package id: no assignment can be shown
    expect(canReadPackage(evaluator, { ...telecomOnly, cycleId: 'other', packageId: 'p1' })).toBe(false);
    expect(canEditPackage(evaluator, { ...telecomOnly, packageId: 'p1' })).toBe(false);
    // the cycle's shared data (package list, ranking, execution, meetings) is not its to read
    expect(canReadCycle(evaluator, cycle)).toBe(false);
    expect(canReadCycle([...evaluator, ...observer], cycle)).toBe(true);
  });

  it('limits liaisons to submitting and withdrawing', () => {
    expect(canMovePackage(power, joint, 'drafting', 'review')).toBe(true);
    expect(canMovePackage(power, joint, 'review', 'scoring')).toBe(false);
    expect(canMovePackage(coordinator, joint, 'review', 'scoring')).toBe(true);
  });

  it('scopes rights to the cycle', () => {
    const elsewhere: Membership[] = [{ cycleId: 'c2', role: 'coordinator', departmentId: null }];
    expect(canEditPackage(elsewhere, telecomOnly)).toBe(false);
    expect(isAnyCoordinator(elsewhere)).toBe(true);
    expect(canCreatePackage(power, cycle, 'power')).toBe(true);
    expect(canCreatePackage(power, cycle, 'telecom')).toBe(false);
  });
});
