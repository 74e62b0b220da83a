import type { Membership, PackageStage, Role } from './types';

/**
 * Who may do what, as pure functions over a user's memberships. The API calls these before
 * every read and write; the RBAC matrix test drives them through HTTP.
 */
export interface PackageAccessFacts {
  cycleId: string;
  departmentIds: readonly string[];
  published: boolean;
  /** the package's id: third-party evaluators read only the packages assigned to them */
  packageId?: string;
}

function rolesIn(memberships: readonly Membership[], cycleId: string): Set<Role> {
  return new Set(memberships.filter((m) => m.cycleId === cycleId).map((m) => m.role));
}

export function liaisonDepartments(memberships: readonly Membership[], cycleId: string): Set<string> {
  return new Set(
    memberships.filter((m) => m.cycleId === cycleId && m.role === 'liaison' && m.departmentId).map((m) => m.departmentId as string),
  );
}

export function isCoordinator(memberships: readonly Membership[], cycleId: string): boolean {
  return rolesIn(memberships, cycleId).has('coordinator');
}

/** Coordinators of any cycle administer the shared registers (departments, users). */
export function isAnyCoordinator(memberships: readonly Membership[]): boolean {
  return memberships.some((m) => m.role === 'coordinator');
}

/** Members read the cycle's shared data; a third-party evaluator only the packages assigned to it (isEvaluatorOf). */
export function canReadCycle(memberships: readonly Membership[], cycleId: string): boolean {
  return rolesReadCycle(rolesIn(memberships, cycleId));
}

/** `canReadCycle` from a user's roles in the cycle (as the cycle list reports them). */
export function rolesReadCycle(roles: Iterable<Role>): boolean {
  return [...roles].some((role) => role !== 'evaluator');
}

/** Members working in the cycle read every package; observers read only what is published. */
export function canReadPackage(memberships: readonly Membership[], pkg: PackageAccessFacts): boolean {
  const roles = rolesIn(memberships, pkg.cycleId);
  if (roles.has('coordinator') || roles.has('liaison') || roles.has('reviewer')) return true;
  if (roles.has('evaluator') && isEvaluatorOf(memberships, pkg)) return true;
  return roles.has('observer') && pkg.published;
}

/** A third-party evaluator reads (and scores) only the packages assigned to it in the cycle. */
export function isEvaluatorOf(memberships: readonly Membership[], pkg: { cycleId: string; packageId?: string }): boolean {
  return pkg.packageId !== undefined && memberships.some((m) => m.cycleId === pkg.cycleId && m.role === 'evaluator' && (m.packageIds ?? []).includes(pkg.packageId as string));
}

/** Coordinators, and liaisons of an owning department, edit a package. */
export function canEditPackage(memberships: readonly Membership[], pkg: PackageAccessFacts): boolean {
  if (isCoordinator(memberships, pkg.cycleId)) return true;
  const mine = liaisonDepartments(memberships, pkg.cycleId);
  return pkg.departmentIds.some((d) => mine.has(d));
}

/** A liaison creates packages led by a department they speak for. */
export function canCreatePackage(memberships: readonly Membership[], cycleId: string, leadDepartmentId: string): boolean {
  if (isCoordinator(memberships, cycleId)) return true;
  return liaisonDepartments(memberships, cycleId).has(leadDepartmentId);
}

/** Liaisons may submit a draft for review or take it back; every other move belongs to coordinators. */
export function canMovePackage(memberships: readonly Membership[], pkg: PackageAccessFacts, from: PackageStage, to: PackageStage): boolean {
  if (isCoordinator(memberships, pkg.cycleId)) return true;
  if (!canEditPackage(memberships, pkg)) return false;
  return (from === 'drafting' && to === 'review') || (from === 'review' && to === 'drafting');
}

export function canPublishPackage(memberships: readonly Membership[], cycleId: string): boolean {
  return isCoordinator(memberships, cycleId);
}

/** A decision unit's order of its own packages (consolidation) is set by its liaison, or a coordinator. */
export function canSetUnitOrder(memberships: readonly Membership[], cycleId: string, unitId: string): boolean {
  return isCoordinator(memberships, cycleId) || liaisonDepartments(memberships, cycleId).has(unitId);
}
