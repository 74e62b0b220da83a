// CPU per REST-row projection of one package document (libs/collab alone, no PostgreSQL): the
// whole projection (`projectSnapshot`, as every projection ran before) against the incremental one
// (`projectParts` of the parts the changes since the last projection touched), on the demo
// fixture with a narrative typed at random positions. Two kinds of change between projections:
// narrative typing (the relay benchmark's load) and a unit cost edit.
//   npx esbuild tools/bench/projection-micro.ts --bundle --platform=node --outfile=tmp/projection-micro.cjs && node tmp/projection-micro.cjs [items] [projections]
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import {
  analyzeUpdateScope,
  createPackageDoc,
  departmentSection,
  listCostLines,
  populateDocument,
  projectionPartsOf,
  projectParts,
  projectSnapshot,
  setUnitCost,
  sharedText,
  type ProjectionPart,
} from '@zerobase/collab';
import { renovationPackage } from '../../libs/collab/src/testing/fixtures';

const ITEMS = Number(process.argv[2] ?? 20_000);
const PROJECTIONS = Number(process.argv[3] ?? 2_000);
const EDITS_PER_PROJECTION = 5;

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function main(): void {
  const gen = prng.create(7);
  const doc = createPackageDoc();
  populateDocument(doc, renovationPackage());
  const text = sharedText(doc, 'narrative');
  for (let i = 0; i < ITEMS; i++) text.insert(prng.int32(gen, 0, text.length), prng.letter(gen));
  const departmentIds = ['housing', 'planning', 'power', 'telecom'];
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const edits: Record<string, (c: Y.Doc) => void> = {
    narrative: (c) => sharedText(c, 'narrative').insert(prng.int32(gen, 0, sharedText(c, 'narrative').length), prng.letter(gen)),
    'unit cost': (c) => {
      const lines = listCostLines(c, departmentSection('power'));
      setUnitCost(c, departmentSection('power'), prng.oneOf(gen, lines).id, prng.int32(gen, 1, 1_000_000));
    },
  };
  for (const [kind, edit] of Object.entries(edits)) {
    let whole = 0;
    let incremental = 0;
    for (let p = 0; p < PROJECTIONS; p++) {
      const touched = new Set<ProjectionPart>();
      for (let e = 0; e < EDITS_PER_PROJECTION; e++) {
        const before = Y.encodeStateVector(client);
        edit(client);
        const update = Y.encodeStateAsUpdate(client, before);
        projectionPartsOf(analyzeUpdateScope(doc, update).paths, touched);
        Y.applyUpdate(doc, update);
      }
      whole += cpuMs(() => void JSON.stringify(projectSnapshot(doc, { departmentIds })));
      incremental += cpuMs(() => void JSON.stringify(projectParts(doc, touched, { departmentIds })));
    }
    console.log(
      `${kind} edits (${EDITS_PER_PROJECTION} per projection), narrative ${text.length} chars from ${ITEMS} typed items: whole ${(whole / PROJECTIONS).toFixed(3)} ms, incremental ${(incremental / PROJECTIONS).toFixed(3)} ms CPU per projection`,
    );
  }
}

main();
