import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

/** Conflict of interest: liaison memberships count, and the whole bureau (bureau ↔ divisions) is conflicted. */
let server: DemoServer;
let byCode: Map<string, string>;
let criteria: { key: string }[];

beforeAll(async () => {
  server = await startDemoServer();
  const coordinator = await server.as('coordinator');
  byCode = new Map(((await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string; code: string }[]).map((p) => [p.code, p.id]));
  criteria = (await coordinator.get(`/api/cycles/${server.cycleId}/criteria`)).body;
  const roads = await coordinator.post('/api/packages', { cycleId: server.cycleId, code: 'R-ONLY', title: '公路养护专项', leadDepartment: 'transport-roads', departments: ['transport-roads'] });
  byCode.set('R-ONLY', roads.body.id);
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
/** A new user with the given department and memberships in the demo cycle, signed in. */
async function reviewer(department: string | null, liaisonOf: string | null = null): Promise<HttpClient> {
  const coordinator = await server.as('coordinator');
  const email = `coi${++n}-${Date.now().toString(36)}@demo.zerobase`;
  const user = await coordinator.post('/api/users', { email, displayName: `评审 ${n}`, password: 'a-long-enough-passphrase-1', ...(department ? { department } : {}) });
  expect(user.status).toBe(201);
  expect((await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: user.body.id, role: 'reviewer' })).status).toBe(201);
  if (liaisonOf) expect((await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: user.body.id, role: 'liaison', department: liaisonOf })).status).toBe(201);
  return server.anonymous.login(email, 'a-long-enough-passphrase-1');
}

const score = (client: HttpClient, code: string) => client.put(`/api/packages/${byCode.get(code)}/scores/mine`, { scores: criteria.map((c) => ({ criterion: c.key, score: 99 })) });

async function storedScores(code: string, client: HttpClient): Promise<number> {
  const coordinator = await server.as('coordinator');
  const me = (await client.get('/api/auth/me')).body;
  return (await coordinator.get(`/api/packages/${byCode.get(code)}/scores`)).body.scores.filter((s: { reviewerId: string }) => s.reviewerId === me.userId).length;
}

describe('conflict of interest', () => {
  it('should refuse a reviewer who is liaison (by membership) for a department owning the package', async () => {
    const both = await reviewer(null, 'power');
    const refused = await score(both, 'DP-01'); // power + telecom
    expect(refused.status).toBe(403);
    expect(await storedScores('DP-01', both)).toBe(0);
    expect((await score(both, 'DP-04')).status).toBe(200); // education: no conflict
  });

  it('should refuse a division’s reviewer on its bureau’s package, and a bureau’s reviewer on its division’s', async () => {
    const division = await reviewer('city-enforcement');
    expect((await score(division, 'DP-18')).status).toBe(403); // water + city
    expect(await storedScores('DP-18', division)).toBe(0);
    const bureau = await reviewer('transport');
    expect((await score(bureau, 'R-ONLY')).status).toBe(403); // transport-roads only
    expect(await storedScores('R-ONLY', bureau)).toBe(0);
    expect((await score(division, 'DP-04')).status).toBe(200);
  });

  it('should leave out of the ranking the scores of a reviewer who became liaison of an owning department', async () => {
    const coordinator = await server.as('coordinator');
    const excluded = async () => (await coordinator.get(`/api/cycles/${server.cycleId}/ranking`)).body.excludedForConflict as number;
    const later = await reviewer(null);
    expect((await score(later, 'DP-20')).status).toBe(200); // city + power
    const before = await excluded();
    const laterMe = (await later.get('/api/auth/me')).body;
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: laterMe.userId, role: 'liaison', department: 'power' })).status).toBe(201);
    expect(await excluded()).toBe(before + criteria.length);
  });
});
