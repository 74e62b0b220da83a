import { describe, expect, it } from 'vitest';
import {
  conflictRecipients,
  editRecipients,
  followUpRecipients,
  meetingRecipients,
  packageRecipients,
  rankingChanges,
  shouldCoalesce,
  stageGateRecipients,
  type CycleMember,
} from './notifications';

const members: CycleMember[] = [
  { userId: 'coord', role: 'coordinator', departmentId: null },
  { userId: 'power', role: 'liaison', departmentId: 'P' },
  { userId: 'telecom', role: 'liaison', departmentId: 'T' },
  { userId: 'housing', role: 'liaison', departmentId: 'H' },
  { userId: 'reviewer', role: 'reviewer', departmentId: null },
  { userId: 'observer', role: 'observer', departmentId: null },
];
const users = (list: { userId: string }[]) => list.map((r) => r.userId).sort();

describe('edit notifications', () => {
  it('should tell the owner of a section another department edited', () => {
    expect(users(editRecipients(members, { packageDepartmentIds: ['P', 'T'], editorUserId: 'telecom', editorDepartmentId: 'T', sections: ['dept:P'] }))).toEqual(['power']);
  });
  it('should tell every other owning department about a shared field, never the editor', () => {
    expect(users(editRecipients(members, { packageDepartmentIds: ['P', 'T', 'H'], editorUserId: 'power', editorDepartmentId: 'P', sections: ['shared'] }))).toEqual(['housing', 'telecom']);
  });
  it('should stay silent when a department edits only its own section, or a department outside the package', () => {
    expect(editRecipients(members, { packageDepartmentIds: ['P', 'T'], editorUserId: 'power', editorDepartmentId: 'P', sections: ['dept:P'] })).toEqual([]);
    expect(editRecipients(members, { packageDepartmentIds: ['P'], editorUserId: 'coord', editorDepartmentId: null, sections: ['dept:H'] })).toEqual([]);
  });
  it('should tell owners when a coordinator edits their section', () => {
    expect(users(editRecipients(members, { packageDepartmentIds: ['P', 'T'], editorUserId: 'coord', editorDepartmentId: null, sections: ['dept:T'] }))).toEqual(['telecom']);
  });
});

describe('other rules', () => {
  it('should tell the departments of a conflict and the coordinators', () => {
    expect(users(conflictRecipients(members, ['P', 'H']))).toEqual(['coord', 'housing', 'power']);
  });
  it('should tell the package departments about scores and funding', () => {
    expect(users(packageRecipients(members, ['T'], 'reviewer'))).toEqual(['telecom']);
  });
  it('should tell everyone but observers and the actor about a stage gate', () => {
    expect(users(stageGateRecipients(members, 'coord'))).toEqual(['housing', 'power', 'reviewer', 'telecom']);
  });
  it('should tell invited departments, reviewers and other coordinators that a meeting starts', () => {
    expect(users(meetingRecipients(members, ['P'], 'coord'))).toEqual(['power', 'reviewer']);
  });
  it('should tell the owner department of a follow-up action', () => {
    expect(users(followUpRecipients(members, 'H', 'coord'))).toEqual(['housing']);
  });
  it('should tell a user with two memberships once', () => {
    const twice: CycleMember[] = [...members, { userId: 'power', role: 'liaison', departmentId: 'T' }];
    expect(users(packageRecipients(twice, ['P', 'T']))).toEqual(['power', 'telecom']);
  });
});

describe('no storm', () => {
  it('should fold notifications within the window only', () => {
    expect(shouldCoalesce(null, 1000, 500)).toBe(false);
    expect(shouldCoalesce(1000, 1400, 500)).toBe(true);
    expect(shouldCoalesce(1000, 1500, 500)).toBe(false);
    expect(shouldCoalesce(1000, 1001, 0)).toBe(false);
  });
});

describe('ranking changes', () => {
  it('should report funded, cut and moved packages, and nothing for unchanged ones', () => {
    const before = [
      { packageId: 'a', position: 1, funded: true },
      { packageId: 'b', position: 2, funded: true },
      { packageId: 'c', position: 3, funded: false },
      { packageId: 'd', position: 4, funded: false },
    ];
    const after = [
      { packageId: 'c', position: 1, funded: true },
      { packageId: 'a', position: 2, funded: true },
      { packageId: 'b', position: 3, funded: false },
      { packageId: 'd', position: 4, funded: false },
      { packageId: 'e', position: 5, funded: false },
    ];
    expect(rankingChanges(before, after)).toEqual([
      { packageId: 'c', kind: 'packageFunded', from: 3, to: 1 },
      { packageId: 'a', kind: 'packageRanked', from: 1, to: 2 },
      { packageId: 'b', kind: 'packageCut', from: 2, to: 3 },
      { packageId: 'e', kind: 'packageRanked', from: null, to: 5 },
    ]);
  });
});
