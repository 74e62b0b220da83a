import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

const verifyOffline = (chain: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), 'chain-'));
  const file = join(dir, 'chain.json');
  writeFileSync(file, JSON.stringify(chain));
  const r = spawnSync(process.execPath, ['tools/recompute.mjs', file], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('tamper-evident chain of ranking runs', () => {
  it('should link each recorded run to the one before, verify it online and offline, and name the first altered entry', async () => {
    const coordinator = await server.as('coordinator');
    const cycleId = server.cycleId;
    const first = await coordinator.post(`/api/cycles/${cycleId}/ranking/runs`, {});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ seq: 1, previousHash: null });
    // the ranking changes between the two records
    expect((await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { allocationMode: 'skipAndContinue' })).status).toBe(200);
    const second = await coordinator.post(`/api/cycles/${cycleId}/ranking/runs`, {});
    expect(second.body).toMatchObject({ seq: 2, previousHash: first.body.hash });
    expect((await (await server.as('power')).post(`/api/cycles/${cycleId}/ranking/runs`, {})).status).toBe(403);

    const chain = (await coordinator.get(`/api/cycles/${cycleId}/ranking/runs`)).body;
    expect(chain.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect(chain.head).toBe(second.body.hash);
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toEqual({ ok: true, entries: 2, head: second.body.hash });
    const offline = verifyOffline(chain);
    expect(offline.out).toContain(`head ${second.body.hash}`);
    expect(offline.status).toBe(0);

    // someone with database access flips a funding decision of the first run
    const client = new pg.Client({ connectionString: server.db.url });
    await client.connect();
    await client.query(
      `UPDATE ranking_run_record SET run = jsonb_set(run, '{output,items,0,funded}', to_jsonb(NOT (run #>> '{output,items,0,funded}')::boolean)) WHERE cycle_id = $1 AND seq = 1`,
      [cycleId],
    );
    await client.end();
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toEqual({ ok: false, seq: 1, reason: 'hashMismatch' });
    const tampered = verifyOffline((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs`)).body);
    expect(tampered.status).toBe(1);
    expect(tampered.out).toContain('CHAIN BROKEN at entry 1: hashMismatch');
    await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { allocationMode: 'strict' });
  }, 90_000);
});
