import type { InputIssue } from './errors';
import type { AlternativeGroup } from './model';

/**
 * Checks mandates and alternatives groups against each other and the known packages: known ids,
 * no package mandated twice, groups of at least two distinct packages, a package in at most one group,
 * and no mandated package in a group (a mandate cannot be optional). `label` names a package in messages.
 */
export function validateAllocationRules(
  mandatedPackageIds: readonly string[],
  groups: readonly AlternativeGroup[],
  known: (id: string) => boolean,
  label: (id: string) => string = (id) => id,
  path = { mandated: 'mandatedPackageIds', groups: 'alternativeGroups' },
): InputIssue[] {
  const issues: InputIssue[] = [];
  const mandated = new Set<string>();
  mandatedPackageIds.forEach((id, i) => {
    if (!known(id)) issues.push({ path: `${path.mandated}[${i}]`, message: `unknown package "${id}"` });
    else if (mandated.has(id)) issues.push({ path: `${path.mandated}[${i}]`, message: `package ${label(id)} is mandated twice` });
    mandated.add(id);
  });
  const inGroup = new Map<string, string>();
  const groupIds = new Set<string>();
  groups.forEach((g, gi) => {
    const gp = `${path.groups}[${gi}]`;
    if (typeof g.id !== 'string' || g.id === '') issues.push({ path: `${gp}.id`, message: 'is required' });
    else if (groupIds.has(g.id)) issues.push({ path: `${gp}.id`, message: `duplicate group "${g.id}"` });
    groupIds.add(g.id);
    if (!Array.isArray(g.packageIds) || new Set(g.packageIds).size < 2) {
      issues.push({ path: `${gp}.packageIds`, message: 'an alternatives group needs at least two different packages' });
      return;
    }
    g.packageIds.forEach((id, i) => {
      const at = `${gp}.packageIds[${i}]`;
      if (!known(id)) issues.push({ path: at, message: `unknown package "${id}"` });
      else if (mandated.has(id)) issues.push({ path: at, message: `package ${label(id)} is mandated and cannot be an alternative` });
      else if (inGroup.has(id) && inGroup.get(id) !== g.id) issues.push({ path: at, message: `package ${label(id)} is already in alternatives group "${inGroup.get(id)}"` });
      inGroup.set(id, g.id);
    });
  });
  return issues;
}
