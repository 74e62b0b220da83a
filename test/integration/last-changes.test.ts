import { departmentSection, setSharedText, setUnitCost } from '@zerobase/collab';
import type { EditLogPageView, LastChangeView, LastChangesView } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
let telecom: HttpClient;
const ids = new Map<string, string>();

beforeAll(async () => {
  server = await startDemoServer();
  [coordinator, power, telecom] = await Promise.all([server.as('coordinator'), server.as('power'), server.as('telecom')]);
  for (const p of (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body) ids.set(p.code, p.id);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const lastChanges = async (client: HttpClient, id: string, query = ''): Promise<{ status: number; body: LastChangesView & { fields?: { field: string }[] } }> =>
  client.get(`/api/packages/${id}/last-changes${query ? `?${query}` : ''}`);
const byPath = (view: LastChangesView) => new Map<string, LastChangeView>(view.changes.map((c) => [c.path, c]));

/** A y-websocket client of `who` with the package open, synced. */
async function open(client: HttpClient, packageId: string): Promise<CollabClient> {
  const collab = connectCollab(server.api.baseUrl, packageId, client.token);
  await collab.synced();
  return collab;
}

describe('GET /api/packages/:id/last-changes', () => {
  const unitCostPath = 'dept:telecom/costLines/DP-01-l3.unitCostFen';

  it('should show telecom as the last author of the value telecom changed while power had the package open', async () => {
    const dp01 = ids.get('DP-01')!;
    const before = await lastChanges(power, dp01);
    expect(before.status).toBe(200);
    expect(before.body.changes.find((c) => c.path === unitCostPath)).toBeUndefined();

    const powerEditor = await open(power, dp01);
    const telecomEditor = await open(telecom, dp01);
    try {
      const startedAt = Date.now();
      setUnitCost(telecomEditor.doc, departmentSection('telecom'), 'DP-01-l3', 720_000_000);
      // the edit reaches power's open document through the server
      await eventually(
        () => powerEditor.doc.getArray<{ get(k: string): unknown }>('dept:telecom/costLines').toArray().find((row) => row.get('id') === 'DP-01-l3')?.get('unitCostFen'),
        (fen) => fen === 720_000_000,
        10_000,
        "telecom's edit to reach power",
      );
      const view = (await lastChanges(power, dp01)).body;
      const change = byPath(view).get(unitCostPath);
      expect(change).toMatchObject({ path: unitCostPath, department: 'telecom', userName: '通信办 联络人', userId: (await telecom.get('/api/auth/me')).body.userId });
      expect(Date.parse(change!.at)).toBeGreaterThanOrEqual(startedAt - 2_000);
      expect(Date.parse(change!.at)).toBeLessThanOrEqual(Date.parse(view.asOf));
      // the same entry as the edit log lists
      const log = (await power.get(`/api/packages/${dp01}/edit-log?department=telecom`)).body as EditLogPageView;
      expect(log.entries[0]).toMatchObject({ id: change!.entryId, at: change!.at, paths: [unitCostPath] });

      // power rewrites the purpose, then telecom does: the latest author wins, per path
      setSharedText(powerEditor.doc, 'purpose', '提升线路供电与通信能力。');
      await eventually(async () => byPath((await lastChanges(telecom, dp01)).body).get('shared/purpose')?.department, (d) => d === 'power', 10_000, "power's purpose");
      setSharedText(telecomEditor.doc, 'purpose', '提升线路供电与通信能力，同步敷设光缆。');
      const purpose = await eventually(async () => byPath((await lastChanges(power, dp01)).body).get('shared/purpose'), (c) => c?.department === 'telecom', 10_000, "telecom's purpose");
      expect(purpose!.userName).toBe('通信办 联络人');
      const all = byPath((await lastChanges(power, dp01)).body);
      expect(all.get(unitCostPath)?.entryId).toBe(change!.entryId);
      expect(Date.parse(purpose!.at)).toBeGreaterThanOrEqual(Date.parse(change!.at));

      // since: only what changed from that instant on
      const recent = (await lastChanges(power, dp01, `since=${encodeURIComponent(purpose!.at)}`)).body;
      expect(recent.changes.map((c) => c.path)).toEqual(['shared/purpose']);
      const later = (await lastChanges(power, dp01, `since=${encodeURIComponent(new Date(Date.parse(recent.asOf) + 1).toISOString())}`)).body;
      expect(later.changes).toEqual([]);
    } finally {
      powerEditor.destroy();
      telecomEditor.destroy();
    }
  });

  it('should answer those who may read the package as GET /api/packages/:id does, and refuse the others', async () => {
    const dp01 = ids.get('DP-01')!;
    const dp03 = ids.get('DP-03')!;
    const observer = await server.as('observer');
    // positive first: the observer reads the published DP-01 and its last changes, with telecom's among them
    expect((await observer.get(`/api/packages/${dp01}`)).status).toBe(200);
    const published = await lastChanges(observer, dp01);
    expect(published.status).toBe(200);
    expect(byPath(published.body).get(unitCostPath)?.department).toBe('telecom');
    // an unpublished package: refused like the package itself, nothing of the log in the answer
    expect((await observer.get(`/api/packages/${dp03}`)).status).toBe(403);
    const refused = await lastChanges(observer, dp03);
    expect(refused.status).toBe(403);
    expect(refused.body.changes).toBeUndefined();
    // the evaluator reads only the packages it evaluates
    const evaluator = await server.as('evaluator');
    expect((await lastChanges(evaluator, dp01)).status).toBe(200);
    expect((await lastChanges(evaluator, dp03)).status).toBe(403);
    expect((await lastChanges(server.anonymous, dp01)).status).toBe(401);
    expect((await lastChanges(power, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('should answer bad input with 400 naming the field', async () => {
    const dp01 = ids.get('DP-01')!;
    for (const query of ['since=yesterday', 'since=2026-13-40T00:00:00Z']) {
      const response = await lastChanges(power, dp01, query);
      expect(response.status).toBe(400);
      expect(response.body.fields?.map((f) => f.field)).toContain('since');
    }
    expect((await power.get('/api/packages/not-a-uuid/last-changes')).status).toBe(400);
  });
});
