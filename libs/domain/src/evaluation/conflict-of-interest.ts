/**
 * Conflict-of-interest rule: a reviewer who belongs to a department does not score (or order)
 * packages owned by that department. A joint package is owned by every department that carries
 * part of its cost.
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
