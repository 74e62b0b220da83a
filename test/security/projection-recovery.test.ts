import { departmentSection, setTitle, setUnitCost } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';

let server: DemoServer;
let coordinator: HttpClient;

beforeAll(async () => {
  // projections wait 20 s after a change: long enough to kill the process in between
  server = await startDemoServer({ COLLAB_PROJECTION_DELAY_MS: '20000' });
  coordinator = await server.as('coordinator');
});
afterAll(async () => {
  await server?.close();
});

describe('projection recovery', () => {
  it('should show an acknowledged edit in REST after a kill -9 that came before its projection', async () => {
    const id = (await coordinator.get(`/api/cycles/${server.cycleId}/packages?department=power`)).body.find((p: { code: string }) => p.code === 'DP-01').id;
    const power = await server.as('power');
    const before = (await coordinator.get(`/api/packages/${id}`)).body;
    const client = connectCollab(server.api.baseUrl, id, power.token!);
    await client.synced();
    // one update, so "logged" below covers both changes
    client.doc.transact(() => {
      setTitle(client.doc, '崩溃前的标题');
      setUnitCost(client.doc, departmentSection('power'), 'DP-01-l1', 6_600_000_00);
    });
    // acknowledged = in the update log
    await eventually(
      async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edit_log WHERE doc_id = $1 AND origin = 'client'`, [id]))[0].n,
      (n) => n > 0,
      10_000,
      'the edit to be logged',
    );
    client.destroy();
    await server.api.kill9();
    // the crash left the projection behind the document
    const [row] = await server.db.query<{ title: string }>(`SELECT title FROM decision_package WHERE id = $1`, [id]);
    expect(row.title).toBe(before.title);

    await server.api.launch();
    const after = await eventually(() => coordinator.get(`/api/packages/${id}`), (r) => r.body.title === '崩溃前的标题', 15_000, 'the recovered projection');
    expect(after.body.costLines.find((l: { id: string }) => l.id === 'DP-01-l1').unitCostFen).toBe(6_600_000_00);
    expect(after.body.totals.baseFen).toBe(before.totals.baseFen - before.costLines.find((l: { id: string }) => l.id === 'DP-01-l1').amountFen + 6_600_000_00);
  });
});
