import { departmentSection, projectSnapshot, setContingencyBasisPoints, setLevel, setList, setUnitCost, sharedText } from '@zerobase/collab';
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
/** a second server whose texts-only changes wait a minute: only a flush projects them within a test */
let slow: DemoServer;
let slowTokens: Record<string, string>;
let slowPackages: Map<string, string>;
const clients: CollabClient[] = [];
const sockets: Socket[] = [];

const open = (code: string, who: string, on: 'default' | 'slow' = 'default') => {
  const client = on === 'slow' ? connectCollab(slow.api.baseUrl, slowPackages.get(code)!, slowTokens[who]) : connectCollab(server.api.baseUrl, packages.get(code)!, tokens[who]);
  clients.push(client);
  return client;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex');

async function signedIn(demo: DemoServer) {
  const signed: Record<string, string> = {};
  for (const who of ['coordinator', 'power']) signed[who] = (await demo.as(who)).token!;
  const list = (await (await demo.as('coordinator')).get(`/api/cycles/${demo.cycleId}/packages`)).body;
  return { signed, ids: new Map<string, string>(list.map((p: { code: string; id: string }) => [p.code, p.id])) };
}

beforeAll(async () => {
  [server, slow] = await Promise.all([startDemoServer(), startDemoServer({ COLLAB_TEXT_PROJECTION_DELAY_MS: '60000' })]);
  ({ signed: tokens, ids: packages } = await signedIn(server));
  ({ signed: slowTokens, ids: slowPackages } = await signedIn(slow));
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of sockets) s.close();
  await Promise.all([server?.close(), slow?.close()]);
});

/** The rows the whole projection of `doc` consists of, as stored (department codes → ids). */
async function expectedRows(doc: Y.Doc, departmentCodes: string[], on: DemoServer = server) {
  const ids = new Map((await on.db.query<{ id: string; code: string }>(`SELECT id, code FROM department`)).map((d) => [d.code, d.id]));
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

async function storedRows(packageId: string, on: DemoServer = server) {
  const [pkg] = await on.db.query(`SELECT title, purpose, contingency_bp, details FROM decision_package WHERE id = $1`, [packageId]);
  const lines = await on.db.query(
    `SELECT id, department_id, category, description, location, quantity_milli::text, unit, unit_cost_fen::text, year, position FROM cost_line WHERE package_id = $1 ORDER BY position`,
    [packageId],
  );
  const shares = await on.db.query(`SELECT department_id, share_bp FROM package_department WHERE package_id = $1 ORDER BY department_id::text`, [packageId]);
  return { pkg, lines, shares };
}

/**
 * 120 seeded random edits by the coordinator and the power liaison: narrative typing (often the
 * last edits before a pause), contingency, levels and the random-edit helper's rows and lists.
 * Some land in one projection, others in the next: money changes are projected ≤ 150 ms after
 * them, changes to texts only ≤ `COLLAB_TEXT_PROJECTION_DELAY_MS` (1 s by default).
 */
async function randomEdits(coordinator: Y.Doc, power: Y.Doc, seed: number): Promise<void> {
  const editors: Editor[] = [
    { doc: coordinator, department: null, counter: 0 },
    { doc: power, department: 'power', counter: 0 },
  ];
  const gen = prng.create(seed);
  for (let step = 0; step < 120; step++) {
    const editor = prng.oneOf(gen, editors);
    const roll = prng.int32(gen, 0, 9);
    if (roll < 3) {
      const text = sharedText(editor.doc, 'narrative');
      text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
    } else if (roll === 3 && editor.department === null) setContingencyBasisPoints(editor.doc, prng.int32(gen, 0, 1500));
    else if (roll === 4 && editor.department === null) setLevel(editor.doc, { level: 'minimum', description: prng.word(gen, 1, 5), costFen: prng.int32(gen, 1, 10_000), outcome: '' });
    else randomEdit(gen, editor);
    if (prng.int32(gen, 0, 3) === 0) await sleep(prng.int32(gen, 0, 250));
  }
}

const projectedState = async (on: DemoServer, packageId: string) =>
  (await on.db.query<{ sv: Buffer }>(`SELECT state_vector AS sv FROM doc_projection WHERE doc_id = $1`, [packageId]))[0]?.sv.toString('hex');

const narrativeRow = async (on: DemoServer, packageId: string) => (await on.db.query<{ n: string }>(`SELECT details->>'narrative' AS n FROM decision_package WHERE id = $1`, [packageId]))[0]?.n ?? '';

describe('incremental projection of co-edited packages', () => {
  it('stores the same rows as the whole projection after random edit sequences', async () => {
    const code = 'DP-02';
    const packageId = packages.get(code)!;
    const coordinator = open(code, 'coordinator');
    const power = open(code, 'power');
    await Promise.all([coordinator.synced(), power.synced()]);
    await randomEdits(coordinator.doc, power.doc, 11);
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

describe('texts projected at their own cadence (texts-only changes wait a minute on this server)', () => {
  it('leaves a narrative edit to the text cadence while a list edit after it is projected at once; a stage move projects it', async () => {
    const [textCode, titleCode] = ['DP-03', 'DP-04'];
    const typist = open(textCode, 'coordinator', 'slow');
    const watcher = open(textCode, 'coordinator', 'slow');
    const other = open(titleCode, 'coordinator', 'slow');
    await Promise.all([typist.synced(), watcher.synced(), other.synced()]);
    // a document's first projection in an instance reads it whole, promptly: done before the narrative edit
    setList(typist.doc, 'objectives', ['projected first']);
    await eventually(() => projectedState(slow, slowPackages.get(textCode)!), (sv) => sv === stateOf(typist.doc), 10_000, 'the first projection');
    sharedText(typist.doc, 'narrative').insert(0, 'typed before the move. ');
    // relayed = committed (the relay is durable): the edit is in the document on the server
    await eventually(() => sharedText(watcher.doc, 'narrative').toString(), (n) => n.startsWith('typed before the move. '), 10_000, 'the narrative edit relayed');
    setList(other.doc, 'objectives', ['projected at once']);
    // the positive marker: a change to a list (not a whole text), committed after the narrative edit, is projected
    await eventually(
      async () => (await slow.db.query<{ o: string[] }>(`SELECT details->'objectives' AS o FROM decision_package WHERE id = $1`, [slowPackages.get(titleCode)]))[0]?.o,
      (o) => JSON.stringify(o) === JSON.stringify(['projected at once']),
      10_000,
      'the objectives edit projected',
    );
    await sleep(500); // the narrative edit's prompt projection, had there been one, would have been written by now
    expect(await narrativeRow(slow, slowPackages.get(textCode)!)).not.toContain('typed before the move.');

    // a stage move reads exact rows: what waits for the text cadence is projected first
    const coordinator = await slow.as('coordinator');
    const pkg = (await coordinator.get(`/api/packages/${slowPackages.get(textCode)}`)).body;
    const moved = await coordinator.patch(`/api/packages/${pkg.id}`, { version: pkg.version, stage: 'review' });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toBe('review');
    expect(await narrativeRow(slow, pkg.id)).toBe(sharedText(watcher.doc, 'narrative').toString());
  });

  it('projects texts waiting for their cadence with the next money change, and announces that change', async () => {
    const code = 'DP-05';
    const packageId = slowPackages.get(code)!;
    const socket = io(slow.api.baseUrl, { path: '/socket.io', auth: { token: slowTokens.coordinator }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.on('ready', () => resolve()));
    const pushed: any[] = [];
    socket.on('ranking', (r) => pushed.push(r));
    const requested = (r: any) => r?.perPackage?.find((p: any) => p.packageId === packageId)?.requestedFen;
    const coordinator = open(code, 'coordinator', 'slow');
    await coordinator.synced();
    setContingencyBasisPoints(coordinator.doc, 500); // the document's first projection in this instance
    await eventually(() => pushed.length, (n) => n > 0, 10_000, 'first ranking push');
    await sleep(1_500);
    const settled = pushed.length;
    const baseline = requested(pushed.at(-1));
    expect(baseline).toBeGreaterThan(0);

    sharedText(coordinator.doc, 'narrative').insert(0, 'with the money. ');
    setContingencyBasisPoints(coordinator.doc, 1000);
    // the contingency change is projected and announced promptly, the narrative typed before it with it
    await eventually(() => pushed.slice(settled).map(requested), (fens) => fens.some((fen) => fen !== baseline), 10_000, 'push of the contingency edit');
    expect(await narrativeRow(slow, packageId)).toContain('with the money. ');
  });

  it('stores the same rows as the whole projection after random edits once a REST edit flushes the projection', async () => {
    const code = 'DP-02';
    const packageId = slowPackages.get(code)!;
    const coordinator = open(code, 'coordinator', 'slow');
    const power = open(code, 'power', 'slow');
    await Promise.all([coordinator.synced(), power.synced()]);
    await randomEdits(coordinator.doc, power.doc, 29);
    await eventually(() => [stateOf(coordinator.doc), stateOf(power.doc)], ([a, b]) => a === b, 15_000, 'convergence');
    // a money change projects promptly, and takes every text edit not yet projected with it
    setContingencyBasisPoints(coordinator.doc, 777);
    await eventually(() => projectedState(slow, packageId), (sv) => sv === stateOf(coordinator.doc), 10_000, 'the contingency edit projected');
    expect(await narrativeRow(slow, packageId)).toBe(sharedText(coordinator.doc, 'narrative').toString());
    // then narrative typing only: its projection waits for the text cadence (a minute here)
    for (const doc of [coordinator.doc, power.doc]) sharedText(doc, 'narrative').insert(0, 'typed last. ');
    await eventually(() => [stateOf(coordinator.doc), stateOf(power.doc)], ([a, b]) => a === b, 15_000, 'convergence');
    const narrative = sharedText(coordinator.doc, 'narrative').toString();
    await sleep(500);
    expect(await narrativeRow(slow, packageId)).not.toContain('typed last. ');

    // a REST edit goes through the document and flushes the projection before it answers
    const rest = await slow.as('coordinator');
    const pkg = (await rest.get(`/api/packages/${packageId}`)).body;
    expect((await rest.patch(`/api/packages/${packageId}`, { version: pkg.version, objectives: ['flushed'] })).status).toBe(200);
    const recorded = await projectedState(slow, packageId);
    await eventually(() => stateOf(coordinator.doc), (sv) => sv === recorded, 10_000, 'the REST edit relayed to the client');
    const departmentCodes = ['housing', 'planning', 'city', 'power', 'telecom'];
    const [stored, expected] = [await storedRows(packageId, slow), await expectedRows(coordinator.doc, departmentCodes, slow)];
    expect((stored.pkg as { details: { narrative: string } }).details.narrative).toBe(narrative);
    const inSplit = new Set(expected.shares.map((s) => s.department_id));
    expect({ ...stored, shares: stored.shares.filter((s) => inSplit.has(s.department_id as string)) }).toEqual(expected);
  });
});
