import { describe, expect, it } from 'vitest';
import { reviewQueue } from './review-queue';

const criteria = ['a', 'b'];

describe('a reviewer’s queue', () => {
  it('should count scored packages among those the reviewer may score and point at the next one', () => {
    const packages = [
      { packageId: 'p1', ownerIds: ['d1'] },
      { packageId: 'p2', ownerIds: ['d2', 'd3'] },
      { packageId: 'p3', ownerIds: ['d1'] },
      { packageId: 'p4', ownerIds: ['d4'] },
    ];
    const scored = new Map([
      ['p1', new Set(['a', 'b'])],
      ['p3', new Set(['a'])],
    ]);
    const { entries, progress } = reviewQueue(packages, ['d3'], scored, criteria);
    expect(entries.map((e) => e.status)).toEqual(['scored', 'recused', 'partial', 'open']);
    expect(entries[1].recusedFor).toEqual(['d3']);
    expect(progress).toEqual({ scored: 1, total: 3, recused: 1, nextPackageId: 'p3' });
  });

  it('should have no next package once everything is scored, and count nothing as scored without criteria', () => {
    const packages = [{ packageId: 'p1', ownerIds: ['d1'] }];
    expect(reviewQueue(packages, [], new Map([['p1', new Set(criteria)]]), criteria).progress).toEqual({ scored: 1, total: 1, recused: 0, nextPackageId: null });
    expect(reviewQueue(packages, [], new Map(), []).entries[0].status).toBe('open');
  });
});
