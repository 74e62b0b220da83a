import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

/**
 * What the set-up pages need beyond the existing API: withdrawing a cycle's publication, and
 * moving a decision unit in the hierarchy (renaming existed). Real PostgreSQL, real API process.
 */
let server: DemoServer;
let coordinator: HttpClient;
let units: { id: string; code: string; parent: string | null; nameZh: string; nameEn: string }[];
const unit = (code: string) => units.find((u) => u.code === code)!;

beforeAll(async () => {
  server = await startDemoServer();
  coordinator = await server.as('coordinator');
  units = (await coordinator.get('/api/departments')).body;
});
afterAll(async () => {
  await server?.close();
});

describe('withdrawing what a cycle published', () => {
  const withdraw = (client: HttpClient, body: unknown, cycleId = server.cycleId) => client.post(`/api/cycles/${cycleId}/publications/withdraw`, body);

  it('should refuse others than the cycle’s coordinators, and say when nothing is public', async () => {
    for (const who of ['power', 'reviewer1', 'observer', 'evaluator']) expect((await withdraw(await server.as(who), { reason: '测试' })).status, who).toBe(403);
    expect((await withdraw(server.anonymous, { reason: '测试' })).status).toBe(401);
    const nothing = await withdraw(coordinator, { reason: '尚未发布' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error).toBe('conflict');
  });

  it('should answer 400 naming the field for a missing, blank or too long reason and a malformed cycle, and change nothing', async () => {
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(201);
    for (const body of [{}, { reason: '   ' }, { reason: 42 }, { reason: 'x'.repeat(501) }]) {
      const res = await withdraw(coordinator, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(new Set(res.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['reason']));
    }
    const bad = await withdraw(coordinator, { reason: '格式错误' }, 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('cycleId');
    expect((await withdraw(coordinator, { reason: '不存在' }, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // still public: the refused requests changed nothing
    expect((await server.anonymous.get(`/api/public/cycles/${server.cycleId}`)).status).toBe(200);
  });

  it('should take the cycle off every public answer, keep the record with the reason, and let it be published again', async () => {
    // a second publication: the first is superseded, the public reads the second; withdrawing takes both down
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(201);
    const before = await server.anonymous.get(`/api/public/cycles/${server.cycleId}`);
    expect(before.status).toBe(200);
    expect(before.body.cycle).toMatchObject({ name: '2027 年度联合基础设施', nameEn: 'FY2027 joint infrastructure' });
    expect((await server.anonymous.get('/api/public/cycles')).body.map((c: { id: string }) => c.id)).toEqual([server.cycleId]);

    const res = await withdraw(coordinator, { reason: '  数据有误，更正后重新发布  ' });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    for (const record of res.body) expect(record).toMatchObject({ current: false, withdrawReason: '数据有误，更正后重新发布', withdrawnAt: expect.any(String) });

    expect((await server.anonymous.get(`/api/public/cycles/${server.cycleId}`)).status).toBe(404);
    expect((await server.anonymous.get(`/api/public/cycles/${server.cycleId}/csv`)).status).toBe(404);
    expect((await server.anonymous.get('/api/public/cycles')).body).toEqual([]);
    expect((await withdraw(coordinator, { reason: '再次撤回' })).status).toBe(409);

    expect((await coordinator.post(`/api/cycles/${server.cycleId}/publications`)).status).toBe(201);
    const list = (await coordinator.get(`/api/cycles/${server.cycleId}/publications`)).body as { current: boolean; withdrawnAt: string | null }[];
    expect(list.map((p) => [p.current, p.withdrawnAt === null])).toEqual([
      [true, true],
      [false, false],
      [false, false],
    ]);
    expect((await server.anonymous.get(`/api/public/cycles/${server.cycleId}`)).status).toBe(200);
  });
});

describe('moving and renaming decision units', () => {
  const patch = (client: HttpClient, id: string, body: unknown) => client.patch(`/api/departments/${id}`, body);

  it('should move a unit under another and back to the top level, and rename it in both languages', async () => {
    const moved = await patch(coordinator, unit('culture').id, { parent: 'education' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ code: 'culture', parent: 'education' });
    const renamed = await patch(coordinator, unit('culture').id, { nameZh: '文化和旅游局', nameEn: 'Culture and Tourism Bureau', parent: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ code: 'culture', parent: null, nameZh: '文化和旅游局', nameEn: 'Culture and Tourism Bureau' });
    const stored = ((await coordinator.get('/api/departments')).body as typeof units).find((u) => u.code === 'culture');
    expect(stored).toMatchObject({ parent: null, nameZh: '文化和旅游局' });
    // a rename alone leaves the parent where it was
    const division = unit('city-enforcement');
    expect((await patch(coordinator, division.id, { nameEn: 'City Enforcement Division' })).body).toMatchObject({ parent: 'city', nameEn: 'City Enforcement Division' });
  });

  it('should refuse a move that loops or names an unknown unit with 400 on parent, and change nothing', async () => {
    const city = unit('city');
    for (const parent of ['city', 'city-enforcement', 'no-such-unit', 42]) {
      const res = await patch(coordinator, city.id, { parent, nameZh: '不应保存' });
      expect(res.status, String(parent)).toBe(400);
      expect(new Set(res.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['parent']));
    }
    const empty = await patch(coordinator, city.id, { nameZh: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields[0].field).toBe('nameZh');
    const after = ((await coordinator.get('/api/departments')).body as typeof units).find((u) => u.code === 'city');
    expect(after).toMatchObject({ parent: null, nameZh: city.nameZh });
  });

  it('should answer 403 to others than coordinators, 404 for an unknown unit and 400 for a malformed id', async () => {
    for (const who of ['power', 'reviewer1', 'observer']) expect((await patch(await server.as(who), unit('water').id, { parent: 'city' })).status, who).toBe(403);
    expect((await patch(server.anonymous, unit('water').id, { parent: 'city' })).status).toBe(401);
    expect((await patch(coordinator, '00000000-0000-4000-8000-000000000000', { parent: 'city' })).status).toBe(404);
    const bad = await patch(coordinator, 'not-a-uuid', { parent: 'city' });
    expect(bad.status).toBe(400);
    expect(((await coordinator.get('/api/departments')).body as typeof units).find((u) => u.code === 'water')!.parent).toBeNull();
  });

  it('should keep the hierarchy free of loops when two moves race', async () => {
    // health under water and water under health at once: one of them must be refused
    const [a, b] = await Promise.all([patch(coordinator, unit('health').id, { parent: 'water' }), patch(coordinator, unit('water').id, { parent: 'health' })]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const after = (await coordinator.get('/api/departments')).body as typeof units;
    const parents = new Map(after.map((u) => [u.code, u.parent]));
    expect(parents.get('health') === 'water' && parents.get('water') === 'health').toBe(false);
    for (const code of ['health', 'water']) expect((await patch(coordinator, unit(code).id, { parent: null })).status).toBe(200);
  });
});
