import { describe, expect, it } from 'vitest';
import type { ProjectedRows } from './package-content';
import { isEmptyDelta, projectionDelta } from './projection-delta';

const line = (id: string, unitCostFen = 100, description = 'cable'): ProjectedRows['lines'][number] => ({
  id,
  departmentId: 'd-power',
  category: 'materials',
  description,
  location: null,
  quantityMilli: 1000,
  unit: 'm',
  unitCostFen,
  year: 2027,
  position: 0,
});

function rows(edit: (r: ProjectedRows) => void = () => undefined): ProjectedRows {
  const r: ProjectedRows = {
    package: {
      title: 'Line upgrade',
      purpose: 'one trench',
      contingencyBasisPoints: 1000,
      details: { objectives: [], activities: [], levels: [{ level: 'minimum', costFen: 5, outcome: '' }], kpis: [], risks: [], alternatives: [], consequencesOfNotFunding: '', narrative: 'abc' },
    } as ProjectedRows['package'],
    lines: [line('a'), { ...line('b'), position: 1 }],
    shares: [
      { departmentId: 'd-power', basisPoints: 5000 },
      { departmentId: 'd-telecom', basisPoints: 5000 },
    ],
  };
  edit(r);
  return r;
}

describe('projectionDelta', () => {
  it('should write everything, as a money change, when nothing was written before', () => {
    const delta = projectionDelta(null, rows());
    expect(delta).toMatchObject({ packageRow: true, deleteLineIds: [], moneyOrScore: true });
    expect(delta.upsertLines.map((l) => l.id)).toEqual(['a', 'b']);
    expect(delta.shares).toHaveLength(2);
  });

  it('should write only the package row, and no money change, for a narrative edit', () => {
    const delta = projectionDelta(rows(), rows((r) => (r.package.details.narrative = 'abxc')));
    expect(delta).toEqual({ packageRow: true, details: ['narrative'], upsertLines: [], deleteLineIds: [], shares: [], moneyOrScore: false });
  });

  it('should write only the changed cost line, as a money change, for a unit cost edit', () => {
    const delta = projectionDelta(rows(), rows((r) => (r.lines[1] = { ...r.lines[1], unitCostFen: 250 })));
    expect(delta.packageRow).toBe(false);
    expect(delta.upsertLines.map((l) => [l.id, l.unitCostFen])).toEqual([['b', 250]]);
    expect(delta.moneyOrScore).toBe(true);
  });

  it('should count a line description edit as a change the invariants read (duplicate work compares them)', () => {
    const delta = projectionDelta(rows(), rows((r) => (r.lines[0] = { ...r.lines[0], description: 'fibre' })));
    expect(delta.upsertLines.map((l) => l.id)).toEqual(['a']);
    expect(delta.moneyOrScore).toBe(true);
  });

  it('should delete removed lines and update changed shares only', () => {
    const delta = projectionDelta(
      rows(),
      rows((r) => {
        r.lines = [r.lines[0]];
        r.shares = [
          { departmentId: 'd-power', basisPoints: 6000 },
          { departmentId: 'd-telecom', basisPoints: 5000 },
        ];
      }),
    );
    expect(delta.deleteLineIds).toEqual(['b']);
    expect(delta.shares).toEqual([{ departmentId: 'd-power', basisPoints: 6000 }]);
    expect(delta.moneyOrScore).toBe(true);
  });

  it('should treat title, contingency and levels of effort as score or money fields', () => {
    expect(projectionDelta(rows(), rows((r) => (r.package.title = 'Joint line upgrade'))).moneyOrScore).toBe(true);
    expect(projectionDelta(rows(), rows((r) => (r.package.contingencyBasisPoints = 500))).moneyOrScore).toBe(true);
    expect(projectionDelta(rows(), rows((r) => (r.package.details.levels = []))).moneyOrScore).toBe(true);
    expect(projectionDelta(rows(), rows((r) => (r.package.purpose = 'two trenches'))).moneyOrScore).toBe(false);
  });

  it('should have nothing to write when nothing changed', () => {
    expect(isEmptyDelta(projectionDelta(rows(), rows()))).toBe(true);
  });
});
