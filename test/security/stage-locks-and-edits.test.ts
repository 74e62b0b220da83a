import { departmentSection, setCostShare, setTitle, setUnitCost } from '@zerobase/collab';
import { STAGE_EDIT_RULES } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { collabEdit, storedRows } from './collab-edits';

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
let telecom: HttpClient;

/** Everything stored about one package: its row, lines, owners, document log and versions. */
const storedPackage = async (id: string) => ({
  pkg: await server.db.query(`SELECT * FROM decision_package WHERE id = $1`, [id]),
  lines: await server.db.query(`SELECT * FROM cost_line WHERE package_id = $1 ORDER BY id`, [id]),
  owners: await server.db.query(`SELECT * FROM package_department WHERE package_id = $1 ORDER BY department_id`, [id]),
  log: await server.db.query(`SELECT seq, encode(update, 'hex') AS update FROM doc_update WHERE doc_id = $1 ORDER BY seq`, [id]),
  versions: await server.db.query<{ id: string; kind: string }>(`SELECT id, kind FROM doc_version WHERE doc_id = $1 ORDER BY created_at, id`, [id]),
});
const idOf = async (code: string) => (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body.find((p: { code: string }) => p.code === code).id as string;
const read = async (id: string) => (await coordinator.get(`/api/packages/${id}`)).body;

beforeAll(async () => {
  server = await startDemoServer({ COLLAB_IDLE_UNLOAD_MS: '400' });
  coordinator = await server.as('coordinator');
  power = await server.as('power');
  telecom = await server.as('telecom');
});
afterAll(async () => {
  await server?.close();
});

describe('stage locks', () => {
  it('should declare every stage once, locking liaisons out from allocation on', () => {
    expect(Object.entries(STAGE_EDIT_RULES).filter(([, rule]) => !rule.liaison).map(([stage]) => stage)).toEqual(['allocation', 'execution', 'evaluation']);
  });

  it('should stop a liaison from changing content after allocation, on REST and collab, until a coordinator reopens it', async () => {
    const id = await idOf('DP-01');
    // the liaison records a version while they still may edit
    expect((await power.post(`/api/packages/${id}/versions`, { name: 'draft' })).status).toBe(201);
    const draft = (await power.get(`/api/packages/${id}/versions`)).body.find((v: { name: string }) => v.name === 'draft');
    const moved = await coordinator.patch(`/api/packages/${id}`, { version: (await read(id)).version, stage: 'allocation' });
    expect(moved.status).toBe(200);
    // the start-up projection recovery projects every seeded document once: wait until DP-01's is stored
    await eventually(() => server.db.query(`SELECT 1 FROM doc_projection WHERE doc_id = $1`, [id]), (rows) => rows.length > 0, 20_000, 'the projection of DP-01');
    const before = await storedPackage(id);

    // REST content edits and a version restore are refused, naming the stage
    const patched = await power.patch(`/api/packages/${id}`, { version: moved.body.version, title: 'raised after allocation' });
    expect(patched.status).toBe(403);
    expect(patched.body.message).toContain('allocation');
    const restored = await power.post(`/api/packages/${id}/versions/${draft.id}/restore`, {});
    expect(restored.status).toBe(403);
    // collab edits too, whole, with the reason
    const refused = await collabEdit(server, id, power.token!, (doc) => setUnitCost(doc, departmentSection('power'), 'DP-01-l1', 9_000_000_00));
    expect(refused).toMatchObject({ code: 4409 });
    expect(refused!.reason).toContain('allocation');
    // the liaison cannot move it back either: only a reopening does
    expect((await power.patch(`/api/packages/${id}`, { version: moved.body.version, stage: 'drafting' })).status).toBe(403);
    const backwards = await coordinator.patch(`/api/packages/${id}`, { version: moved.body.version, stage: 'drafting' });
    expect(backwards.status).toBe(409);
    expect(backwards.body.message).toContain('reopen');
    // nothing of that was stored, not even a "before restore" version
    expect(await storedPackage(id)).toEqual(before);

    // the coordinator still corrects content (positive signal on the same channel)
    expect(await collabEdit(server, id, coordinator.token!, (doc) => setTitle(doc, '分配阶段更正'))).toBeNull();
    await eventually(() => read(id), (p) => p.title === '分配阶段更正', 5_000, 'coordinator correction projected');

    // reopening: coordinators only, with a reason, recorded and announced
    expect((await power.post(`/api/packages/${id}/reopen`, { version: moved.body.version, reason: 'please' })).status).toBe(403);
    expect((await coordinator.post(`/api/packages/${id}/reopen`, { version: moved.body.version })).status).toBe(400);
    const reopened = await coordinator.post(`/api/packages/${id}/reopen`, { version: moved.body.version, reason: '联席会议决定补充通信段材料' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ stage: 'drafting', version: moved.body.version + 1 });
    const records = (await power.get(`/api/packages/${id}/reopenings`)).body;
    expect(records).toEqual([expect.objectContaining({ fromStage: 'allocation', toStage: 'drafting', reason: '联席会议决定补充通信段材料' })]);
    expect((await coordinator.post(`/api/packages/${id}/reopen`, { version: reopened.body.version, reason: 'again' })).status).toBe(409);

    // and the liaison edits again, on both channels
    expect(await collabEdit(server, id, power.token!, (doc) => setUnitCost(doc, departmentSection('power'), 'DP-01-l1', 6_500_000_00))).toBeNull();
    const edited = await power.patch(`/api/packages/${id}`, { version: reopened.body.version, title: '重新打开后修改' });
    expect(edited.status).toBe(200);
    expect(edited.body.costLines.find((l: { id: string }) => l.id === 'DP-01-l1').unitCostFen).toBe(6_500_000_00);
  });
});

describe('conflict resolutions respect stage locks', () => {
  it("should refuse a liaison's resolution that would change a locked package's content, and let a coordinator's through", async () => {
    const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code: 'SEC-R1', title: '分摊冲突', leadDepartment: 'power', departments: ['power', 'telecom'] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const client = connectCollab(server.api.baseUrl, id, power.token);
    try {
      await client.synced();
      setCostShare(client.doc, 'telecom', 7_000); // 50 % + 70 %: a split conflict
      const [record] = await eventually(
        async () => (await coordinator.get(`/api/packages/${id}/conflicts`)).body.filter((c: { kind: string; status: string }) => c.kind === 'splitInvariant' && c.status === 'open') as { id: string }[],
        (list) => list.length === 1,
        15_000,
        'the split conflict',
      );
      const moved = await coordinator.patch(`/api/packages/${id}`, { version: (await read(id)).version, stage: 'allocation' });
      expect(moved.status).toBe(200);
      await eventually(() => storedPackage(id), (p) => p.log.length > 0, 10_000, 'the document stored');
      const before = await storedPackage(id);
      const split = [
        { department: 'power', basisPoints: 1_000 },
        { department: 'telecom', basisPoints: 9_000 },
      ];
      const refused = await power.post(`/api/conflicts/${record.id}/resolve`, { action: 'newValue', value: split });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain('allocation');
      expect(await storedPackage(id)).toEqual(before);
      expect((await coordinator.get(`/api/conflicts/${record.id}`)).body.status).toBe('open');
      // the coordinator corrects it (positive signal on the same endpoint)
      const fixed = await coordinator.post(`/api/conflicts/${record.id}/resolve`, { action: 'newValue', value: split });
      expect(fixed.status).toBe(200);
      await eventually(async () => (await read(id)).costSplit, (s: { department: string; basisPoints: number }[]) => s.find((x) => x.department === 'power')?.basisPoints === 1_000, 10_000, 'the split projected');
    } finally {
      client.destroy();
    }
  });
});

describe('version restore', () => {
  it('should record no "before restore" version when the restore is refused', async () => {
    const id = await idOf('DP-02');
    const housing = await server.as('housing');
    expect((await power.post(`/api/packages/${id}/versions`, { name: 'power draft' })).status).toBe(201);
    const draft = (await power.get(`/api/packages/${id}/versions`)).body.find((v: { name: string }) => v.name === 'power draft');
    expect(await collabEdit(server, id, housing.token!, (doc) => setUnitCost(doc, departmentSection('housing'), 'DP-02-l1', 15_000_000_00))).toBeNull();
    await eventually(() => read(id), (p) => p.costLines.find((l: { id: string }) => l.id === 'DP-02-l1').unitCostFen === 15_000_000_00, 5_000, 'the housing edit projected');
    const before = await storedPackage(id);
    // restoring would undo the housing edit: not the power liaison's section
    const refused = await power.post(`/api/packages/${id}/versions/${draft.id}/restore`, {});
    expect(refused.status).toBe(403);
    expect(await storedPackage(id)).toEqual(before);
    // the coordinator may, and then the state before is kept and the restore is a version of its own
    expect((await coordinator.post(`/api/packages/${id}/versions/${draft.id}/restore`, {})).status).toBe(201);
    expect((await storedPackage(id)).versions.map((v: { kind: string }) => v.kind)).toEqual([...before.versions.map((v: { kind: string }) => v.kind), 'before-restore', 'restore']);
  });
});

describe('atomic REST edits', () => {
  it('should let exactly one of 200 concurrent PATCHes on one version through, and leave the rest without a trace', async () => {
    const id = await idOf('DP-20');
    // the document's first edit also fills in fields the relational row lacked: make it before measuring
    const warmUp = await power.patch(`/api/packages/${id}`, { version: (await read(id)).version, purpose: '预热' });
    expect(warmUp.status).toBe(200);
    const { version } = await read(id);
    const before = await storedPackage(id);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? coordinator : power).patch(`/api/packages/${id}`, { version, title: `并发标题 ${i}`, purpose: `并发目的 ${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    const winner = responses.find((r) => r.status === 200)!.body;
    const after = await storedPackage(id);
    expect(after.pkg[0]).toMatchObject({ title: winner.title, purpose: winner.purpose, version: version + 1 });
    // everything but the winner's fields is as it was
    const strip = (row: Record<string, unknown>) => ({ ...row, title: null, purpose: null, version: null, updated_at: null });
    expect(strip(after.pkg[0])).toEqual(strip(before.pkg[0]));
    expect(after.lines).toEqual(before.lines);
    expect(after.owners).toEqual(before.owners);

    // a lone stale PATCH changes nothing at all
    const settled = await storedPackage(id);
    const stale = await power.patch(`/api/packages/${id}`, { version, title: 'stale' });
    expect(stale.status).toBe(409);
    expect(await storedPackage(id)).toEqual(settled);
    expect(await storedRows(server, id)).toBeGreaterThan(0);
  });
});

describe('package creation respects sections', () => {
  const base = (code: string, over: Record<string, unknown> = {}) => ({ cycleId: server.cycleId, code, title: '联合', leadDepartment: 'power', departments: ['power', 'telecom'], ...over });
  const line = (department: string) => ({ department, category: 'materials', description: '电缆', quantity: 1, unit: 'km', unitCostFen: 100, year: 2027 });

  it("should refuse a liaison's joint package with lines, activities or a split in another department's section", async () => {
    const count = async () => Number((await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM decision_package`))[0].n);
    const before = await count();
    const foreignLine = await power.post('/api/packages', base('SEC-C1', { costLines: [line('power'), line('telecom')] }));
    expect(foreignLine.status).toBe(403);
    expect(foreignLine.body.message).toContain('costLines.1.department');
    const foreignActivity = await power.post('/api/packages', base('SEC-C2', { activities: [{ name: 'x', department: 'telecom', start: '2027-01-01', end: '2027-02-01' }] }));
    expect(foreignActivity.status).toBe(403);
    const split = await power.post('/api/packages', base('SEC-C3', { costSplit: [{ department: 'power', basisPoints: 100 }, { department: 'telecom', basisPoints: 9_900 }] }));
    expect(split.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('should let a liaison create a joint package with only their own section filled, and a coordinator any', async () => {
    const own = await power.post('/api/packages', base('SEC-C4', { costLines: [line('power')] }));
    expect(own.status).toBe(201);
    expect(own.body.costSplit).toEqual([
      { department: 'power', basisPoints: 5_000 },
      { department: 'telecom', basisPoints: 5_000 },
    ]);
    // the other department fills its own part afterwards
    const telecomPart = await telecom.patch(`/api/packages/${own.body.id}`, { version: own.body.version, costLines: [{ ...line('power'), id: own.body.costLines[0].id }, line('telecom')] });
    expect(telecomPart.status).toBe(200);
    const coordinated = await coordinator.post('/api/packages', base('SEC-C5', { costLines: [line('power'), line('telecom')], costSplit: [{ department: 'power', basisPoints: 3_000 }, { department: 'telecom', basisPoints: 7_000 }] }));
    expect(coordinated.status).toBe(201);
  });
});
