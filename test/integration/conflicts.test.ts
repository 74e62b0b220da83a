import {
  SHARED_SECTION,
  addCostLine,
  departmentSection,
  getCostLine,
  getCostSplit,
  getSharedText,
  getTitle,
  removeCostLine,
  setCostShare,
  setSharedText,
  setTitle,
  setUnitCost,
  updateCostLine,
  type CostLineData,
} from '@zerobase/collab';
import { io, type Socket } from 'socket.io-client';
import type * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

const WAN = 10_000_00; // 万元 in fen

let server: DemoServer;
let coordinator: HttpClient;
let packages: Map<string, string>;
const tokens: Record<string, string> = {};
const userIds: Record<string, string> = {};
const clients: CollabClient[] = [];
const sockets: Socket[] = [];
const events: Record<string, { type: string; conflict: any }[]> = {};

const open = async (packageId: string, who: string) => {
  const client = connectCollab(server.api.baseUrl, packageId, tokens[who]);
  clients.push(client);
  await client.synced();
  return client;
};

/** Resolves once the document satisfies the check (re-evaluated on every update it receives). */
const until = (doc: Y.Doc, check: () => boolean, what: string, timeoutMs = 10_000) =>
  new Promise<void>((resolve, reject) => {
    if (check()) return resolve();
    const onUpdate = () => {
      if (!check()) return;
      clearTimeout(timer);
      doc.off('update', onUpdate);
      resolve();
    };
    const timer = setTimeout(() => {
      doc.off('update', onUpdate);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    doc.on('update', onUpdate);
  });

const conflictsOf = async (packageId: string, status = 'open') => {
  const response = await coordinator.get(`/api/packages/${packageId}/conflicts?status=${status}`);
  expect(response.status).toBe(200);
  return response.body as any[];
};

const openOfKind = (packageId: string, kind: string, count = 1) =>
  eventually(
    async () => (await conflictsOf(packageId)).filter((c) => c.kind === kind),
    (list) => list.length === count,
    10_000,
    `${count} open ${kind} record(s)`,
  );

const createPackage = async (code: string, lead: string, departments: string[], costLines: object[] = []) => {
  const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code, title: `${code} 测试包`, leadDepartment: lead, departments, contingencyBasisPoints: 0, costLines });
  expect(created.status).toBe(201);
  return created.body.id as string;
};

const line = (id: string, category: CostLineData['category'], description: string, wan: number, extra: Partial<CostLineData> = {}): CostLineData => ({
  id,
  category,
  description,
  quantityMilli: 1000,
  unit: '项',
  unitCostFen: wan * WAN,
  year: 2027,
  ...extra,
});

const lineOf = (client: CollabClient, section: string, id: string) => getCostLine(client.doc, section as typeof SHARED_SECTION, id);
const eventsFor = (who: string, conflictId: string, type: string) => events[who]!.filter((e) => e.type === type && e.conflict.id === conflictId);

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  for (const who of ['coordinator', 'power', 'telecom', 'housing', 'reviewer1']) tokens[who] = (await server.as(who)).token!;
  const list = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body;
  packages = new Map(list.map((p: { code: string; id: string }) => [p.code, p.id]));
  for (const who of ['coordinator', 'power', 'telecom', 'housing']) {
    events[who] = [];
    const socket = io(server.api.baseUrl, { path: '/socket.io', auth: { token: tokens[who] }, transports: ['websocket'] });
    sockets.push(socket);
    socket.on('conflict', (event) => events[who]!.push(event));
    userIds[who] = await new Promise<string>((resolve) => socket.once('ready', (ready: { userId: string }) => resolve(ready.userId)));
  }
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const c of clients) c.destroy();
  await server?.close();
});

describe('conflicts: concurrent overwrites found while merging', () => {
  it('should record one conflict with both values when two offline liaisons set the same unit cost, push it, and apply the coordinator’s choice', async () => {
    const id = await createPackage('CF-1', 'power', ['power', 'telecom']);
    const power = await open(id, 'power');
    const telecom = await open(id, 'telecom');
    addCostLine(power.doc, SHARED_SECTION, line('trench', 'machinery', '共用管沟开挖', 100, { location: '解放路', fromDepartmentIds: ['power', 'telecom'] }));
    await until(telecom.doc, () => lineOf(telecom, SHARED_SECTION, 'trench') !== undefined, 'the shared line');

    power.provider.disconnect();
    telecom.provider.disconnect();
    setUnitCost(power.doc, SHARED_SECTION, 'trench', 120 * WAN);
    setUnitCost(telecom.doc, SHARED_SECTION, 'trench', 130 * WAN);

    power.provider.connect();
    await eventually(
      async () => (await coordinator.get(`/api/packages/${id}`)).body.costLines.find((l: { id: string }) => l.id === 'trench')?.unitCostFen,
      (v) => v === 120 * WAN,
      10_000,
      'power’s offline edit on the server',
    );
    expect(await conflictsOf(id)).toEqual([]); // power had seen everything the server had
    telecom.provider.connect();

    const [record] = await openOfKind(id, 'concurrentOverwrite');
    expect(record).toMatchObject({
      packageCode: 'CF-1',
      key: 'overwrite:shared/costLines/trench/unitCostFen',
      path: 'shared/costLines/trench/unitCostFen',
      status: 'open',
      departments: ['power', 'telecom'],
      actions: ['keepIncoming', 'keepPrevious', 'newValue', 'dismiss'],
    });
    expect(record.competing).toHaveLength(2);
    expect(record.competing[0]).toMatchObject({ side: 'previous', value: 120 * WAN, userId: userIds.power, department: 'power', origin: 'client' });
    expect(record.competing[1]).toMatchObject({ side: 'incoming', value: 130 * WAN, userId: userIds.telecom, department: 'telecom', origin: 'client' });
    expect(Date.parse(record.competing[1].at)).toBeGreaterThanOrEqual(Date.parse(record.competing[0].at));

    // both replicas converge on one of the two values: the one Yjs kept
    await until(power.doc, () => lineOf(power, SHARED_SECTION, 'trench')?.unitCostFen === lineOf(telecom, SHARED_SECTION, 'trench')?.unitCostFen, 'convergence');
    const converged = lineOf(power, SHARED_SECTION, 'trench')!.unitCostFen;
    expect(record.details.converged).toBe(converged);

    // both liaisons and the coordinator are told; the housing liaison is not involved
    for (const who of ['power', 'telecom', 'coordinator']) {
      await eventually(() => eventsFor(who, record.id, 'created').length, (n) => n === 1, 5_000, `notification to ${who}`);
    }
    expect(eventsFor('power', record.id, 'created')[0]!.conflict.competing.map((c: { value: number }) => c.value)).toEqual([120 * WAN, 130 * WAN]);
    await new Promise((r) => setTimeout(r, 300));
    expect(events.housing!.filter((e) => e.conflict.id === record.id)).toEqual([]);
    expect(await conflictsOf(id, 'all')).toHaveLength(1); // exactly one record, resends included

    // the coordinator keeps the value Yjs dropped; every client shows it
    const keep = converged === 120 * WAN ? 'keepIncoming' : 'keepPrevious';
    const chosen = converged === 120 * WAN ? 130 * WAN : 120 * WAN;
    const resolved = await coordinator.post(`/api/conflicts/${record.id}/resolve`, { action: keep, comment: '联席会议确认' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', actions: [], resolution: { action: keep, value: chosen, comment: '联席会议确认', by: { userId: userIds.coordinator, role: 'coordinator' } } });
    expect(resolved.body.resolvedAt).not.toBeNull();
    await until(power.doc, () => lineOf(power, SHARED_SECTION, 'trench')?.unitCostFen === chosen, 'the chosen value at power');
    await until(telecom.doc, () => lineOf(telecom, SHARED_SECTION, 'trench')?.unitCostFen === chosen, 'the chosen value at telecom');
    const log = await server.db.query(`SELECT user_id FROM edit_log WHERE doc_id = $1 AND origin = 'resolution'`, [id]);
    expect(log).toEqual([{ user_id: userIds.coordinator }]);
    for (const who of ['power', 'telecom', 'coordinator']) {
      await eventually(() => eventsFor(who, record.id, 'resolved').length, (n) => n === 1, 5_000, `resolution pushed to ${who}`);
    }

    const again = await coordinator.post(`/api/conflicts/${record.id}/resolve`, { action: 'keepPrevious' });
    expect(again.status).toBe(409);
    expect(again.body.details.status).toBe('resolved');
    expect(await conflictsOf(id)).toEqual([]);
    expect((await conflictsOf(id, 'resolved')).map((c) => c.id)).toEqual([record.id]);
  });

  it('should record no conflict for 200 rapid sequential edits alternating between two online clients', async () => {
    const id = await createPackage('CF-7', 'power', ['power', 'telecom']);
    const power = await open(id, 'power');
    const telecom = await open(id, 'telecom');
    addCostLine(power.doc, SHARED_SECTION, line('pole', 'materials', '共用杆塔', 1));
    await until(telecom.doc, () => lineOf(telecom, SHARED_SECTION, 'pole') !== undefined, 'the shared line');
    const pair = [power, telecom];
    for (let i = 0; i < 200; i++) {
      const client = pair[i % 2]!;
      if (i > 0) await until(client.doc, () => lineOf(client, SHARED_SECTION, 'pole')?.unitCostFen === 10_000 + i - 1, `edit ${i - 1} at the other client`);
      client.doc.transact(() => {
        setUnitCost(client.doc, SHARED_SECTION, 'pole', 10_000 + i);
        if (i % 10 === 0) setTitle(client.doc, `CF-7 第 ${i} 稿`);
      });
    }
    await until(power.doc, () => lineOf(power, SHARED_SECTION, 'pole')?.unitCostFen === 10_199, 'the last edit');
    expect(getTitle(telecom.doc)).toBe('CF-7 第 190 稿');
    await eventually(
      async () => (await coordinator.get(`/api/packages/${id}`)).body.costLines.find((l: { id: string }) => l.id === 'pole')?.unitCostFen,
      (v) => v === 10_199,
      10_000,
      'projection',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await conflictsOf(id, 'all')).toEqual([]);
  });
});

describe('conflicts: concurrent rewrites of a text', () => {
  it('should record both intended purposes when two liaisons rewrite it while apart, and write the chosen one back for both', async () => {
    const id = await createPackage('CF-T', 'power', ['power', 'telecom']);
    const power = await open(id, 'power');
    const telecom = await open(id, 'telecom');
    setSharedText(power.doc, 'purpose', '提升线路可靠性。');
    await until(telecom.doc, () => getSharedText(telecom.doc, 'purpose') === '提升线路可靠性。', 'the first purpose at telecom');

    power.provider.disconnect();
    telecom.provider.disconnect();
    setSharedText(power.doc, 'purpose', '电力与通信线路同沟敷设，减少重复开挖。');
    setSharedText(telecom.doc, 'purpose', '通信光缆入地，提升抗灾能力。');
    power.provider.connect();
    await eventually(
      async () => (await coordinator.get(`/api/packages/${id}`)).body.purpose,
      (v) => v === '电力与通信线路同沟敷设，减少重复开挖。',
      10_000,
      'power’s purpose on the server',
    );
    telecom.provider.connect();

    const [record] = await openOfKind(id, 'concurrentOverwrite');
    expect(record).toMatchObject({ key: 'overwrite:shared//purpose', path: 'shared/purpose', departments: ['power', 'telecom'] });
    expect(record.competing[0]).toMatchObject({ side: 'previous', value: '电力与通信线路同沟敷设，减少重复开挖。', department: 'power' });
    expect(record.competing[1]).toMatchObject({ side: 'incoming', value: '通信光缆入地，提升抗灾能力。', department: 'telecom' });
    // Yjs kept both wordings; the record says what the text became
    await until(power.doc, () => getSharedText(power.doc, 'purpose') === getSharedText(telecom.doc, 'purpose'), 'convergence');
    expect(record.details.converged).toBe(getSharedText(power.doc, 'purpose'));
    expect(record.details.converged).toContain('通信光缆入地');
    expect(record.details.converged).toContain('同沟敷设');

    const resolved = await (await server.as('telecom')).post(`/api/conflicts/${record.id}/resolve`, { action: 'keepIncoming' });
    expect(resolved.status).toBe(200);
    for (const client of [power, telecom]) {
      await until(client.doc, () => getSharedText(client.doc, 'purpose') === '通信光缆入地，提升抗灾能力。', 'the chosen purpose');
    }
    const again = await coordinator.post(`/api/conflicts/${record.id}/resolve`, { action: 'newValue', value: 'x' });
    expect(again.status).toBe(409); // settled already
  });
});

describe('conflicts: edit vs delete', () => {
  it('should record an edit to a line deleted meanwhile, and restore the line with the edit', async () => {
    const id = await createPackage('CF-2', 'power', ['power', 'telecom']);
    const power = await open(id, 'power');
    const telecom = await open(id, 'telecom');
    addCostLine(power.doc, SHARED_SECTION, line('survey', 'services', '管线联合勘察', 20));
    await until(telecom.doc, () => lineOf(telecom, SHARED_SECTION, 'survey') !== undefined, 'the shared line');

    power.provider.disconnect();
    updateCostLine(power.doc, SHARED_SECTION, 'survey', { unitCostFen: 25 * WAN, location: '胜利街' });
    removeCostLine(telecom.doc, SHARED_SECTION, 'survey');
    await eventually(async () => (await coordinator.get(`/api/packages/${id}`)).body.costLines.length, (n) => n === 0, 10_000, 'the deletion on the server');
    power.provider.connect();

    const [record] = await openOfKind(id, 'editDelete');
    expect(record).toMatchObject({ key: 'editDelete:shared/costLines/survey', path: 'shared/costLines/survey', departments: ['power', 'telecom'] });
    expect(record.competing[0]).toMatchObject({ side: 'deleted', value: { id: 'survey', unitCostFen: 20 * WAN }, userId: userIds.telecom, department: 'telecom' });
    expect(record.competing[1]).toMatchObject({ side: 'incoming', value: { unitCostFen: 25 * WAN, location: '胜利街' }, userId: userIds.power, department: 'power' });
    expect(record.details.deleted).toMatchObject({ id: 'survey', description: '管线联合勘察', unitCostFen: 20 * WAN });
    await until(power.doc, () => lineOf(power, SHARED_SECTION, 'survey') === undefined, 'the deletion at power');
    for (const who of ['power', 'telecom', 'coordinator']) await eventually(() => eventsFor(who, record.id, 'created').length, (n) => n === 1, 5_000, `notification to ${who}`);

    const restored = await (await server.as('power')).post(`/api/conflicts/${record.id}/resolve`, { action: 'restore' });
    expect(restored.status).toBe(200);
    expect(restored.body.resolution).toMatchObject({ action: 'restore', by: { role: 'liaison', department: 'power' } });
    for (const client of [power, telecom]) {
      await until(client.doc, () => lineOf(client, SHARED_SECTION, 'survey') !== undefined, 'the restored line');
      expect(lineOf(client, SHARED_SECTION, 'survey')).toMatchObject({ description: '管线联合勘察', unitCostFen: 25 * WAN, location: '胜利街' });
    }
    const log = await server.db.query(`SELECT user_id FROM edit_log WHERE doc_id = $1 AND origin = 'resolution'`, [id]);
    expect(log).toEqual([{ user_id: userIds.power }]);
  });
});

describe('conflicts: invariants after each change', () => {
  it('should record a split that does not add up to 100 % and clear it when fixed', async () => {
    const id = await createPackage('CF-3', 'power', ['power', 'telecom']);
    const power = await open(id, 'power');
    setCostShare(power.doc, 'power', 4_000);
    const [record] = await openOfKind(id, 'splitInvariant');
    expect(record).toMatchObject({ key: 'split', departments: ['power', 'telecom'], details: { sumBasisPoints: 9_000 } });
    expect(record.competing).toEqual([expect.objectContaining({ side: 'share', department: 'power', value: 4_000 }), expect.objectContaining({ side: 'share', department: 'telecom', value: 5_000 })]);
    setCostShare(power.doc, 'power', 5_000);
    await openOfKind(id, 'splitInvariant', 0);
    const [cleared] = await conflictsOf(id, 'resolved');
    expect(cleared).toMatchObject({ id: record.id, status: 'resolved', resolution: { action: 'cleared', by: null } });
    await eventually(() => eventsFor('telecom', record.id, 'resolved').length, (n) => n === 1, 5_000, 'clearing pushed');
  });

  it('should record a department over its envelope across the cycle’s packages, and clear it when the envelope or the request changes', async () => {
    // education: envelope 1 200 万, 1 000 万 already asked in DP-04
    const id = await createPackage('CF-4', 'education', ['education']);
    const client = await open(id, 'coordinator');
    addCostLine(client.doc, departmentSection('education'), line('e1', 'equipment', '实验室设备', 300));
    const [record] = await openOfKind(id, 'envelope');
    expect(record).toMatchObject({
      key: 'envelope:education',
      departments: ['education'],
      details: { envelopeFen: 1_200 * WAN, requestedFen: 1_300 * WAN, excessFen: 100 * WAN, inThisPackageFen: 300 * WAN, inOtherPackagesFen: 1_000 * WAN },
    });
    // the coordinator raises the envelope: re-checked without an edit
    const raised = await coordinator.put(`/api/cycles/${server.cycleId}/envelopes`, { envelopes: [{ department: 'education', amountFen: 1_500 * WAN }] });
    expect(raised.status).toBe(200);
    await openOfKind(id, 'envelope', 0);
    expect((await conflictsOf(id, 'resolved')).find((c) => c.id === record.id)?.resolution.action).toBe('cleared');
    await coordinator.put(`/api/cycles/${server.cycleId}/envelopes`, { envelopes: [{ department: 'education', amountFen: 1_200 * WAN }] });
    const [again] = await openOfKind(id, 'envelope');
    expect(again.id).not.toBe(record.id);
    // an envelope is the department's portfolio-wide ceiling: it does not hold this package at the review gate
    const version = (await coordinator.get(`/api/packages/${id}`)).body.version;
    expect((await coordinator.patch(`/api/packages/${id}`, { version, stage: 'review' })).status).toBe(200);
    setUnitCost(client.doc, departmentSection('education'), 'e1', 150 * WAN);
    await openOfKind(id, 'envelope', 0);
  });

  it('should record a package over the cycle’s quota less its reserve, and clear it when cut', async () => {
    // quota 60 000 万 less a 10 % reserve: 54 000 万
    const id = await createPackage('CF-5', 'water', ['water']);
    const client = await open(id, 'coordinator');
    addCostLine(client.doc, departmentSection('water'), line('w1', 'materials', '管网主体工程', 55_000));
    const [record] = await openOfKind(id, 'quota');
    expect(record).toMatchObject({ key: 'quota', departments: ['water'], details: { quotaFen: 54_000 * WAN, totalFen: 55_000 * WAN, excessFen: 1_000 * WAN } });
    expect(record.competing.map((c: { side: string; value: number }) => [c.side, c.value])).toEqual([
      ['quota', 54_000 * WAN],
      ['package', 55_000 * WAN],
    ]);
    // still over: the same record, with the new figures
    setUnitCost(client.doc, departmentSection('water'), 'w1', 56_000 * WAN);
    await eventually(() => eventsFor('coordinator', record.id, 'updated').map((e) => e.conflict.details.excessFen), (x) => x.includes(2_000 * WAN), 10_000, 'updated figures');
    expect((await openOfKind(id, 'quota'))[0].id).toBe(record.id);
    setUnitCost(client.doc, departmentSection('water'), 'w1', 50_000 * WAN);
    await openOfKind(id, 'quota', 0);
  });

  it('should suggest joint implementation for the same work in two sections, with its saving, and clear it when the lines differ', async () => {
    const id = await createPackage('CF-6', 'power', ['power', 'telecom']);
    const power = await open(id, 'power');
    const telecom = await open(id, 'telecom');
    addCostLine(power.doc, departmentSection('power'), line('p-trench', 'machinery', '电力管沟开挖', 60, { location: '建设路' }));
    addCostLine(telecom.doc, departmentSection('telecom'), line('t-trench', 'machinery', '通信管沟开挖', 40, { location: '建设路 ' }));
    const [record] = await openOfKind(id, 'duplicateWork');
    expect(record).toMatchObject({
      key: 'duplicate:power/p-trench|telecom/t-trench',
      departments: ['power', 'telecom'],
      actions: ['acceptJointImplementation', 'dismiss'],
      details: { matchedOn: 'location', savingFen: 40 * WAN },
    });
    updateCostLine(telecom.doc, departmentSection('telecom'), 't-trench', { location: '和平路' });
    await openOfKind(id, 'duplicateWork', 0);
  });

  it('should merge the renovation’s two trench lines into one shared line when the suggestion is accepted', async () => {
    const id = packages.get('DP-02')!;
    const power = await open(id, 'power'); // opening the package checks it
    const [record] = await openOfKind(id, 'duplicateWork');
    expect(record).toMatchObject({ key: 'duplicate:power/DP-02-l5|telecom/DP-02-l7', details: { matchedOn: 'location', savingFen: 400 * WAN } });
    const accepted = await (await server.as('telecom')).post(`/api/conflicts/${record.id}/resolve`, { action: 'acceptJointImplementation', comment: '一条管沟' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.resolution).toMatchObject({ action: 'acceptJointImplementation', savingFen: 400 * WAN, by: { department: 'telecom' } });
    await until(power.doc, () => lineOf(power, SHARED_SECTION, 'DP-02-l5') !== undefined, 'the merged shared line');
    expect(lineOf(power, SHARED_SECTION, 'DP-02-l5')).toMatchObject({ unitCostFen: 500 * WAN, location: '幸福里小区', fromDepartmentIds: ['power', 'telecom'] });
    expect(lineOf(power, departmentSection('telecom'), 'DP-02-l7')).toBeUndefined();
    const pkg = await eventually(async () => (await coordinator.get(`/api/packages/${id}`)).body, (p) => p.totals.totalFen === 4_600 * WAN, 10_000, 'projection of the merge');
    expect(pkg.costSplit.reduce((s: number, x: { basisPoints: number }) => s + x.basisPoints, 0)).toBe(10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect((await conflictsOf(id)).filter((c) => c.kind === 'duplicateWork')).toEqual([]);
  });
});

describe('conflicts: who may resolve, the review gate, bad input', () => {
  it('should refuse a liaison of an uninvolved department and hold the package at the review gate until settled', async () => {
    const id = await createPackage('CF-8', 'power', ['power', 'telecom']);
    const powerClient = await open(id, 'power');
    setCostShare(powerClient.doc, 'telecom', 7_000);
    const [record] = await openOfKind(id, 'splitInvariant');

    const housing = await server.as('housing');
    const refused = await housing.post(`/api/conflicts/${record.id}/resolve`, { action: 'dismiss' });
    expect(refused.status).toBe(403);
    expect((await (await server.as('reviewer1')).post(`/api/conflicts/${record.id}/resolve`, { action: 'dismiss' })).status).toBe(403);
    expect((await conflictsOf(id)).map((c) => c.id)).toEqual([record.id]);

    const power = await server.as('power');
    const version = (await power.get(`/api/packages/${id}`)).body.version;
    const gated = await power.patch(`/api/packages/${id}`, { version, stage: 'review' });
    expect(gated.status).toBe(409);
    expect(gated.body.error).toBe('conflict');
    expect(gated.body.details.conflicts.map((c: { id: string; kind: string }) => [c.id, c.kind])).toEqual([[record.id, 'splitInvariant']]);
    expect((await power.get(`/api/packages/${id}`)).body).toMatchObject({ stage: 'drafting', version });

    const fixed = await power.post(`/api/conflicts/${record.id}/resolve`, {
      action: 'newValue',
      value: [
        { department: 'power', basisPoints: 3_000 },
        { department: 'telecom', basisPoints: 7_000 },
      ],
    });
    expect(fixed.status).toBe(200);
    await until(powerClient.doc, () => getCostSplit(powerClient.doc).find((s) => s.departmentId === 'power')?.basisPoints === 3_000, 'the split at the client');
    const moved = await power.patch(`/api/packages/${id}`, { version, stage: 'review' });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toBe('review');
    const projected = await eventually(async () => (await power.get(`/api/packages/${id}`)).body.costSplit, (split) => split[0].basisPoints === 3_000, 5_000, 'projected split');
    expect(projected).toEqual([
      { department: 'power', basisPoints: 3_000 },
      { department: 'telecom', basisPoints: 7_000 },
    ]);
  });

  it('should answer bad resolutions with the right 4xx naming the field', async () => {
    const id = await createPackage('CF-9', 'power', ['power', 'telecom']);
    const client = await open(id, 'power');
    setCostShare(client.doc, 'power', 1_000);
    const [record] = await openOfKind(id, 'splitInvariant');
    const url = `/api/conflicts/${record.id}/resolve`;
    const cases: { body: unknown; path?: string; status: number; field?: string }[] = [
      { body: { action: 'bribe' }, status: 400, field: 'action' },
      { body: {}, status: 400, field: 'action' },
      { body: { action: 'keepIncoming' }, status: 400, field: 'action' }, // not a way to settle a split
      { body: { action: 'newValue' }, status: 400, field: 'value' },
      { body: { action: 'newValue', value: 'half' }, status: 400, field: 'value' },
      { body: { action: 'newValue', value: [{ department: 'housing', basisPoints: 10_000 }] }, status: 400, field: 'value.0.department' },
      { body: { action: 'newValue', value: [{ department: 'power', basisPoints: 2.5 }] }, status: 400, field: 'value.0.basisPoints' },
      { body: { action: 'newValue', value: [{ department: 'power', basisPoints: 6_000 }] }, status: 400, field: 'value' },
      { body: { action: 'dismiss', comment: 'x'.repeat(2_001) }, status: 400, field: 'comment' },
      { body: { action: 'dismiss', extra: true }, status: 400, field: 'extra' },
      { body: { action: 'dismiss' }, path: '/api/conflicts/00000000-0000-4000-8000-000000000000/resolve', status: 404 },
      { body: { action: 'dismiss' }, path: '/api/conflicts/not-a-uuid/resolve', status: 400, field: 'id' },
    ];
    for (const c of cases) {
      const response = await coordinator.post(c.path ?? url, c.body);
      expect({ body: c.body, status: response.status }).toEqual({ body: c.body, status: c.status });
      if (c.field) expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(c.field);
    }
    expect((await coordinator.get(`/api/packages/${id}/conflicts?status=bogus`)).body.fields).toEqual([expect.objectContaining({ field: 'status' })]);
    expect((await coordinator.get(`/api/cycles/${server.cycleId}/conflicts?kind=nope`)).status).toBe(400);
    expect((await conflictsOf(id)).map((c) => c.id)).toEqual([record.id]); // nothing changed

    const dismissed = await coordinator.post(url, { action: 'dismiss', comment: '按协议调整前暂不处理' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', resolution: { action: 'dismiss', comment: '按协议调整前暂不处理' } });
    // a dismissed invariant stays quiet while it stays broken
    setTitle(client.doc, 'CF-9 新标题');
    await new Promise((r) => setTimeout(r, 500));
    expect(await conflictsOf(id)).toEqual([]);
  });

  it('should list a cycle’s conflicts for its members and hide them from observers', async () => {
    const open = (await coordinator.get(`/api/cycles/${server.cycleId}/conflicts`)).body as any[];
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((c) => c.status === 'open' && c.cycleId === server.cycleId)).toBe(true);
    const all = (await (await server.as('telecom')).get(`/api/cycles/${server.cycleId}/conflicts?status=all&kind=concurrentOverwrite`)).body as any[];
    expect(all.map((c) => c.packageCode)).toEqual(['CF-T', 'CF-1']);
    expect((await (await server.as('observer')).get(`/api/cycles/${server.cycleId}/conflicts`)).status).toBe(403);
  });
});
