import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { foldLastChanges, isMarkedFor, mergeLastChanges, type LoggedChange } from './last-changes';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import { addCostLine, setUnitCost } from './row-access';
import { departmentSection } from './schema';
import { setSharedText, setTitle } from './shared-fields';
import { renovationPackage } from './testing/fixtures';
import { analyzeUpdateScope } from './update-scope';

/** The edit-log paths the server records for an edit of `doc` (the edit is applied to it). */
function edit(doc: Y.Doc, change: (copy: Y.Doc) => void): string[] {
  const copy = createPackageDoc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  const update = Y.encodeStateAsUpdate(copy, before);
  const paths = [...analyzeUpdateScope(doc, update).paths];
  Y.applyUpdate(doc, update);
  return paths;
}

const entry = (id: string, at: string, who: string, department: string | null, paths: string[]): LoggedChange => ({
  id,
  at,
  userId: `u-${who}`,
  userName: who,
  department,
  paths,
});

const summary = (map: Map<string, { userName: string | null; entryId: string }>) => Object.fromEntries([...map].map(([path, c]) => [path, `${c.userName}#${c.entryId}`]));

describe('foldLastChanges', () => {
  const doc = createPackageDoc();
  populateDocument(doc, renovationPackage());
  const telecomCost = edit(doc, (d) => setUnitCost(d, departmentSection('telecom'), 'l-telecom-1', 1_600_000_000));
  const powerPurpose = edit(doc, (d) => setSharedText(d, 'purpose', 'Renovate jointly.'));
  const telecomPurposeAndTitle = edit(doc, (d) => {
    setSharedText(d, 'purpose', 'Renovate the lines jointly.');
    setTitle(d, 'Joint renovation');
  });
  const powerCost = edit(doc, (d) => setUnitCost(d, departmentSection('power'), 'l-power-1', 1_700_000_000));
  const log = [
    entry('11', '2026-12-02T10:31:00.000Z', 'telecom', 'telecom', telecomCost),
    entry('12', '2026-12-02T10:32:00.000Z', 'power', 'power', powerPurpose),
    entry('13', '2026-12-02T10:33:00.000Z', 'telecom', 'telecom', telecomPurposeAndTitle),
    entry('14', '2026-12-02T10:34:00.000Z', 'power', 'power', powerCost),
  ];

  it('should keep the latest change of each path the server records for real edits', () => {
    expect(telecomCost).toEqual(['dept:telecom/costLines/l-telecom-1.unitCostFen']);
    expect(summary(foldLastChanges(log))).toEqual({
      'dept:telecom/costLines/l-telecom-1.unitCostFen': 'telecom#11',
      'shared/purpose': 'telecom#13',
      'shared.title': 'telecom#13',
      'dept:power/costLines/l-power-1.unitCostFen': 'power#14',
    });
    expect(foldLastChanges(log).get('shared/purpose')).toEqual({
      path: 'shared/purpose',
      entryId: '13',
      at: '2026-12-02T10:33:00.000Z',
      userId: 'u-telecom',
      userName: 'telecom',
      department: 'telecom',
    });
  });

  it('should give the same result whatever the order of the entries', () => {
    const expected = summary(foldLastChanges(log));
    expect(summary(foldLastChanges([...log].reverse()))).toEqual(expected);
    expect(summary(foldLastChanges([log[2], log[0], log[3], log[1]]))).toEqual(expected);
  });

  it('should fold newer entries into an earlier result, and the same entries twice change nothing', () => {
    const earlier = foldLastChanges(log.slice(0, 2));
    expect(earlier.get('shared/purpose')?.userName).toBe('power');
    const later = foldLastChanges(log.slice(1), earlier);
    expect(later).toBe(earlier);
    expect(summary(later)).toEqual(summary(foldLastChanges(log)));
    expect(summary(foldLastChanges(log, foldLastChanges(log)))).toEqual(summary(foldLastChanges(log)));
  });

  it('should merge an answer about a later span of the log into an earlier one, as folding the whole log does', () => {
    const earlier = foldLastChanges(log.slice(0, 2));
    const later = [...foldLastChanges(log.slice(2)).values()];
    expect(summary(mergeLastChanges(later, earlier))).toEqual(summary(foldLastChanges(log)));
    // an overlapping answer (the span asked again) and an older one change nothing
    expect(summary(mergeLastChanges([...foldLastChanges(log).values()], earlier))).toEqual(summary(foldLastChanges(log)));
    expect(summary(mergeLastChanges([...foldLastChanges(log.slice(0, 1)).values()], earlier))).toEqual(summary(foldLastChanges(log)));
  });

  it('should order entries of the same instant by id, as numbers', () => {
    const at = '2026-12-02T10:40:00.000Z';
    const folded = foldLastChanges([entry('10', at, 'power', 'power', ['shared.title']), entry('9', at, 'telecom', 'telecom', ['shared.title'])]);
    expect(folded.get('shared.title')?.userName).toBe('power');
    // a time written with another offset is the same instant
    const offset = foldLastChanges([entry('20', '2026-12-02T18:40:00.000+08:00', 'power', 'power', ['shared.title']), entry('19', at, 'telecom', 'telecom', ['shared.title'])]);
    expect(offset.get('shared.title')?.userName).toBe('power');
  });

  it('should record rows added or removed on the collection, and skip paths that name no field', () => {
    const added = edit(doc, (d) =>
      addCostLine(d, departmentSection('telecom'), { id: 'l-telecom-2', category: 'materials', description: 'Fibre', quantityMilli: 1000, unit: 'km', unitCostFen: 1, year: 2025 }),
    );
    const folded = foldLastChanges([entry('30', '2026-12-02T11:00:00.000Z', 'telecom', 'telecom', [...added, 'shared.schemaVersion', 'evil/root'])]);
    expect([...folded.keys()]).toEqual(['dept:telecom/costLines']);
  });

  it('should give nothing for no entries or entries without paths', () => {
    expect(foldLastChanges([]).size).toBe(0);
    expect(foldLastChanges([entry('1', '2026-12-02T09:00:00.000Z', 'system', null, [])]).size).toBe(0);
  });
});

describe('isMarkedFor', () => {
  const powerLiaison = { coordinator: false, departments: new Set(['power']) };
  const coordinator = { coordinator: true, departments: new Set<string>() };
  const reviewer = { coordinator: false, departments: new Set<string>() };

  it('should mark changes by other departments for a liaison, not those by their own', () => {
    expect(isMarkedFor({ department: 'telecom' }, powerLiaison)).toBe(true);
    expect(isMarkedFor({ department: 'power' }, powerLiaison)).toBe(false);
    expect(isMarkedFor({ department: 'power' }, { coordinator: false, departments: new Set(['power', 'telecom']) })).toBe(false);
  });

  it('should mark every department change for coordinators and for members of no department', () => {
    expect(isMarkedFor({ department: 'power' }, coordinator)).toBe(true);
    expect(isMarkedFor({ department: 'telecom' }, reviewer)).toBe(true);
  });

  it('should not mark changes made by no department (coordinators, the system)', () => {
    expect(isMarkedFor({ department: null }, powerLiaison)).toBe(false);
    expect(isMarkedFor({ department: null }, coordinator)).toBe(false);
  });
});
