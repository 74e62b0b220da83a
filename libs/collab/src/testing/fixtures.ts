/** Test fixtures: demo package content and a tiny in-memory "server" relaying updates. Not exported. */
import * as Y from 'yjs';
import { wanYuanToFen, type DecisionPackage } from '@zerobase/domain';
import type { EditConflict } from '../conflicts';
import { conflictsOfUpdate } from '../conflicts';
import { DeletedTextMemory } from '../text-rewrites';
import { admitUpdate, mergeUpdate, sectionRights } from '../merge-core';
import { createPackageDoc } from '../package-doc';
import { populateDocument } from '../populate';
import type { AuthorizationRefusal, AuthorizationResult, WriteRights } from '../update-scope';

/** The old-residential renovation, before joint budgeting (amounts in 万元 = 10 000 yuan). */
export function renovationPackage(): DecisionPackage {
  const wan = wanYuanToFen;
  return {
    id: 'pkg-renovation',
    cycleId: 'cycle-2025',
    code: 'DP-2025-001',
    title: '老旧小区改造',
    purpose: 'Renovate the old residential area jointly.',
    objectives: ['resident satisfaction ≥ 80 %', 'cycle time −20 %'],
    leadDepartmentId: 'housing',
    departmentIds: ['housing', 'planning', 'power', 'telecom'],
    stage: 'drafting',
    published: false,
    contingencyBasisPoints: 1000,
    activities: [
      { id: 'act-survey', departmentId: 'planning', name: 'Layout survey', start: '2025-03-01', end: '2025-04-30' },
      { id: 'act-kickoff', departmentId: null, name: 'Joint kickoff meeting', start: '2025-02-15', end: '2025-02-15' },
    ],
    costLines: [
      { id: 'l-housing-1', departmentId: 'housing', category: 'materials', description: 'Structural repairs', quantityMilli: 1000, unit: 'lot', unitCostFen: wan(3000), year: 2025 },
      { id: 'l-planning-1', departmentId: 'planning', category: 'services', description: 'Layout planning', quantityMilli: 1000, unit: 'lot', unitCostFen: wan(2000), year: 2025 },
      { id: 'l-power-1', departmentId: 'power', category: 'machinery', description: 'Line work', quantityMilli: 1000, unit: 'km', unitCostFen: wan(1500), year: 2025 },
      { id: 'l-telecom-1', departmentId: 'telecom', category: 'machinery', description: 'Line work', quantityMilli: 1000, unit: 'km', unitCostFen: wan(1500), year: 2025 },
    ],
    levels: [
      { level: 'minimum', description: 'Safety repairs only', costFen: wan(3000), outcome: 'no collapse risk' },
      { level: 'current', description: 'Repairs and layout', costFen: wan(2000), outcome: 'usable public space' },
    ],
    kpis: [{ id: 'kpi-satisfaction', name: 'Resident satisfaction', unit: '%', baseline: 60, target: 80, direction: 'increase' }],
    risks: [{ id: 'risk-weather', description: 'Rainy season delays', mitigation: 'Schedule trench work in spring' }],
    alternatives: ['Demolish and rebuild', 'Do nothing'],
    consequencesOfNotFunding: 'Residents keep living with unsafe wiring.',
    costSplit: [
      { departmentId: 'housing', basisPoints: 4000 },
      { departmentId: 'planning', basisPoints: 2000 },
      { departmentId: 'power', basisPoints: 2000 },
      { departmentId: 'telecom', basisPoints: 2000 },
    ],
    version: 3,
    submittedAt: null,
  };
}

/** Copy everything `to` lacks from `from`. */
export function syncOneWay(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

export function syncBoth(a: Y.Doc, b: Y.Doc): void {
  syncOneWay(a, b);
  syncOneWay(b, a);
}

/** The authoritative document plus what the api would do with each incoming update. */
export class TestServer {
  readonly doc: Y.Doc;
  readonly conflicts: EditConflict[] = [];
  readonly refusals: AuthorizationResult[] = [];
  readonly deletedText = new DeletedTextMemory();

  constructor(content: DecisionPackage | null = renovationPackage()) {
    this.doc = createPackageDoc();
    if (content) populateDocument(this.doc, content, 'conversion');
  }

  client(clientID?: number): Y.Doc {
    const doc = new Y.Doc();
    if (clientID !== undefined) doc.clientID = clientID;
    syncOneWay(this.doc, doc);
    return doc;
  }

  /** The merge core's own steps (admitUpdate: diff, decode, authorize), conflicts, then merge. */
  receive(update: Uint8Array, rights: WriteRights = { writeShared: true, writeDepartments: 'all' }): AuthorizationResult {
    const admission = admitUpdate(this.doc, update, { rights }, [sectionRights]);
    if (!admission.ok) {
      const refusal: AuthorizationResult = { ok: false, code: admission.code as AuthorizationRefusal, reason: admission.reason, sections: admission.sections };
      this.refusals.push(refusal);
      return refusal;
    }
    const { decoded, scope, update: diff } = admission.payload;
    this.conflicts.push(...conflictsOfUpdate(decoded, this.deletedText));
    this.deletedText.remember(decoded);
    mergeUpdate(this.doc, diff, 'remote');
    return { ok: true, sections: scope.sections, paths: scope.paths };
  }

  /** The client pushes what the server lacks (as after reconnecting), then pulls. */
  push(client: Y.Doc, rights?: WriteRights): AuthorizationResult {
    const verdict = this.receive(Y.encodeStateAsUpdate(client, Y.encodeStateVector(this.doc)), rights);
    syncOneWay(this.doc, client);
    return verdict;
  }
}
