import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { HttpClient } from '../support/http-client';

let server: DemoServer;
let packageId: string;

const snapshot = () => server.db.query(`SELECT p.*, (SELECT json_agg(c ORDER BY c.id) FROM cost_line c WHERE c.package_id = p.id) AS lines FROM decision_package p ORDER BY p.id`);

beforeAll(async () => {
  server = await startDemoServer({ LOGIN_ATTEMPTS_PER_MINUTE: '5' });
  const coordinator = await server.as('coordinator');
  packageId = (await coordinator.get(`/api/cycles/${server.cycleId}/packages?department=power`)).body[0].id;
});
afterAll(async () => {
  await server?.close();
});

const goodLine = { department: 'power', category: 'materials', description: '电缆', quantity: 1, unit: 'km', unitCostFen: 100, year: 2027 };

describe('bad input', () => {
  it('should answer each bad request with the right 4xx naming the field, and store nothing', async () => {
    const power = await server.as('power');
    const before = await snapshot();
    const base = { cycleId: server.cycleId, code: 'BAD-1', title: 't', leadDepartment: 'power', departments: ['power'] };
    const cases: { name: string; send: () => Promise<{ status: number; body: any }>; status: number; field?: string }[] = [
      { name: 'missing title', send: () => power.post('/api/packages', { ...base, title: undefined }), status: 400, field: 'title' },
      { name: 'missing departments', send: () => power.post('/api/packages', { ...base, departments: undefined }), status: 400, field: 'departments' },
      { name: 'negative quantity', send: () => power.post('/api/packages', { ...base, costLines: [{ ...goodLine, quantity: -3 }] }), status: 400, field: 'costLines.0.quantity' },
      { name: 'fractional fen', send: () => power.post('/api/packages', { ...base, costLines: [{ ...goodLine, unitCostFen: 1.5 }] }), status: 400, field: 'costLines.0.unitCostFen' },
      { name: 'wrong type', send: () => power.post('/api/packages', { ...base, contingencyBasisPoints: 'ten' }), status: 400, field: 'contingencyBasisPoints' },
      { name: 'unknown category', send: () => power.post('/api/packages', { ...base, costLines: [{ ...goodLine, category: 'bribes' }] }), status: 400, field: 'costLines.0.category' },
      { name: 'a 1 MB string', send: () => power.post('/api/packages', { ...base, purpose: 'x'.repeat(1024 * 1024) }), status: 400, field: 'purpose' },
      { name: 'a body over 2 MB', send: () => power.post('/api/packages', { ...base, purpose: 'x'.repeat(3 * 1024 * 1024) }), status: 413 },
      { name: 'unknown field', send: () => power.post('/api/packages', { ...base, hacked: true }), status: 400, field: 'hacked' },
      { name: 'unknown department', send: () => power.post('/api/packages', { ...base, departments: ['power', 'atlantis'] }), status: 400, field: 'departments.1' },
      { name: 'line of a non-owner', send: () => power.post('/api/packages', { ...base, costLines: [{ ...goodLine, department: 'telecom' }] }), status: 400, field: 'costLines.0.department' },
      { name: 'split not 100 %', send: () => power.patch(`/api/packages/${packageId}`, { version: 1, costSplit: [{ department: 'power', basisPoints: 9000 }, { department: 'telecom', basisPoints: 0 }] }), status: 400, field: 'costSplit' },
      { name: 'unknown cycle', send: () => power.post('/api/packages', { ...base, cycleId: '00000000-0000-4000-8000-000000000000' }), status: 404 },
      { name: 'unknown package', send: () => power.get('/api/packages/00000000-0000-4000-8000-000000000000'), status: 404 },
      { name: 'malformed id', send: () => power.get('/api/packages/not-a-uuid'), status: 400, field: 'id' },
      { name: 'malformed JSON', send: () => power.request('POST', '/api/packages', '{"title": '), status: 400 },
      { name: 'version missing on update', send: () => power.patch(`/api/packages/${packageId}`, { title: 'x' }), status: 400, field: 'version' },
      { name: 'quantity with too many decimals', send: () => power.post('/api/packages', { ...base, costLines: [{ ...goodLine, quantity: 1.2345 }] }), status: 400, field: 'costLines.0.quantity' },
      { name: 'end before start', send: () => power.post('/api/packages', { ...base, activities: [{ name: 'a', start: '2027-05-01', end: '2027-01-01' }] }), status: 400, field: 'activities.0.end' },
    ];
    for (const c of cases) {
      const response = await c.send();
      expect({ name: c.name, status: response.status }).toEqual({ name: c.name, status: c.status });
      expect(typeof response.body.message).toBe('string');
      if (c.field) expect(response.body.fields?.map((f: { field: string }) => f.field), c.name).toContain(c.field);
    }
    expect(await snapshot()).toEqual(before);
    expect((await server.anonymous.get('/api/health')).status).toBe(200);
  });

  it('should throttle a flood of logins with 429 and still serve everyone else', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await server.anonymous.post('/api/auth/login', { email: 'reviewer2@demo.zerobase', password: 'wrong' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const other = await new HttpClient(server.api.baseUrl).login('observer@demo.zerobase');
    expect((await other.get('/api/cycles')).status).toBe(200);
  });

  it('should reject a bad login body with field errors', async () => {
    const response = await server.anonymous.post('/api/auth/login', { email: 'not-an-email', password: 5 });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['email', 'password']));
  });
});
