import { describe, expect, it } from 'vitest';
import { evenSplit, packageRuleViolations, type PackageShape } from './validation';

const valid: PackageShape = {
  leadDepartmentId: 'power',
  departmentIds: ['power', 'telecom'],
  costLines: [
    { id: 'a', departmentId: 'power' },
    { id: 'b', departmentId: 'telecom' },
  ],
  activities: [{ start: '2027-01-01', end: '2027-06-30' }],
  levels: [{ level: 'minimum' }, { level: 'current' }],
  kpis: [{ id: 'k1' }],
  costSplit: [
    { departmentId: 'power', basisPoints: 6_000 },
    { departmentId: 'telecom', basisPoints: 4_000 },
  ],
};

describe('package rules', () => {
  it('accepts a consistent joint package', () => {
    expect(packageRuleViolations(valid)).toEqual([]);
  });

  it('names each broken rule by field', () => {
    const broken: PackageShape = {
      ...valid,
      leadDepartmentId: 'housing',
      costLines: [...valid.costLines, { id: 'a', departmentId: 'education' }],
      activities: [{ start: '2027-06-01', end: '2027-01-01' }],
      levels: [{ level: 'current' }, { level: 'current' }],
      costSplit: [{ departmentId: 'power', basisPoints: 9_000 }],
    };
    const fields = packageRuleViolations(broken).map((v) => v.field);
    expect(fields).toEqual(
      expect.arrayContaining(['leadDepartment', 'costLines.2.department', 'costLines.2.id', 'activities.0.end', 'levels.1.level', 'levels', 'costSplit']),
    );
  });

  it('splits evenly and exactly', () => {
    expect(evenSplit(['a', 'b', 'c']).map((s) => s.basisPoints)).toEqual([3_334, 3_333, 3_333]);
    expect(evenSplit([])).toEqual([]);
  });
});
