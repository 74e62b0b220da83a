import { isCoordinator, liaisonDepartments } from './access';
import type { Membership, PackageStage } from './types';

/** Who may change a package's content (fields, lines, split, document) at a stage. */
export interface StageEditRule {
  liaison: boolean;
  coordinator: boolean;
}

/**
 * What can be edited at each package stage, by whom — the one table REST edits, collab
 * updates, version restores and conflict resolutions ask. Until ranking, a liaison edits their
 * department's sections (and the shared part); from allocation on, the funded content is
 * frozen for liaisons — only coordinators correct it, and a liaison edits again only after a
 * coordinator reopens the package (an explicit, logged move back to drafting).
 */
export const STAGE_EDIT_RULES: Record<PackageStage, StageEditRule> = {
  drafting: { liaison: true, coordinator: true },
  review: { liaison: true, coordinator: true },
  scoring: { liaison: true, coordinator: true },
  ranking: { liaison: true, coordinator: true },
  allocation: { liaison: false, coordinator: true },
  execution: { liaison: false, coordinator: true },
  evaluation: { liaison: false, coordinator: true },
};

/** Stages a package leaves only by being reopened (not by an ordinary stage change backwards). */
export function isLockedForLiaisons(stage: PackageStage): boolean {
  return !STAGE_EDIT_RULES[stage].liaison;
}

/** Whether this user may change the content of a package of this cycle at this stage. */
export function canEditContentAt(memberships: readonly Membership[], cycleId: string, stage: PackageStage): boolean {
  const rule = STAGE_EDIT_RULES[stage];
  if (isCoordinator(memberships, cycleId)) return rule.coordinator;
  return rule.liaison && liaisonDepartments(memberships, cycleId).size > 0;
}

/** Why content is locked for this user at this stage, or null when it is not. */
export function stageLockReason(memberships: readonly Membership[], cycleId: string, stage: PackageStage): string | null {
  if (canEditContentAt(memberships, cycleId, stage)) return null;
  return `the package is at the ${stage} stage: its content is locked${STAGE_EDIT_RULES[stage].coordinator ? ' (a coordinator may reopen it)' : ''}`;
}

/** Only coordinators reopen, and only packages that are locked for liaisons. */
export function canReopenPackage(memberships: readonly Membership[], cycleId: string, stage: PackageStage): boolean {
  return isCoordinator(memberships, cycleId) && isLockedForLiaisons(stage);
}
