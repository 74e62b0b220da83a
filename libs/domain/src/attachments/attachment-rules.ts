import { canEditPackage, canReadPackage, isCoordinator, liaisonDepartments, type PackageAccessFacts } from '../access';
import { stageLockReason } from '../stage-locks';
import type { Membership, PackageStage } from '../types';
import type { AttachmentKind } from './attachment-types';

/**
 * Who may read, add and remove a package's attachments. Reading follows the package
 * (canReadPackage: observers only once it is published). Adding and removing are content
 * changes: those who may edit the package, at a stage that is not locked for them. An
 * attachment belongs to the department that added it (null: added by a coordinator); only a
 * liaison of that department, or a coordinator of the cycle, removes it.
 */
export interface AttachmentView {
  id: string;
  packageId: string;
  /** the cost line it supports (a line id of the package's document); null: the whole package */
  lineId: string | null;
  /** department code of who added it; null when a coordinator added it */
  department: string | null;
  fileName: string;
  kind: AttachmentKind;
  contentType: string;
  sizeBytes: number;
  /** who added it; id and name null for observers (they read `department` only: visibility.ts seesStaffNames) */
  uploadedBy: { id: string | null; name: string | null };
  uploadedAt: string;
  /** whether the user reading the list may remove it */
  removable: boolean;
}

/** Socket.IO `attachment` event, to those who may read the package. */
export type AttachmentEvent = { type: 'added'; packageId: string; attachment: Omit<AttachmentView, 'removable'> } | { type: 'removed'; packageId: string; id: string };

export const canReadAttachments = canReadPackage;

/** Why this user may not add attachments to the package now, or null. */
export function attachmentChangeProblem(memberships: readonly Membership[], pkg: PackageAccessFacts, stage: PackageStage): string | null {
  if (!canEditPackage(memberships, pkg)) return 'only the liaisons of the package’s departments and coordinators add or remove its attachments';
  const locked = stageLockReason(memberships, pkg.cycleId, stage);
  return locked ? `you may not change the attachments: ${locked}` : null;
}

/**
 * The department an upload is recorded under. Coordinators: null (the coordinator's office),
 * unless they also speak for a department. Liaisons: the owning department they speak for;
 * for a cost line of a department, that department (which they must speak for); when they
 * speak for several owners and nothing decides, `requested` must name one.
 * `line`: undefined for the whole package, else the line's department (null: shared part).
 */
export function uploadDepartment(
  memberships: readonly Membership[],
  pkg: PackageAccessFacts,
  line: { departmentId: string | null } | undefined,
  requested: string | null,
): { departmentId: string | null } | { field: 'lineId' | 'department'; reason: string; forbidden: boolean } {
  const mine = liaisonDepartments(memberships, pkg.cycleId);
  const coordinator = isCoordinator(memberships, pkg.cycleId);
  const candidates = pkg.departmentIds.filter((d) => mine.has(d));
  if (line?.departmentId) {
    if (candidates.includes(line.departmentId)) return { departmentId: line.departmentId };
    if (coordinator) return { departmentId: null };
    return { field: 'lineId', reason: 'is a cost line of another department', forbidden: true };
  }
  if (requested !== null) {
    if (candidates.includes(requested)) return { departmentId: requested };
    return { field: 'department', reason: 'must be a department of the package you speak for', forbidden: false };
  }
  if (candidates.length === 1) return { departmentId: candidates[0]! };
  if (candidates.length > 1) return { field: 'department', reason: 'is required: you speak for several departments of this package', forbidden: false };
  return coordinator ? { departmentId: null } : { field: 'department', reason: 'you speak for no department of this package', forbidden: true };
}

/** Whether this user removes an attachment recorded under `departmentId` (null: a coordinator's). */
export function canRemoveAttachment(memberships: readonly Membership[], pkg: PackageAccessFacts, stage: PackageStage, departmentId: string | null): boolean {
  if (attachmentChangeProblem(memberships, pkg, stage)) return false;
  if (isCoordinator(memberships, pkg.cycleId)) return true;
  return departmentId !== null && liaisonDepartments(memberships, pkg.cycleId).has(departmentId);
}
