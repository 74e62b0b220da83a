import { departmentSection, projectSnapshot, setContingencyBasisPoints, setLevel, setUnitCost, sharedText } from '@zerobase/collab';
import * as prng from 'lib0/prng';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomEdit, type Editor } from '../../libs/collab/src/testing/random-edit';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;
let tokens: Record<string, string>;
let packages: Map<string, string>;
const clients: CollabClient[] = [];
const sockets: Socket[] = [];

const open = (code: string, who: string) => {
  const client = connectCollab(server.api.baseUrl, packages.get(code)!, tokens[who]);
  clients.push(client);
  return client;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');

beforeAll(async () => {
  server = await startDemoServer();
  tokens = {};
  for (const who of ['coordinator', 'power']) tokens[who] = (await server.as(who)).token!;
  const list = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/packages`)).body;
  packages = new Map(list.map((p: { code: string; id: string }) => [p.code, p.id]));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) s.close();
  await server?.close();
});

/** The rows the whole projection of `doc` consists of, as stored (department codes → ids). */
async function expectedRows(doc: Y.Doc, departmentCodes: string[]) {
  const ids = new Map((await server.db.query<{ id: string; code: string }>(`SELECT id, code FROM department`)).map((d) => [d.code, d.id]));
  const s = projectSnapshot(doc, { departmentIds: departmentCodes });
  return {
    pkg: {
      title: s.title,
      purpose: s.purpose,
      contingency_bp: s.contingencyBasisPoints,
      details: {
        objectives: s.objectives,
        activities: s.activities.map((a) => ({ id: a.id, departmentId: a.departmentId ? ids.get(a.departmentId) : null, name: a.name, start: a.start, end: a.end })),
        levels: s.levels,
        kpis: s.kpis,
        risks: s.risks,
        alternatives: s.alternatives,
        consequencesOfNotFunding: s.consequencesOfNotFunding,
        narrative: s.narrative,
      },
    },
    lines: [...s.costLines, ...s.sharedCostLines].map((l, position) => ({
      id: l.id,
      department_id: ids.get(l.departmentId) ?? null,
      category: l.category,
      description: l.description,
      location: l.location ?? null,
      quantity_milli: String(l.quantityMilli),
      unit: l.unit,
      unit_cost_fen: String(l.unitCostFen),
      year: l.year,
      position,
    })),
    shares: s.costSplit.map((c) => ({ department_id: ids.get(c.departmentId), share_bp: c.basisPoints })).sort((a, b) => String(a.department_id).localeCompare(String(b.department_id))),
  };
}

async function storedRows(packageId: string) {
  const [pkg] = await server.db.query(`SELECT title, purpose, contingency_bp, details FROM decision_package WHERE id = $1`, [packageId]);
  const lines = await server.db.query(
    `SELECT id, department_id, category, description, location, quantity_milli::text, unit, unit_cost_fen::text, year, position FROM cost_line WHERE package_id = $1 ORDER BY position`,
    [packageId],
  );
  const shares = await server.db.query(`SELECT department_id, share_bp FROM package_department WHERE package_id = $1 ORDER BY department_id::text`, [packageId]);
  return { pkg, lines, shares };
}

describe('incremental projection of co-edited packages', () => {
  it('stores the same rows as the whole projection after random edit sequences', async () => {
    const code = 'DP-02';
    const packageId = packages.get(code)!;
    const coordinator = open(code, 'coordinator');
    const power = open(code, 'power');
    await Promise.all([coordinator.synced(), power.synced()]);
    const editors: Editor[] = [
      { doc: coordinator.doc, department: null, counter: 0 },
      { doc: power.doc, department: 'power', counter: 0 },
    ];
    const gen = prng.create(11);
    for (let step = 0; step < 120; step++) {
      const editor = prng.oneOf(gen, editors);
      const roll = prng.int32(gen, 0, 9);
      if (roll < 3) {
        const text = sharedText(editor.doc, 'narrative');
        text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
      } else if (roll === 3 && editor.department === null) setContingencyBasisPoints(editor.doc, prng.int32(gen, 0, 1500));
      else if (roll === 4 && editor.department === null) setLevel(editor.doc, { level: 'minimum', description: prng.word(gen, 1, 5), costFen: prng.int32(gen, 1, 10_000), outcome: '' });
      else randomEdit(gen, editor);
      // some edits land in one projection, others in the next (the projection runs ≤ 150 ms after a change)
      if (prng.int32(gen, 0, 3) === 0) await sleep(prng.int32(gen, 0, 250));
    }
    await eventually(() => [stateOf(coordinator.doc), stateOf(power.doc)], ([a, b]) => a === b, 15_000, 'convergence');
    // the projection has caught up with everything: it records the state it was computed from
    await eventually(
      async () => (await server.db.query<{ sv: Buffer }>(`SELECT state_vector AS sv FROM doc_projection WHERE doc_id = $1`, [packageId]))[0]?.sv.toString('hex'),
      (sv) => sv === stateOf(coordinator.doc),
      10_000,
      'projection of the last change',
    );
    const departmentCodes = ['housing', 'planning', 'city', 'power', 'telecom'];
    const [stored, expected] = [await storedRows(packageId), await expectedRows(coordinator.doc, departmentCodes)];
    expect(stored.lines.length).toBeGreaterThan(0);
    // the split updates the shares of the package's owners; an owner left out of it keeps its row
    const inSplit = new Set(expected.shares.map((s) => s.department_id));
    expect({ ...stored, shares: stored.shares.filter((s) => inSplit.has(s.department_id as string)) }).toEqual(expected);
  });

  it('pushes no ranking for a narrative edit, and one for a unit cost edit', async () => {
    const code = 'DP-01';
    const packageId = packages.get(code)!;
    const socket = io(server.api.baseUrl, { path: '/socket.io', auth: { token: tokens.coordinator }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('ready', () => resolve()));
    const pushed: any[] = [];
    socket.on('ranking', (r) => pushed.push(r));
    const requested = (r: any) => r?.perPackage?.find((p: any) => p.packageId === packageId)?.requestedFen;
    const power = open(code, 'power');
    await power.synced();
    const line = 'DP-01-l1';
    // a first money edit, pushed (the document's first projection in this instance counts as one too)
    setUnitCost(power.doc, departmentSection('power'), line, 5_000_000_00);
    const first = await eventually(() => pushed.at(-1), (r) => r !== undefined, 10_000, 'first ranking push');
    const before = requested(first);
    expect(before).toBeGreaterThan(0);
    await sleep(1_500); // what the first edits announce is pushed within RECOMPUTE_EVERY_MS + the push debounce
    const settled = pushed.length;
    const baseline = requested(pushed.at(-1));

    sharedText(power.doc, 'narrative').insert(0, 'narrative only. ');
    const narrative = async () => (await server.db.query<{ n: string }>(`SELECT details->>'narrative' AS n FROM decision_package WHERE id = $1`, [packageId]))[0]?.n ?? '';
    await eventually(narrative, (n) => n.startsWith('narrative only. '), 10_000, 'narrative projected');

    // the positive signal: a unit cost edit is pushed; a push for the narrative would have come before it
    setUnitCost(power.doc, departmentSection('power'), line, 6_000_000_00);
    await eventually(() => pushed.slice(settled).map(requested), (fens) => fens.some((fen) => fen === baseline + 1_000_000_00), 10_000, 'push of the unit cost edit');
    expect(pushed.slice(settled).map(requested)).toEqual([baseline + 1_000_000_00]);
  });
});
