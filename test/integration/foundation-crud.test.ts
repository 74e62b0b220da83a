import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

describe('foundation: migrations, demo data and CRUD round trips', () => {
  it('should migrate an empty database up to the full schema', async () => {
    const tables = await server.db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['budget_cycle', 'cost_line', 'decision_package', 'department', 'department_envelope', 'evaluation_criterion', 'membership', 'package_department', 'reviewer_score', 'app_user', 'migrations']),
    );
    const migrations = await server.db.query<{ name: string }>('SELECT name FROM migrations');
    expect(migrations.length).toBeGreaterThan(0);
  });

  it('should publish the OpenAPI description at /api/docs', async () => {
    const spec = await server.anonymous.get('/api/docs-json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cycles/{cycleId}/packages', '/api/packages/{id}', '/api/cycles/{cycleId}/ranking']));
    expect((await server.anonymous.get('/api/docs')).status).toBe(200);
  });

  it('should answer health without a token', async () => {
    expect(await server.anonymous.get('/api/health')).toEqual({ status: 200, body: { status: 'ok', db: 'up' } });
  });

  it('should seed the demo cycle with 20 packages, 5 high, 10 medium and 5 low', async () => {
    const coordinator = await server.as('coordinator');
    const cycles = await coordinator.get('/api/cycles');
    expect(cycles.body).toHaveLength(1);
    expect(cycles.body[0]).toMatchObject({ name: '2027 年度联合基础设施', nameEn: 'FY2027 joint infrastructure', reserveBasisPoints: 1000, tierThresholds: { high: 85, medium: 60 } });
    const packages = await coordinator.get(`/api/cycles/${server.cycleId}/packages`);
    expect(packages.body).toHaveLength(20);
    const tiers = packages.body.reduce((acc: Record<string, number>, p: { tier: string }) => ({ ...acc, [p.tier]: (acc[p.tier] ?? 0) + 1 }), {});
    expect(tiers).toEqual({ high: 5, medium: 10, low: 5 });
    const expressway = packages.body.find((p: { code: string }) => p.code === 'DP-03');
    expect(expressway.totals).toMatchObject({ baseFen: 170_000_000_00, contingencyFen: 17_000_000_00, totalFen: 187_000_000_00 });
    expect(expressway.totals.byCategory).toEqual({ land: 50_000_000_00, materials: 80_000_000_00, machinery: 10_000_000_00, labour: 30_000_000_00 });
    const renovation = packages.body.find((p: { code: string }) => p.code === 'DP-02');
    expect(renovation.departments).toEqual(['city', 'housing', 'planning', 'power', 'telecom']);
    expect(renovation.totals.totalFen).toBe(50_000_000_00);
  });

  it('should filter the package list by department, stage and tier', async () => {
    const coordinator = await server.as('coordinator');
    const power = await coordinator.get(`/api/cycles/${server.cycleId}/packages?department=power`);
    expect(power.body.map((p: { code: string }) => p.code)).toEqual(['DP-01', 'DP-02', 'DP-20']);
    const high = await coordinator.get(`/api/cycles/${server.cycleId}/packages?tier=high`);
    expect(high.body).toHaveLength(5);
    expect(high.body.every((p: { score: number }) => p.score >= 85)).toBe(true);
    const drafting = await coordinator.get(`/api/cycles/${server.cycleId}/packages?stage=drafting`);
    expect(drafting.body).toHaveLength(0);
  });

  it('should create, read and update a joint package with an optimistic version', async () => {
    const power = await server.as('power');
    // a joint package with both departments' sections filled: a coordinator creates it (a liaison fills only their own)
    const created = await (await server.as('coordinator')).post('/api/packages', {
      cycleId: server.cycleId,
      code: 'DP-T1',
      title: '配网自动化改造',
      purpose: '提高供电可靠性',
      leadDepartment: 'power',
      departments: ['power', 'telecom'],
      contingencyBasisPoints: 1000,
      costLines: [
        { department: 'power', category: 'equipment', description: '配电终端', quantity: 2.5, unit: '套', unitCostFen: 1_000_001, year: 2027 },
        { department: 'telecom', category: 'services', description: '通信通道', quantity: 1, unit: '项', unitCostFen: 500_000, year: 2028 },
      ],
      kpis: [{ name: '停电时间', unit: '小时', baseline: 10, target: 5, direction: 'decrease' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'DP-T1', joint: true, stage: 'drafting', version: 1, leadDepartment: 'power' });
    expect(created.body.costSplit).toEqual([
      { department: 'power', basisPoints: 5000 },
      { department: 'telecom', basisPoints: 5000 },
    ]);
    expect(created.body.totals).toMatchObject({ baseFen: 3_000_003, contingencyFen: 300_000, totalFen: 3_300_003 });
    expect(created.body.totals.byYear).toEqual({ '2027': 2_500_003, '2028': 500_000 });

    const read = await power.get(`/api/packages/${created.body.id}`);
    expect(read.body).toEqual(created.body);

    const updated = await power.patch(`/api/packages/${created.body.id}`, { version: 1, title: '配网自动化改造（一期）', costSplit: [{ department: 'power', basisPoints: 7000 }, { department: 'telecom', basisPoints: 3000 }] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: '配网自动化改造（一期）', version: 2 });
    expect(updated.body.costSplit).toEqual([
      { department: 'power', basisPoints: 7000 },
      { department: 'telecom', basisPoints: 3000 },
    ]);

    const stale = await power.patch(`/api/packages/${created.body.id}`, { version: 1, title: 'stale write' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('staleVersion');
    expect((await power.get(`/api/packages/${created.body.id}`)).body.title).toBe('配网自动化改造（一期）');

    const submitted = await power.patch(`/api/packages/${created.body.id}`, { version: 2, stage: 'review' });
    expect(submitted.body).toMatchObject({ stage: 'review', version: 3 });
    expect(submitted.body.submittedAt).not.toBeNull();
  });

  it('should create packages concurrently without failing any request', async () => {
    const coordinator = await server.as('coordinator');
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        coordinator.post('/api/packages', { cycleId: server.cycleId, code: `PAR-${i}`, title: `并发 ${i}`, leadDepartment: 'water', departments: ['water'], costLines: [{ department: 'water', category: 'services', description: 'x', quantity: 1, unit: '项', unitCostFen: 100, year: 2027 }] }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(20).fill(201));
    const list = (await coordinator.get(`/api/cycles/${server.cycleId}/packages?department=water`)).body;
    expect(list.filter((p: { code: string }) => p.code.startsWith('PAR-'))).toHaveLength(20);
  });

  it('should manage departments, users and memberships as a coordinator', async () => {
    const coordinator = await server.as('coordinator');
    const department = await coordinator.post('/api/departments', { code: 'forestry', nameZh: '林业局', nameEn: 'Forestry' });
    expect(department.status).toBe(201);
    const division = await coordinator.post('/api/departments', { code: 'forestry-parks', nameZh: '公园管理处', nameEn: 'Parks Division', parent: 'forestry' });
    expect(division.body).toMatchObject({ code: 'forestry-parks', parent: 'forestry' });
    const renamed = await coordinator.patch(`/api/departments/${department.body.id}`, { nameEn: 'Forestry Bureau' });
    expect(renamed.body.nameEn).toBe('Forestry Bureau');

    const user = await coordinator.post('/api/users', { email: 'Forest@Demo.Zerobase', displayName: '林业联络人', password: 'long-enough-password', department: 'forestry' });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ email: 'forest@demo.zerobase', department: 'forestry' });
    const membership = await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: user.body.id, role: 'liaison', department: 'forestry' });
    expect(membership.status).toBe(201);
    const members = await coordinator.get(`/api/cycles/${server.cycleId}/memberships`);
    expect(members.body.find((m: { email: string }) => m.email === 'forest@demo.zerobase')).toMatchObject({ role: 'liaison', department: 'forestry' });

    const forest = await server.anonymous.login('forest@demo.zerobase', 'long-enough-password');
    const cycles = await forest.get('/api/cycles');
    expect(cycles.body.map((c: { id: string }) => c.id)).toEqual([server.cycleId]);

    expect((await coordinator.delete(`/api/cycles/${server.cycleId}/memberships/${membership.body.id}`)).status).toBe(204);
    expect((await forest.get('/api/cycles')).body).toEqual([]);
  });

  it('should update a cycle with an optimistic version and keep envelopes', async () => {
    const coordinator = await server.as('coordinator');
    const cycle = (await coordinator.get(`/api/cycles/${server.cycleId}`)).body;
    const updated = await coordinator.patch(`/api/cycles/${server.cycleId}`, { version: cycle.version, totalQuotaFen: cycle.totalQuotaFen + 100 });
    expect(updated.body.totalQuotaFen).toBe(cycle.totalQuotaFen + 100);
    expect((await coordinator.patch(`/api/cycles/${server.cycleId}`, { version: cycle.version, name: 'x' })).status).toBe(409);
    const envelopes = await coordinator.put(`/api/cycles/${server.cycleId}/envelopes`, { envelopes: [{ department: 'power', amountFen: 123 }] });
    expect(envelopes.body.find((e: { department: string }) => e.department === 'power')).toEqual({ department: 'power', amountFen: 123 });
  });
});
