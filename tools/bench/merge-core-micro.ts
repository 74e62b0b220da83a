// Server CPU per update through the merge core alone (no sockets, no PostgreSQL): the package
// document of the demo fixture with a narrative typed at random positions, then one-character
// inserts (and some deletes) at random positions, each through diff → section rights → content
// rules (ContentGuard, as DocumentIntegrity wires it) → merge → in-memory store.
//   npx esbuild tools/bench/merge-core-micro.ts --bundle --platform=node --outfile=tmp/merge-core-micro.cjs && node tmp/merge-core-micro.cjs [items] [updates]
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { ContentGuard, createPackageDoc, MergeCore, populateDocument, sectionRights, sharedText } from '@zerobase/collab';
import { renovationPackage } from '../../libs/collab/src/testing/fixtures';

const ITEMS = Number(process.argv[2] ?? 20_000);
const UPDATES = Number(process.argv[3] ?? 3_000);
const DELETE_SHARE = Number(process.argv[4] ?? 0.1);

async function main(): Promise<void> {
  const gen = prng.create(42);
  const server = createPackageDoc();
  populateDocument(server, renovationPackage());
  const writer = new Y.Doc();
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
  const text = sharedText(writer, 'narrative');
  for (let i = 0; i < ITEMS; i++) text.insert(prng.int32(gen, 0, text.length), prng.letter(gen));
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
  const guard = new ContentGuard(server);
  const author = { rights: { writeShared: true, writeDepartments: 'all' as const } };
  const core = new MergeCore<typeof author>({
    doc: server,
    authorizers: [sectionRights, (change) => {
      const reason = guard.check(change.update, change);
      return reason ? { code: 'integrity', reason } : null;
    }],
    store: { append: () => Promise.resolve() },
    relay: { relay: () => undefined },
  });
  const updates: Uint8Array[] = [];
  writer.on('update', (u: Uint8Array) => updates.push(u));
  const run = async (n: number): Promise<number> => {
    let cpu = 0;
    for (let i = 0; i < n; i++) {
      updates.length = 0;
      if (text.length > 10 && prng.real53(gen) < DELETE_SHARE) text.delete(prng.int32(gen, 0, text.length - 3), prng.int32(gen, 1, 3));
      else text.insert(prng.int32(gen, 0, text.length), prng.letter(gen));
      const update = updates[0] as Uint8Array;
      const start = process.cpuUsage();
      const result = await core.apply(update, author);
      const used = process.cpuUsage(start);
      cpu += used.user + used.system;
      if (result.status !== 'accepted') throw new Error(`${result.status}: ${'reason' in result ? result.reason : ''}`);
    }
    return cpu / 1000 / n;
  };
  await run(Math.min(500, UPDATES)); // warm-up
  const perUpdate = await run(UPDATES);
  console.log(`narrative ${text.length} chars, ${ITEMS} typed items; ${UPDATES} updates (${DELETE_SHARE * 100} % deletes): ${perUpdate.toFixed(3)} ms CPU per update`);
}

void main();
