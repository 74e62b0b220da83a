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
    // flipped back: the chain verifies again
    const restore = new pg.Client({ connectionString: server.db.url });
    await restore.connect();
    await restore.query(
      `UPDATE ranking_run_record SET run = jsonb_set(run, '{output,items,0,funded}', to_jsonb(NOT (run #>> '{output,items,0,funded}')::boolean)) WHERE cycle_id = $1 AND seq = 1`,
      [cycleId],
    );
    await restore.end();
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toMatchObject({ ok: true, entries: 2 });
    await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { allocationMode: 'strict' });
  }, 90_000);

  it('should seal the edit log and meeting decisions into each recorded run, and name the first run covering a rewritten row', async () => {
    const coordinator = await server.as('coordinator');
    const cycleId = server.cycleId;
    const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
      const client = new pg.Client({ connectionString: server.db.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    };
    // a meeting decision after the runs above, then a third run that seals it
    const packages = (await coordinator.get(`/api/cycles/${cycleId}/packages`)).body as { id: string; code: string }[];
    const meeting = (
      await coordinator.post(`/api/cycles/${cycleId}/meetings`, { title: '链上决定', scheduledAt: '2026-12-03T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ packageId: packages[0]!.id }] })
    ).body;
    expect((await coordinator.post(`/api/meetings/${meeting.id}/start`)).status).toBe(200);
    const decided = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: meeting.agenda[0].id, outcome: 'approved', comment: '同意', agreeing: ['power'] });
    expect(decided.status).toBe(201);
    // and an edit of a package (an edit-log row), settled before the run seals it
    const power = await server.as('power');
    const own = (await power.get(`/api/cycles/${cycleId}/packages?department=power`)).body[0] as { id: string };
    const current = (await power.get(`/api/packages/${own.id}`)).body;
    expect((await power.patch(`/api/packages/${own.id}`, { version: current.version, purpose: `${current.purpose}（链上核对）` })).status).toBe(200);
    const editsBefore = (await coordinator.get(`/api/cycles/${cycleId}/ranking/runs`)).body.entries[1].ledger.edits.count as number;
    await new Promise((r) => setTimeout(r, 2_500));
    const third = await coordinator.post(`/api/cycles/${cycleId}/ranking/runs`, {});
    expect(third.body.seq).toBe(3);
    const chain = (await coordinator.get(`/api/cycles/${cycleId}/ranking/runs`)).body;
    const [first, , last] = chain.entries;
    expect(last.ledger.edits.count).toBeGreaterThan(editsBefore);
    expect(last.ledger.decisions.count).toBe(1);
    expect(first.ledger.decisions.count).toBe(0);
    expect(chain.ledger.edits).toHaveLength(last.ledger.edits.count);
    expect(chain.ledger.decisions.map((d: { id: string; outcome: string }) => [d.id, d.outcome])).toEqual([[decided.body.id, 'approved']]);
    const sealedOffline = verifyOffline(chain);
    expect(sealedOffline.status).toBe(0);
    expect(sealedOffline.out).toContain(`${last.ledger.edits.count} edit-log rows and 1 decisions sealed`);

    // the power edit's row, first sealed by the third run, is rewritten in the database: that run is named, online and offline
    const [row] = await query<{ id: string; paths: string[]; department_id: string | null }>(
      `SELECT id, paths, department_id FROM edit_log WHERE cycle_id = $1 AND doc_id = $2 AND origin = 'rest' ORDER BY id DESC LIMIT 1`,
      [cycleId, own.id],
    );
    expect(chain.ledger.edits.findIndex((e: { id: number }) => e.id === Number(row!.id))).toBeGreaterThanOrEqual(editsBefore);
    await query(`UPDATE edit_log SET department_id = NULL, paths = array_append(paths, 'shared/narrative') WHERE id = $1`, [row!.id]);
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toEqual({ ok: false, seq: 3, reason: 'editsRewritten' });
    const offline = verifyOffline((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs`)).body);
    expect(offline.status).toBe(1);
    expect(offline.out).toContain('CHAIN BROKEN at entry 3: editsRewritten');
    await query(`UPDATE edit_log SET paths = $2, department_id = $3 WHERE id = $1`, [row!.id, row!.paths, row!.department_id]);
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toMatchObject({ ok: true, entries: 3 });

    // a recorded decision is rewritten: the third run, the first that sealed it, is named
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toMatchObject({ ok: true });
    await query(`UPDATE meeting_decision SET outcome = 'returned', comment = '退回' WHERE id = $1`, [decided.body.id]);
    expect((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs/verify`)).body).toEqual({ ok: false, seq: 3, reason: 'decisionsRewritten' });
    const offlineDecision = verifyOffline((await coordinator.get(`/api/cycles/${cycleId}/ranking/runs`)).body);
    expect(offlineDecision.out).toContain('CHAIN BROKEN at entry 3: decisionsRewritten');
  }, 90_000);
});
