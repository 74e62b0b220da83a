import { describe, expect, it } from 'vitest';
import { unitAndDescendants, unitMoveProblem } from './units';

// city → city-a → city-a1; city → city-b; power alone
const units = [
  { id: 'city', parentId: null },
  { id: 'city-a', parentId: 'city' },
  { id: 'city-a1', parentId: 'city-a' },
  { id: 'city-b', parentId: 'city' },
  { id: 'power', parentId: null },
];

describe('the hierarchy of decision units', () => {
  it('should list a unit with every unit below it, and only those', () => {
    expect([...unitAndDescendants(units, 'city')].sort()).toEqual(['city', 'city-a', 'city-a1', 'city-b']);
    expect([...unitAndDescendants(units, 'city-a')].sort()).toEqual(['city-a', 'city-a1']);
    expect([...unitAndDescendants(units, 'power')]).toEqual(['power']);
  });

  it('should refuse a move that makes a loop and allow every other', () => {
    expect(unitMoveProblem(units, 'city', 'city')).toMatch(/own parent/);
    expect(unitMoveProblem(units, 'city', 'city-a1')).toMatch(/own divisions/);
    expect(unitMoveProblem(units, 'city-a', 'city-a1')).toMatch(/own divisions/);
    expect(unitMoveProblem(units, 'city-a', 'power')).toBeNull();
    expect(unitMoveProblem(units, 'city-a1', 'city-b')).toBeNull();
    expect(unitMoveProblem(units, 'city-b', null)).toBeNull();
  });

  it('should end on a register that already loops', () => {
    const looped = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect([...unitAndDescendants(looped, 'a')].sort()).toEqual(['a', 'b']);
  });
});
