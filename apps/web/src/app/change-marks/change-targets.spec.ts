import { describe, expect, it } from 'vitest';
import { markTarget, shortTime } from './change-targets';

describe('markTarget', () => {
  it('should find the fields of the shared part', () => {
    expect(markTarget('shared.title')).toEqual({ grid: null, field: 'collab-title', rows: false });
    expect(markTarget('shared.contingencyBasisPoints')).toEqual({ grid: null, field: 'contingency', rows: false });
    expect(markTarget('shared/purpose')).toEqual({ grid: null, field: 'collab-purpose', rows: false });
    expect(markTarget('shared/consequencesOfNotFunding')).toEqual({ grid: null, field: 'collab-consequences', rows: false });
    expect(markTarget('shared/costSplit.telecom')).toEqual({ grid: null, field: 'split-telecom', rows: false });
    expect(markTarget('shared/costSplit')).toEqual({ grid: null, field: 'split-sum', rows: false });
    expect(markTarget('dept:telecom/notes')).toEqual({ grid: null, field: 'notes-telecom', rows: false });
  });

  it('should find a cell of a row inside its grid, and the grid for rows added, removed or moved', () => {
    expect(markTarget('dept:telecom/costLines/DP-01-l3.unitCostFen')).toEqual({ grid: 'collab-lines-telecom', field: 'unit-cost-DP-01-l3', rows: false });
    expect(markTarget('shared/costLines/l9.quantityMilli')).toEqual({ grid: 'collab-lines-shared', field: 'quantity-l9', rows: false });
    expect(markTarget('dept:telecom/costLines')).toEqual({ grid: null, field: 'collab-lines-telecom', rows: true });
    expect(markTarget('dept:power/activities/a1.start')).toEqual({ grid: 'activities-power', field: 'cell-start-a1', rows: false });
    expect(markTarget('shared/activities')).toEqual({ grid: null, field: 'activities-shared', rows: true });
    expect(markTarget('shared/kpis/k1.target')).toEqual({ grid: 'kpis', field: 'cell-target-k1', rows: false });
    expect(markTarget('shared/levels/minimum.costFen')).toEqual({ grid: 'levels', field: 'cell-costFen-minimum', rows: false });
    expect(markTarget('shared/objectives')).toEqual({ grid: null, field: 'objectives', rows: true });
  });

  it('should find nothing for paths the editor shows no field for', () => {
    expect(markTarget('shared.schemaVersion')).toBeNull();
    expect(markTarget('dept:power/costLines/l1.id')).toBeNull();
    expect(markTarget('nowhere/else')).toBeNull();
  });
});

describe('shortTime', () => {
  it('should give month, day, hours and minutes in local time, with the year when it is not this one', () => {
    const at = new Date(2026, 11, 2, 10, 31, 45);
    expect(shortTime(at.toISOString(), new Date(2026, 11, 31))).toBe('12-02 10:31');
    expect(shortTime(new Date(2026, 0, 5, 8, 3).toISOString(), new Date(2026, 11, 31))).toBe('01-05 08:03');
    expect(shortTime(at.toISOString(), new Date(2027, 0, 1))).toBe('2026-12-02 10:31');
  });
});
