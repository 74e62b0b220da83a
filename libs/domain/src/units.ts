import type { UnitParent } from './evaluation/conflict-of-interest';

/** A decision unit and every unit below it (its divisions, theirs, …), by id. */
export function unitAndDescendants(units: readonly UnitParent[], id: string): Set<string> {
  const out = new Set([id]);
  // breadth-first over the children; a loop already in the register ends where it started
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units) {
      if (u.parentId !== null && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * Why a unit may not be put under a new parent (null: it may). A unit cannot be its own parent,
 * nor move under one of its own divisions: the hierarchy would become a loop.
 */
export function unitMoveProblem(units: readonly UnitParent[], id: string, parentId: string | null): string | null {
  if (parentId === null) return null;
  if (parentId === id) return 'a unit cannot be its own parent';
  if (unitAndDescendants(units, id).has(parentId)) return 'is one of the unit’s own divisions (the hierarchy would loop)';
  return null;
}
