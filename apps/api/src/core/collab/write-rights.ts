import type { RightsNotice, WriteRights } from '@zerobase/collab';
import { isCoordinator, liaisonDepartments, stageLockReason, type PackageStage } from '@zerobase/domain';
import type { Principal } from '../auth';
import type { DepartmentDirectory } from '../departments';
import { READ_ONLY, WRITE_ALL } from './collab-peer';

/**
 * Per-section write rights in a package document: coordinators write everything; a liaison
 * writes the shared part and the sections of the owning departments they speak for; everyone
 * else reads only. At a stage whose content is locked for the role (libs/domain stage-locks),
 * the connection reads only too, with the reason in `locked`.
 */
export function writeRightsFor(
  principal: Principal,
  cycleId: string,
  ownerIds: readonly string[],
  directory: DepartmentDirectory,
  stage: PackageStage,
): { rights: WriteRights; departmentId: string | null; locked: RightsNotice['locked'] } {
  const mine = liaisonDepartments(principal.memberships, cycleId);
  const writable = isCoordinator(principal.memberships, cycleId) ? null : ownerIds.filter((id) => mine.has(id));
  if (writable && writable.length === 0) return { rights: READ_ONLY, departmentId: null, locked: null };
  const reason = stageLockReason(principal.memberships, cycleId, stage);
  if (reason) return { rights: READ_ONLY, departmentId: writable?.[0] ?? null, locked: { stage, reason } };
  if (!writable) return { rights: WRITE_ALL, departmentId: null, locked: null };
  return { rights: { writeShared: true, writeDepartments: new Set(writable.map((id) => directory.codeOf(id))) }, departmentId: writable[0], locked: null };
}

/** What the connection is told it may write (and why not, when a stage locks it). */
export function rightsNotice(rights: WriteRights, locked: RightsNotice['locked']): RightsNotice {
  return { shared: rights.writeShared, departments: rights.writeDepartments === 'all' ? 'all' : [...rights.writeDepartments], locked };
}

/** Whether two sets of rights allow the same writes. */
export function sameRights(a: WriteRights, b: WriteRights): boolean {
  if (a.writeShared !== b.writeShared) return false;
  if (a.writeDepartments === 'all' || b.writeDepartments === 'all') return a.writeDepartments === b.writeDepartments;
  return a.writeDepartments.size === b.writeDepartments.size && [...a.writeDepartments].every((d) => (b.writeDepartments as ReadonlySet<string>).has(d));
}
