import { describe, expect, it } from 'vitest';
import { rankAndAllocate } from './evaluation/rank-and-allocate';
import { pkg, scoresOf } from './evaluation/spec-helpers';
import type { Membership } from './types';
import { audienceOf, AUDIENCES, audienceSeesStaffNames, canReadRanking, rankingFor, rankingVisibility, scoreAccess, seesStaffNames, staffRefFor } from './visibility';

const cycle = 'c1';
const as = (role: Membership['role'], departmentId: string | null = null): Membership[] => [{ cycleId: cycle, role, departmentId }];

// A 90 (published), B 80 (hidden), C 70 (published); one reviewer, two criteria
const ranking = rankAndAllocate({
  settings: { quotaFen: 1_000_000, reserveBasisPoints: 0, criteria: [{ key: 'q', weight: 50 }, { key: 'r', weight: 50 }] },
  packages: [pkg('A', 400_000), pkg('B', 400_000, { departmentShares: [{ departmentId: 'd2', basisPoints: 10_000 }] }), pkg('C', 400_000)],
  scores: [...scoresOf({ A: { r1: 90 }, B: { r1: 80 }, C: { r1: 70 } }, 'q'), ...scoresOf({ A: { r1: 90 }, B: { r1: 80 }, C: { r1: 70 } }, 'r')],
});
const published = (id: string) => id !== 'B';

describe('visibility', () => {
  it('puts each user in their broadest audience of the cycle', () => {
    expect(audienceOf([...as('observer'), ...as('liaison', 'd1')], cycle)).toBe('member');
    expect(audienceOf([...as('reviewer'), ...as('coordinator')], cycle)).toBe('coordinator');
    expect(audienceOf(as('observer'), cycle)).toBe('observer');
    expect(audienceOf(as('observer'), 'other')).toBeNull();
  });

  it('shows observers the ranking only from the allocation stage', () => {
    expect(canReadRanking(as('observer'), cycle, 'scoring')).toBe(false);
    expect(canReadRanking(as('observer'), cycle, 'allocation')).toBe(true);
    expect(canReadRanking(as('reviewer'), cycle, 'drafting')).toBe(true);
    expect(canReadRanking([], cycle, 'allocation')).toBe(false);
  });

  it('builds the observer ranking from published packages alone, with ranks and sums over them', () => {
    const view = rankingFor(ranking, rankingVisibility('observer', true), published);
    expect(view.items.map((i) => [i.packageId, i.rank])).toEqual([['A', 1], ['C', 2]]);
    expect(view.perPackage.map((p) => p.packageId).sort()).toEqual(['A', 'C']);
    expect(view.perDepartment.map((d) => d.departmentId)).toEqual(['d1']);
    expect(view.totals.requestedFen).toBe(800_000);
    expect(view.totals.allocatedFen).toBe(view.perPackage.reduce((n, p) => n + p.fundedFen, 0));
    expect(view.tierCounts.high + view.tierCounts.medium + view.tierCounts.low).toBe(2);
    expect(JSON.stringify(view)).not.toContain('"B"');
  });

  it("gives observers each unit's order over the published packages alone", () => {
    // one unit ranks C, B (hidden), A; an override lifts B above C; A (90) is held below C (70)
    const consolidated = rankAndAllocate({
      settings: {
        quotaFen: 1_000_000,
        reserveBasisPoints: 0,
        criteria: [{ key: 'q', weight: 100 }],
        consolidation: { unitOrders: [{ unitId: 'u', packageIds: ['C', 'B', 'A'] }], overrides: [{ packageId: 'B', aboveId: 'C', reason: '安全隐患' }] },
      },
      packages: ['A', 'B', 'C'].map((id) => pkg(id, 400_000, { unitId: 'u' })),
      scores: scoresOf({ A: { r1: 90 }, B: { r1: 80 }, C: { r1: 70 } }),
    });
    expect(consolidated.items.map((i) => [i.id, i.explanation.consolidation?.unitRank, i.explanation.consolidation?.heldBy])).toEqual([
      ['B', 1, undefined],
      ['C', 2, undefined],
      ['A', 3, 'C'],
    ]);
    const member = rankingFor(consolidated, rankingVisibility('member', true), published);
    expect(member.items[1]!.explanation.consolidation).toEqual({ unitId: 'u', unitRank: 2, unitSize: 3, overrides: [{ otherPackageId: 'B', above: false, reason: '安全隐患' }] });
    const observer = rankingFor(consolidated, rankingVisibility('observer', true), published);
    expect(observer.items.map((i) => [i.id, i.explanation.consolidation])).toEqual([
      ['C', { unitId: 'u', unitRank: 1, unitSize: 2 }],
      ['A', { unitId: 'u', unitRank: 2, unitSize: 2, heldBy: 'C' }],
    ]);
    expect(JSON.stringify(observer)).not.toContain('"B"');
  });

  it('hides per-criterion values and reviewer counts from everyone but coordinators until scoring closes', () => {
    for (const audience of AUDIENCES) {
      const open = rankingFor(ranking, rankingVisibility(audience, false), published);
      const closed = rankingFor(ranking, rankingVisibility(audience, true), published);
      const coordinator = audience === 'coordinator';
      expect(open.items.every((i) => i.explanation.parts.length === (coordinator ? 2 : 0))).toBe(true);
      expect(closed.items.every((i) => i.explanation.parts.length === 2)).toBe(true);
      // the composite stays: it is what the ranking is
      expect(open.items[0].score).toBe(90);
    }
  });

  it('shows individual scores to observers never, to members once scoring closes', () => {
    expect(scoreAccess(as('observer'), cycle, true)).toBe('none');
    expect(scoreAccess(as('liaison', 'd1'), cycle, false)).toBe('none');
    expect(scoreAccess(as('liaison', 'd1'), cycle, true)).toBe('all');
    expect(scoreAccess(as('reviewer'), cycle, false)).toBe('own');
    expect(scoreAccess(as('coordinator'), cycle, false)).toBe('all');
  });

  it('shows observers the department of who changed a package, never the person; everyone else the person', () => {
    expect(seesStaffNames(as('observer'), cycle)).toBe(false);
    for (const role of ['coordinator', 'liaison', 'reviewer', 'evaluator'] as const) expect(seesStaffNames(as(role, 'd1'), cycle)).toBe(true);
    // an observer who also holds a working role reads as that role
    expect(seesStaffNames([...as('observer'), ...as('liaison', 'd1')], cycle)).toBe(true);
    // observing another cycle says nothing about this one
    expect(seesStaffNames(as('observer'), 'other')).toBe(true);
    expect(AUDIENCES.filter((a) => !audienceSeesStaffNames(a))).toEqual(['observer']);
    const ref = { userId: 'u1', userName: '供电公司 联络人', department: 'power' };
    expect(staffRefFor(ref, false)).toEqual({ userId: null, userName: null, department: 'power' });
    expect(staffRefFor(ref, true)).toBe(ref);
  });
});
