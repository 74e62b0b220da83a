import { describe, expect, it } from 'vitest';
import type { Membership } from '../types';
import { attachmentChangeProblem, canRemoveAttachment, canReadAttachments, uploadDepartment } from './attachment-rules';

const cycleId = 'c1';
const pkg = { cycleId, departmentIds: ['power', 'telecom'], published: false };
const liaison = (departmentId: string): Membership => ({ cycleId, role: 'liaison', departmentId });
const coordinator: Membership = { cycleId, role: 'coordinator', departmentId: null };
const observer: Membership = { cycleId, role: 'observer', departmentId: null };
const reviewer: Membership = { cycleId, role: 'reviewer', departmentId: null };

describe('attachment rules', () => {
  it('reads like the package: observers only once it is published', () => {
    expect(canReadAttachments([reviewer], pkg)).toBe(true);
    expect(canReadAttachments([observer], pkg)).toBe(false);
    expect(canReadAttachments([observer], { ...pkg, published: true })).toBe(true);
    expect(canReadAttachments([liaison('power')], { ...pkg, cycleId: 'other' })).toBe(false);
  });

  it('lets the package’s liaisons and coordinators change attachments until the content is locked', () => {
    expect(attachmentChangeProblem([liaison('power')], pkg, 'scoring')).toBeNull();
    expect(attachmentChangeProblem([coordinator], pkg, 'execution')).toBeNull();
    expect(attachmentChangeProblem([liaison('housing')], pkg, 'scoring')).toContain('only the liaisons');
    expect(attachmentChangeProblem([reviewer], pkg, 'scoring')).toContain('only the liaisons');
    expect(attachmentChangeProblem([liaison('power')], pkg, 'allocation')).toContain('locked');
  });

  it('records an upload under the uploader’s department, the line’s department, or the coordinator’s office', () => {
    expect(uploadDepartment([liaison('power')], pkg, undefined, null)).toEqual({ departmentId: 'power' });
    expect(uploadDepartment([liaison('power')], pkg, { departmentId: 'power' }, null)).toEqual({ departmentId: 'power' });
    expect(uploadDepartment([liaison('power')], pkg, { departmentId: null }, null)).toEqual({ departmentId: 'power' });
    expect(uploadDepartment([liaison('power')], pkg, { departmentId: 'telecom' }, null)).toMatchObject({ field: 'lineId', forbidden: true });
    expect(uploadDepartment([coordinator], pkg, undefined, null)).toEqual({ departmentId: null });
    expect(uploadDepartment([coordinator], pkg, { departmentId: 'telecom' }, null)).toEqual({ departmentId: null });
    const both = [liaison('power'), liaison('telecom')];
    expect(uploadDepartment(both, pkg, undefined, null)).toMatchObject({ field: 'department', forbidden: false });
    expect(uploadDepartment(both, pkg, undefined, 'telecom')).toEqual({ departmentId: 'telecom' });
    expect(uploadDepartment(both, pkg, undefined, 'housing')).toMatchObject({ field: 'department', forbidden: false });
  });

  it('lets only the adding department or a coordinator remove, and nobody but coordinators once locked', () => {
    expect(canRemoveAttachment([liaison('power')], pkg, 'scoring', 'power')).toBe(true);
    expect(canRemoveAttachment([liaison('telecom')], pkg, 'scoring', 'power')).toBe(false);
    expect(canRemoveAttachment([liaison('power')], pkg, 'scoring', null)).toBe(false);
    expect(canRemoveAttachment([coordinator], pkg, 'scoring', 'power')).toBe(true);
    expect(canRemoveAttachment([liaison('power')], pkg, 'allocation', 'power')).toBe(false);
    expect(canRemoveAttachment([coordinator], pkg, 'allocation', 'power')).toBe(true);
  });
});
