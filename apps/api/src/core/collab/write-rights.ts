import type { WriteRights } from '@zerobase/collab';
import { isCoordinator, liaisonDepartments } from '@zerobase/domain';
import type { Principal } from '../auth';
import type { DepartmentDirectory } from '../departments';
import { READ_ONLY, WRITE_ALL } from './collab-peer';

/**
 * Per-section write rights in a package document: coordinators write everything; a liaison
 * writes the shared part and the sections of the owning departments they speak for; everyone
 * else reads only.
 */
export function writeRightsFor(
  principal: Principal,
  cycleId: string,
  ownerIds: readonly string[],
  directory: DepartmentDirectory,
): { rights: WriteRights; departmentId: string | null } {
  if (isCoordinator(principal.memberships, cycleId)) return { rights: WRITE_ALL, departmentId: null };
  const mine = liaisonDepartments(principal.memberships, cycleId);
  const writable = ownerIds.filter((id) => mine.has(id));
  if (writable.length === 0) return { rights: READ_ONLY, departmentId: null };
  return { rights: { writeShared: true, writeDepartments: new Set(writable.map((id) => directory.codeOf(id))) }, departmentId: writable[0] };
}
