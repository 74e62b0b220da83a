import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import {
  MONEY_OR_SCORE_PARTS,
  PART_FIELDS,
  PROJECTION_PARTS,
  projectionPartOf,
  projectionPartsOf,
  projectParts,
  projectsPromptly,
  WHOLE_TEXT_PARTS,
  type ProjectionPart,
  type SnapshotParts,
} from './projection-parts';
import { projectSnapshot } from './projection';
import { addActivity, removeActivity, setLevel, updateActivity, listRows } from './row-access';
import { departmentNotes, departmentSection, sharedText, SHARED_SECTION } from './schema';
import { setContingencyBasisPoints } from './shared-fields';
import { renovationPackage } from './testing/fixtures';
import { DEPARTMENTS, randomEdit, type Editor } from './testing/random-edit';
import { analyzeUpdateScope } from './update-scope';

/** Every projection part's fields of the whole projection. */
function wholeParts(doc: Y.Doc, departmentIds: readonly string[]): SnapshotParts {
  const snapshot = projectSnapshot(doc, { departmentIds });
  const out: SnapshotParts = {};
  for (const part of PROJECTION_PARTS) for (const field of PART_FIELDS[part]) Object.assign(out, { [field]: snapshot[field] });
  return out;
}

/** Edits the random-edit helper does not make: narrative, notes, contingency, levels, activities. */
function otherEdit(gen: prng.PRNG, editor: Editor): void {
  const { doc } = editor;
  const own = editor.department ? departmentSection(editor.department) : SHARED_SECTION;
  switch (prng.int32(gen, 0, 5)) {
    case 0: {
      const text = sharedText(doc, 'narrative');
      text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
      break;
    }
    case 1:
      if (editor.department) departmentNotes(doc, editor.department).insert(0, prng.word(gen, 1, 4));
      else sharedText(doc, 'consequencesOfNotFunding').insert(0, prng.word(gen, 1, 4));
      break;
    case 2:
      if (!editor.department) setContingencyBasisPoints(doc, prng.int32(gen, 0, 2000));
      break;
    case 3:
      if (!editor.department) setLevel(doc, { level: prng.oneOf(gen, ['minimum', 'current', 'enhanced'] as const), description: prng.word(gen, 1, 5), costFen: prng.int32(gen, 1, 1000), outcome: '' });
      break;
    case 4:
      addActivity(doc, own, { id: `a-${doc.clientID}-${editor.counter++}`, name: prng.word(gen, 1, 5), start: '2027-01', end: '2027-06' });
      break;
    case 5: {
      const activities = listRows(doc, own, 'activities');
      if (!activities.length) break;
      const target = prng.oneOf(gen, activities).id;
      if (prng.bool(gen)) updateActivity(doc, own, target, { name: prng.word(gen, 1, 5) });
      else removeActivity(doc, own, target);
      break;
    }
  }
}

describe('projectionPartOf', () => {
  it('maps the paths an update touches to projection parts', () => {
    expect(projectionPartOf('shared/narrative')).toBe('narrative');
    expect(projectionPartOf('shared.title')).toBe('title');
    expect(projectionPartOf('shared.contingencyBasisPoints')).toBe('contingency');
    expect(projectionPartOf('dept:power/costLines/DP-01-l1.unitCostFen')).toBe('costLines');
    expect(projectionPartOf('dept:power/costLines')).toBe('costLines');
    expect(projectionPartOf('shared/costSplit.power')).toBe('costSplit');
    expect(projectionPartOf('shared/levels/minimum.costFen')).toBe('levels');
    expect(projectionPartOf('dept:power/notes')).toBeNull();
    expect(projectionPartOf('shared.schemaVersion')).toBeNull();
    // not known: the whole document is projected
    expect(projectionPartOf('shared.somethingElse')).toBeUndefined();
    expect(projectionPartOf('dept:power/narrative')).toBeUndefined();
    expect(projectionPartOf('other/narrative')).toBeUndefined();
    expect(projectionPartsOf(['shared/narrative', 'shared.bogus'])).toBeNull();
  });

  it('counts cost lines, split, contingency, levels and title as money or score, texts never', () => {
    const money = (path: string) => MONEY_OR_SCORE_PARTS.has(projectionPartOf(path) as ProjectionPart);
    expect(money('dept:power/costLines/l1.unitCostFen')).toBe(true);
    expect(money('shared/costSplit.power')).toBe(true);
    expect(money('shared.contingencyBasisPoints')).toBe(true);
    expect(money('shared/levels')).toBe(true);
    expect(money('shared.title')).toBe(true);
    for (const text of ['shared/narrative', 'shared/purpose', 'shared/objectives', 'shared/kpis', 'shared/risks', 'dept:power/notes', 'dept:power/activities']) expect(money(text)).toBe(false);
  });
});

describe('projectsPromptly: the cadence of a projection', () => {
  it('lets changes to whole texts only wait, and nothing else', () => {
    expect(projectsPromptly(new Set(['narrative']))).toBe(false);
    expect(projectsPromptly(new Set(['purpose', 'narrative', 'consequencesOfNotFunding']))).toBe(false);
    // notes are not projected: nothing to hurry
    expect(projectsPromptly(projectionPartsOf(['dept:power/notes']))).toBe(false);
    expect(projectsPromptly(new Set())).toBe(false);
    // the positive markers: any other part, or not knowing the parts
    expect(projectsPromptly(new Set(['narrative', 'costLines']))).toBe(true);
    expect(projectsPromptly(new Set(['objectives']))).toBe(true);
    expect(projectsPromptly(null)).toBe(true);
    for (const part of PROJECTION_PARTS) expect(projectsPromptly(new Set([part]))).toBe(!WHOLE_TEXT_PARTS.has(part));
    // what ranking, allocation and the invariants read is never left waiting
    for (const part of MONEY_OR_SCORE_PARTS) expect(WHOLE_TEXT_PARTS.has(part)).toBe(false);
  });
});

describe('projectParts: incremental projection', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`gives the whole projection's fields after random edit sequences (seed ${seed})`, () => {
      const gen = prng.create(seed);
      const server = createPackageDoc();
      populateDocument(server, renovationPackage());
      const known = ['housing', 'planning', 'power', 'telecom'];
      const editors: Editor[] = [null, ...DEPARTMENTS].map((department) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
        return { doc, department, counter: 0 };
      });
      let source = wholeParts(server, known);
      let touched: Set<ProjectionPart> | null = new Set();
      let incremental = 0;
      for (let step = 0; step < 200; step++) {
        const editor = prng.oneOf(gen, editors);
        const before = Y.encodeStateVector(editor.doc);
        if (prng.int32(gen, 0, 2) === 0) otherEdit(gen, editor);
        else randomEdit(gen, editor);
        const update = Y.encodeStateAsUpdate(editor.doc, before);
        // as the server does: the scope of the update, found before it is merged
        const scope = analyzeUpdateScope(server, update);
        touched = touched && !scope.unknown ? projectionPartsOf(scope.paths, touched) : null;
        Y.applyUpdate(server, update);
        for (const other of editors) if (other !== editor) Y.applyUpdate(other.doc, update);
        if (prng.int32(gen, 0, 3) === 0) {
          if (touched) {
            source = { ...source, ...projectParts(server, touched, { departmentIds: known }) };
            incremental++;
          } else source = wholeParts(server, known);
          expect(source).toEqual(wholeParts(server, known));
          touched = new Set();
        }
      }
      expect(incremental).toBeGreaterThan(20);
    });
  }

  for (const seed of [7, 8, 9]) {
    it(`with texts projected at their own cadence: prompt parts always current, everything after a flush (seed ${seed})`, () => {
      const gen = prng.create(seed);
      const server = createPackageDoc();
      populateDocument(server, renovationPackage());
      const known = ['housing', 'planning', 'power', 'telecom'];
      const editors: Editor[] = [null, ...DEPARTMENTS].map((department) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
        return { doc, department, counter: 0 };
      });
      const withoutTexts = (parts: SnapshotParts) => Object.fromEntries(Object.entries(parts).filter(([field]) => !(WHOLE_TEXT_PARTS as ReadonlySet<string>).has(field)));
      let source = wholeParts(server, known);
      let touched: Set<ProjectionPart> | null = new Set();
      const runs = { prompt: 0, texts: 0, waiting: 0 };
      const project = () => {
        source = touched ? { ...source, ...projectParts(server, touched, { departmentIds: known }) } : wholeParts(server, known);
        touched = new Set();
      };
      for (let step = 0; step < 300; step++) {
        const editor = prng.oneOf(gen, editors);
        const before = Y.encodeStateVector(editor.doc);
        // narrative typing half of the time, as people type
        if (prng.bool(gen)) {
          const text = sharedText(editor.doc, 'narrative');
          text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
        } else if (prng.int32(gen, 0, 2) === 0) otherEdit(gen, editor);
        else randomEdit(gen, editor);
        const update = Y.encodeStateAsUpdate(editor.doc, before);
        const scope = analyzeUpdateScope(server, update);
        touched = touched && !scope.unknown ? projectionPartsOf(scope.paths, touched) : null;
        Y.applyUpdate(server, update);
        for (const other of editors) if (other !== editor) Y.applyUpdate(other.doc, update);
        // the prompt cadence projects what is touched (texts waiting with it) when a prompt part is among it
        if (projectsPromptly(touched) && prng.int32(gen, 0, 2) === 0) {
          project();
          runs.prompt++;
          expect(source).toEqual(wholeParts(server, known));
        } else if (touched && touched.size > 0 && !projectsPromptly(touched)) {
          // texts only: what is not a text is current without a projection
          expect(withoutTexts(source)).toEqual(withoutTexts(wholeParts(server, known)));
          runs.waiting++;
          // the text cadence, far less often
          if (prng.int32(gen, 0, 9) === 0) {
            project();
            runs.texts++;
            expect(source).toEqual(wholeParts(server, known));
          }
        }
      }
      // a flush: every row current
      project();
      expect(source).toEqual(wholeParts(server, known));
      expect(runs.prompt).toBeGreaterThan(10);
      expect(runs.texts).toBeGreaterThan(2);
      expect(runs.waiting).toBeGreaterThan(20);
    });
  }

  it('reads only the parts asked for', () => {
    const doc = createPackageDoc();
    populateDocument(doc, renovationPackage());
    expect(Object.keys(projectParts(doc, new Set(['narrative'])))).toEqual(['narrative']);
    expect(Object.keys(projectParts(doc, new Set(['costLines'])))).toEqual(['costLines', 'sharedCostLines']);
  });
});
