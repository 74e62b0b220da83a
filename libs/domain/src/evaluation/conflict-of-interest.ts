/**
 * Conflict-of-interest rule: a reviewer who belongs to a department does not score (or order)
 * packages owned by that department. A joint package is owned by every department that carries
 * part of its cost. Callers pass the reviewer's departments through `conflictingUnits` first, so
 * that the rule covers the whole bureau (see there).
 */
export function hasConflictOfInterest(
  reviewerDepartmentIds: readonly string[],
  packageDepartmentIds: readonly string[],
): boolean {
  for (const d of reviewerDepartmentIds) if (packageDepartmentIds.includes(d)) return true;
  return false;
}

/**
 * Conflict matrix for many reviewers and packages: entry [r * packageCount + p] is 1 when reviewer r
 * must not score package p. Built through a department → packages index, so the cost is the number
 * of conflicts found, not reviewers × packages. Returns null when nobody has a conflict.
 */
export function conflictMatrix(
  reviewerDepartments: readonly (readonly string[])[],
  packageDepartments: readonly (readonly string[])[],
): Uint8Array | null {
  const packagesByDepartment = new Map<string, number[]>();
  packageDepartments.forEach((depts, p) => {
    for (const d of depts) {
      const list = packagesByDepartment.get(d);
      if (list === undefined) packagesByDepartment.set(d, [p]);
      else if (list[list.length - 1] !== p) list.push(p);
    }
  });
  const packageCount = packageDepartments.length;
  let matrix: Uint8Array | null = null;
  reviewerDepartments.forEach((depts, r) => {
    for (const d of depts) {
      const list = packagesByDepartment.get(d);
      if (list === undefined) continue;
      matrix ??= new Uint8Array(reviewerDepartments.length * packageCount);
      for (const p of list) matrix[r * packageCount + p] = 1;
    }
  });
  return matrix;
}

/** A decision unit and the bureau it belongs to (null for a bureau). */
export interface UnitParent {
  id: string;
  parentId: string | null;
}

/**
 * The units a reviewer may not score: every unit of the bureaus they belong to, through their
 * own department or any department they are liaison for. A bureau and its divisions answer to
 * one head, so a division's expert does not score the bureau's packages, the bureau's expert
 * does not score its divisions', and divisions of one bureau do not score each other's.
 */
export function conflictingUnits(departmentIds: readonly string[], units: readonly UnitParent[]): string[] {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId] as const));
  const rootOf = (id: string): string => {
    const path = [id];
    for (let parent = parentOf.get(id); parent; parent = parentOf.get(parent)) {
      const at = path.indexOf(parent);
      // a cycle in the register: its smallest id stands for the bureau
      if (at >= 0) return path.slice(at).sort()[0];
      path.push(parent);
    }
    return path[path.length - 1];
  };
  const roots = new Set(departmentIds.map(rootOf));
  const out = new Set(departmentIds);
  for (const u of units) if (roots.has(rootOf(u.id))) out.add(u.id);
  return [...out];
}
