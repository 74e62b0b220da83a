import { departmentSection, setSharedText, setTitle, setUnitCost } from '@zerobase/collab';
import type { EditLogEntryView, EditLogPageView, VersionSummaryView } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { collabEdit } from '../security/collab-edits';

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
let telecom: HttpClient;
const ids = new Map<string, string>();
const userIds = new Map<string, string>();

beforeAll(async () => {
  // automatic versions after 600 ms without an edit by the same person, no minimum interval
  server = await startDemoServer({ AUTO_VERSION_QUIET_MS: '600', AUTO_VERSION_MIN_INTERVAL_MS: '0' });
  [coordinator, power, telecom] = await Promise.all([server.as('coordinator'), server.as('power'), server.as('telecom')]);
  for (const p of (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body) ids.set(p.code, p.id);
  for (const [who, client] of [['power', power], ['telecom', telecom], ['coordinator', coordinator]] as const) userIds.set(who, (await client.get('/api/auth/me')).body.userId);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const log = async (client: HttpClient, id: string, query = ''): Promise<{ status: number; body: EditLogPageView & { fields?: { field: string; reason: string }[] } }> =>
  client.get(`/api/packages/${id}/edit-log${query ? `?${query}` : ''}`);

describe('GET /api/packages/:id/edit-log', () => {
  let dp01: string;
  let all: EditLogEntryView[];

  beforeAll(async () => {
    dp01 = ids.get('DP-01')!;
    expect(await collabEdit(server, dp01, power.token!, (doc) => setUnitCost(doc, departmentSection('power'), 'DP-01-l1', 650_000_000))).toBeNull();
    expect(await collabEdit(server, dp01, telecom.token!, (doc) => setUnitCost(doc, departmentSection('telecom'), 'DP-01-l3', 720_000_000))).toBeNull();
    const pkg = (await coordinator.get(`/api/packages/${dp01}`)).body;
    expect((await coordinator.patch(`/api/packages/${dp01}`, { version: pkg.version, title: '电力与通信线路联合升级（修订）' })).status).toBe(200);
    const full = await log(telecom, dp01, 'limit=200');
    expect(full.status).toBe(200);
    all = full.body.entries;
  });

  it('should list who changed which fields, newest first', () => {
    const [rest, byTelecom, byPower] = all;
    expect(rest).toMatchObject({ origin: 'rest', userId: userIds.get('coordinator'), department: null, fields: ['title'] });
    expect(rest.paths).toContain('shared.title');
    expect(byTelecom).toMatchObject({ origin: 'client', userId: userIds.get('telecom'), department: 'telecom', userName: expect.any(String), fields: ['costLines'] });
    expect(byTelecom.paths).toEqual(['dept:telecom/costLines/DP-01-l3.unitCostFen']);
    expect(byPower).toMatchObject({ origin: 'client', userId: userIds.get('power'), department: 'power', fields: ['costLines'] });
    expect(byPower.paths).toEqual(['dept:power/costLines/DP-01-l1.unitCostFen']);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('should page with limit and offset, without gaps or repeats', async () => {
    const pages: EditLogEntryView[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page = await log(power, dp01, `limit=1&offset=${offset}`);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ limit: 1, offset, total: all.length });
      expect(page.body.entries).toHaveLength(1);
      pages.push(...page.body.entries);
      offset = page.body.nextOffset;
    }
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const past = await log(power, dp01, `offset=${all.length}`);
    expect(past.body).toMatchObject({ entries: [], total: all.length, nextOffset: null });
  });

  it('should filter by department, user and time range', async () => {
    const byPower = (await log(coordinator, dp01, 'department=power')).body;
    expect(byPower.total).toBe(1);
    expect(byPower.entries.map((e) => e.paths)).toEqual([['dept:power/costLines/DP-01-l1.unitCostFen']]);
    const byTelecomUser = (await log(coordinator, dp01, `user=${userIds.get('telecom')}`)).body;
    expect(byTelecomUser.entries.map((e) => e.department)).toEqual(['telecom']);
    const housing = (await log(coordinator, dp01, 'department=housing')).body;
    expect(housing).toMatchObject({ total: 0, entries: [] });

    const telecomAt = all[1].at;
    const since = (await log(coordinator, dp01, `from=${encodeURIComponent(telecomAt)}`)).body.entries;
    expect(since.map((e) => e.id)).toEqual([all[0].id, all[1].id]);
    const before = (await log(coordinator, dp01, `to=${encodeURIComponent(telecomAt)}`)).body.entries;
    expect(before.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
    const window = (await log(coordinator, dp01, `from=${encodeURIComponent(all[2].at)}&to=${encodeURIComponent(all[0].at)}&department=telecom`)).body.entries;
    expect(window.map((e) => e.id)).toEqual([all[1].id]);
  });

  it('should refuse a user who may not read the package, as GET /api/packages/:id does', async () => {
    const observer = await server.as('observer');
    const unpublished = ids.get('DP-03')!;
    expect((await observer.get(`/api/packages/${unpublished}`)).status).toBe(403);
    const refused = await log(observer, unpublished);
    expect(refused.status).toBe(403);
    expect(refused.body.entries).toBeUndefined();
    // the same observer reads the log of a published package, like the package itself
    expect((await observer.get(`/api/packages/${dp01}`)).status).toBe(200);
    const published = await log(observer, dp01);
    expect(published.status).toBe(200);
    expect(published.body.total).toBe(all.length);
    expect((await log(observer, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('should answer bad query parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['department=nowhere', 'department'],
      ['user=not-a-uuid', 'user'],
      ['from=yesterday', 'from'],
      ['to=2026-13-40', 'to'],
      ['from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z', 'to'],
      ['sort=asc', 'sort'],
    ];
    for (const [query, field] of cases) {
      const response = await log(coordinator, dp01, query);
      expect(response.status, query).toBe(400);
      expect(response.body.fields?.map((f) => f.field), query).toContain(field);
    }
  });
});

describe('automatic versions', () => {
  const versions = async (id: string): Promise<VersionSummaryView[]> => (await power.get(`/api/packages/${id}/versions`)).body;

  it('should take one version after each editing burst, naming who and which fields changed, and make a restore a version', async () => {
    const id = ids.get('DP-02')!;
    // a burst of three edits by power: one automatic version once power stops
    const client = connectCollab(server.api.baseUrl, id, power.token!);
    await client.synced();
    for (const cost of [110_000_000, 120_000_000, 130_000_000]) {
      setUnitCost(client.doc, departmentSection('power'), 'DP-02-l5', cost);
      await new Promise((r) => setTimeout(r, 150));
    }
    setSharedText(client.doc, 'narrative', '供电线路入地。');
    const first = await eventually(() => versions(id), (list) => list.some((v) => v.kind === 'auto'), 15_000, "power's automatic version");
    client.destroy();
    const auto = first.filter((v) => v.kind === 'auto');
    expect(auto).toHaveLength(1);
    expect(auto[0]).toMatchObject({ createdBy: userIds.get('power'), fields: ['narrative', 'costLines'] });
    expect(auto[0].editors).toEqual([{ userId: userIds.get('power'), userName: expect.any(String), department: 'power' }]);

    // telecom's edit afterwards: its own version; power's burst is not recorded twice
    expect(await collabEdit(server, id, telecom.token!, (doc) => setTitle(doc, '老旧小区综合改造（通信修订）'))).toBeNull();
    const second = await eventually(() => versions(id), (list) => list.filter((v) => v.kind === 'auto').length >= 2, 15_000, "telecom's automatic version");
    const autos = second.filter((v) => v.kind === 'auto');
    expect(autos.map((v) => [v.createdBy, v.fields])).toEqual([
      [userIds.get('power'), ['narrative', 'costLines']],
      [userIds.get('telecom'), ['title']],
    ]);

    // restoring the first: the restore is a version of its own, by the coordinator
    const restored = await coordinator.post(`/api/packages/${id}/versions/${autos[0].id}/restore`, {});
    expect(restored.status).toBe(201);
    const after = await versions(id);
    // no "before restore" copy: telecom's automatic version already holds the state before
    expect(after.map((v) => v.kind)).toEqual(['auto', 'auto', 'restore']);
    expect(after.at(-1)).toMatchObject({ createdBy: userIds.get('coordinator'), fields: ['title'] });
    const content = (await power.get(`/api/packages/${id}/versions/${after.at(-1)!.id}`)).body.content;
    expect(content.title).not.toContain('通信修订');
    expect(content.narrative).toBe('供电线路入地。');
    // a restore is no editing burst: no automatic version follows it (positive signal: a new manual version comes after)
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await power.post(`/api/packages/${id}/versions`, { name: 'marker' })).status).toBe(201);
    const final = await versions(id);
    expect(final.map((v) => v.kind)).toEqual(['auto', 'auto', 'restore', 'manual']);
  });
});
