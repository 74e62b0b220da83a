import { SHARED_SECTION, type RightsNotice } from '@zerobase/collab/editor';
import { isCoordinator, liaisonDepartments, type Membership } from '@zerobase/domain';

/** What this user may write in a package document; the server enforces the same (write-rights.ts). */
export interface EditRights {
  kind: 'all' | 'liaison' | 'readOnly';
  shared: boolean;
  /** department codes whose sections may be written */
  departments: ReadonlySet<string>;
}

export const READ_ONLY: EditRights = { kind: 'readOnly', shared: false, departments: new Set() };

/**
 * Coordinators write everything; a liaison writes the shared part and the sections of the
 * package's departments they speak for; reviewers, observers and liaisons of other departments
 * read only. Memberships name departments by id, documents by code.
 */
export function editRights(
  memberships: readonly Membership[],
  cycleId: string,
  packageDepartments: readonly string[],
  codeOf: (departmentId: string) => string | undefined,
): EditRights {
  if (isCoordinator(memberships, cycleId)) return { kind: 'all', shared: true, departments: new Set(packageDepartments) };
  const mine = new Set([...liaisonDepartments(memberships, cycleId)].map(codeOf).filter((code): code is string => !!code));
  const writable = packageDepartments.filter((code) => mine.has(code));
  if (writable.length === 0) return READ_ONLY;
  return { kind: 'liaison', shared: true, departments: new Set(writable) };
}

/** What the server says the open connection may write (it narrows it when a stage locks the content). */
export function rightsFromNotice(notice: RightsNotice, packageDepartments: readonly string[]): EditRights {
  if (notice.departments === 'all') return { kind: 'all', shared: true, departments: new Set(packageDepartments) };
  if (!notice.shared && notice.departments.length === 0) return READ_ONLY;
  return { kind: 'liaison', shared: notice.shared, departments: new Set(notice.departments) };
}

/** `section` is a department code or SHARED_SECTION. */
export function canWrite(rights: EditRights, section: string): boolean {
  if (section === SHARED_SECTION) return rights.shared;
  return rights.kind === 'all' || rights.departments.has(section);
}
