import { describe, expect, it } from 'vitest';
import { conflictingUnits, hasConflictOfInterest } from './conflict-of-interest';

// city (bureau) → city-enforcement, city-parks (divisions); transport (bureau) → roads
const units = [
  { id: 'city', parentId: null },
  { id: 'city-enforcement', parentId: 'city' },
  { id: 'city-parks', parentId: 'city' },
  { id: 'transport', parentId: null },
  { id: 'roads', parentId: 'transport' },
];

describe('conflict of interest', () => {
  it('covers the whole bureau: a division and its bureau, both ways, and sibling divisions', () => {
    expect(hasConflictOfInterest(conflictingUnits(['city-enforcement'], units), ['city'])).toBe(true);
    expect(hasConflictOfInterest(conflictingUnits(['city'], units), ['city-enforcement'])).toBe(true);
    expect(hasConflictOfInterest(conflictingUnits(['city-parks'], units), ['city-enforcement'])).toBe(true);
    expect(hasConflictOfInterest(conflictingUnits(['city-enforcement'], units), ['transport', 'roads'])).toBe(false);
  });

  it('counts every department a reviewer speaks for', () => {
    expect(hasConflictOfInterest(conflictingUnits(['transport', 'city'], units), ['city-parks'])).toBe(true);
    expect(conflictingUnits([], units)).toEqual([]);
  });

  it('survives a parent cycle in the register', () => {
    expect(conflictingUnits(['a'], [{ id: 'a', parentId: 'b' }, { id: 'b', parentId: 'a' }]).sort()).toEqual(['a', 'b']);
  });
});
