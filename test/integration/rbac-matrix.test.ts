import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

let server: DemoServer;
let ids: { telecomOnly: string; joint: string; unpublished: string; published: string; powerOwn: string };

beforeAll(async () => {
  server = await startDemoServer();
  const coordinator = await server.as('coordinator');
  const cycle = server.cycleId;
  const byCode = new Map<string, string>((await coordinator.get(`/api/cycles/${cycle}/packages`)).body.map((p: { code: string; id: string }) => [p.code, p.id]));
  const telecomOnly = await coordinator.post('/api/packages', { cycleId: cycle, code: 'T-ONLY', title: '通信专项', leadDepartment: 'telecom', departments: ['telecom'] });
  const powerOwn = await coordinator.post('/api/packages', { cycleId: cycle, code: 'P-ONLY', title: '电力专项', leadDepartment: 'power', departments: ['power'] });
  ids = { telecomOnly: telecomOnly.body.id, powerOwn: powerOwn.body.id, joint: byCode.get('DP-01')!, unpublished: byCode.get('DP-03')!, published: byCode.get('DP-05')! };
});
afterAll(async () => {
  await server?.close();
});

type Who = 'coordinator' | 'power' | 'telecom' | 'reviewer1' | 'observer' | 'anonymous';
const EVERYONE: Who[] = ['coordinator', 'power', 'telecom', 'reviewer1', 'observer', 'anonymous'];

interface Row {
  action: string;
  call: (c: HttpClient) => Promise<{ status: number }>;
  allowed: Who[];
}

async function client(who: Who): Promise<HttpClient> {
  return who === 'anonymous' ? server.anonymous : server.as(who);
}

/** Each endpoint family × each role → allowed (2xx) or denied (401 anonymous, 403 otherwise). */
const matrix = (): Row[] => [
  { action: 'list cycles', call: (c) => c.get('/api/cycles'), allowed: ['coordinator', 'power', 'telecom', 'reviewer1', 'observer'] },
  { action: 'read a cycle', call: (c) => c.get(`/api/cycles/${server.cycleId}`), allowed: ['coordinator', 'power', 'telecom', 'reviewer1', 'observer'] },
  { action: 'change a cycle', call: async (c) => c.patch(`/api/cycles/${server.cycleId}`, { version: (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}`)).body.version, name: 'FY2027 joint infrastructure' }), allowed: ['coordinator'] },
  { action: 'open a cycle', call: (c) => c.post('/api/cycles', { name: 'FY2028', fiscalYear: 2028, totalQuotaFen: 1 }), allowed: ['coordinator'] },
  { action: 'list packages', call: (c) => c.get(`/api/cycles/${server.cycleId}/packages`), allowed: ['coordinator', 'power', 'telecom', 'reviewer1', 'observer'] },
  { action: 'read a published package', call: (c) => c.get(`/api/packages/${ids.published}`), allowed: ['coordinator', 'power', 'telecom', 'reviewer1', 'observer'] },
  { action: 'read an unpublished package', call: (c) => c.get(`/api/packages/${ids.unpublished}`), allowed: ['coordinator', 'power', 'telecom', 'reviewer1'] },
  { action: "change telecom's own package", call: async (c) => c.patch(`/api/packages/${ids.telecomOnly}`, { version: await versionOf(ids.telecomOnly), purpose: 'x' }), allowed: ['coordinator', 'telecom'] },
  { action: 'change the joint power + telecom package', call: async (c) => c.patch(`/api/packages/${ids.joint}`, { version: await versionOf(ids.joint), purpose: '一次开挖' }), allowed: ['coordinator', 'power', 'telecom'] },
  { action: 'create a power package', call: (c) => c.post('/api/packages', { cycleId: server.cycleId, code: `P-${Math.random().toString(36).slice(2, 8)}`, title: 't', leadDepartment: 'power', departments: ['power'] }), allowed: ['coordinator', 'power'] },
  { action: 'publish a package', call: async (c) => c.patch(`/api/packages/${ids.powerOwn}`, { version: await versionOf(ids.powerOwn), published: !(await publishedOf(ids.powerOwn)) }), allowed: ['coordinator'] },
  { action: 'list departments', call: (c) => c.get('/api/departments'), allowed: ['coordinator', 'power', 'telecom', 'reviewer1', 'observer'] },
  { action: 'create a department', call: (c) => c.post('/api/departments', { code: `d-${Math.random().toString(36).slice(2, 8)}`, nameZh: '新', nameEn: 'New' }), allowed: ['coordinator'] },
  { action: 'list users', call: (c) => c.get('/api/users'), allowed: ['coordinator'] },
  { action: 'create a user', call: (c) => c.post('/api/users', { email: `u${Math.random().toString(36).slice(2, 8)}@demo.zerobase`, displayName: 'u', password: 'password-123' }), allowed: ['coordinator'] },
  { action: 'list memberships', call: (c) => c.get(`/api/cycles/${server.cycleId}/memberships`), allowed: ['coordinator'] },
  { action: 'set envelopes', call: (c) => c.put(`/api/cycles/${server.cycleId}/envelopes`, { envelopes: [] }), allowed: ['coordinator'] },
  { action: 'read envelopes', call: (c) => c.get(`/api/cycles/${server.cycleId}/envelopes`), allowed: ['coordinator', 'power', 'telecom', 'reviewer1', 'observer'] },
];

async function versionOf(id: string): Promise<number> {
  return (await (await server.as('coordinator')).get(`/api/packages/${id}`)).body.version;
}
async function publishedOf(id: string): Promise<boolean> {
  return (await (await server.as('coordinator')).get(`/api/packages/${id}`)).body.published;
}

describe('RBAC matrix', () => {
  it('should allow and deny each role on each endpoint family', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const row of matrix()) {
      for (const who of EVERYONE) {
        const { status } = await row.call(await client(who));
        const allowed = row.allowed.includes(who);
        outcomes.push(`${row.action} / ${who}: ${status >= 200 && status < 300 ? 'allowed' : status}`);
        expected.push(`${row.action} / ${who}: ${allowed ? 'allowed' : who === 'anonymous' ? 401 : 403}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('should leave telecom’s package unchanged when the power liaison tries to write it', async () => {
    const power = await server.as('power');
    const before = (await (await server.as('coordinator')).get(`/api/packages/${ids.telecomOnly}`)).body;
    const refused = await power.patch(`/api/packages/${ids.telecomOnly}`, { version: before.version, title: 'taken over' });
    expect(refused.status).toBe(403);
    const after = (await (await server.as('coordinator')).get(`/api/packages/${ids.telecomOnly}`)).body;
    expect(after).toEqual(before);
  });

  it('should show observers only published packages in lists', async () => {
    const observer = await server.as('observer');
    const list = await observer.get(`/api/cycles/${server.cycleId}/packages`);
    expect(list.body.length).toBeGreaterThan(0);
    expect(list.body.every((p: { published: boolean }) => p.published)).toBe(true);
  });

  it('should refuse a liaison moving a package beyond review', async () => {
    const telecom = await server.as('telecom');
    const moved = await telecom.patch(`/api/packages/${ids.telecomOnly}`, { version: await versionOf(ids.telecomOnly), stage: 'allocation' });
    expect(moved.status).toBe(403);
  });

  it('should refuse forged and missing tokens', async () => {
    const forged = await server.anonymous.request('GET', '/api/cycles', undefined, { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.status).toBe(401);
    expect((await server.anonymous.get('/api/cycles')).body).toMatchObject({ statusCode: 401, error: 'unauthenticated' });
  });
});
