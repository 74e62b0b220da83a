import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Yjs persistence: an append-only update log, compacted snapshots, named versions, the edit log. */
export class Collab1767000001000 implements MigrationInterface {
  name = 'Collab1767000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE doc_update (
        seq bigserial PRIMARY KEY,
        doc_id uuid NOT NULL,
        update bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX doc_update_doc ON doc_update (doc_id, seq)`);
    await q.query(`
      CREATE TABLE doc_snapshot (
        doc_id uuid PRIMARY KEY,
        state bytea NOT NULL,
        compacted_updates bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE doc_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        doc_id uuid NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('manual','stage-gate','before-restore')),
        state bytea NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX doc_version_doc ON doc_version (doc_id, created_at)`);
    await q.query(`
      CREATE TABLE edit_log (
        id bigserial PRIMARY KEY,
        doc_id uuid NOT NULL,
        cycle_id uuid,
        user_id uuid,
        department_id uuid,
        origin text NOT NULL,
        bytes int NOT NULL,
        sections text[] NOT NULL,
        paths text[] NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX edit_log_doc ON edit_log (doc_id, at)`);
    await q.query(`CREATE INDEX edit_log_cycle ON edit_log (cycle_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['edit_log', 'doc_version', 'doc_snapshot', 'doc_update']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
