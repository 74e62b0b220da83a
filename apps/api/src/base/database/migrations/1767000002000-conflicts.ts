import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Semantic conflicts between departments: concurrent overwrites and edits of deleted rows found
 * while merging, and broken invariants (split, envelope, quota, duplicate work) found after each
 * projection. One OPEN record per (package, key); resolved and dismissed ones are kept as history.
 */
export class Conflicts1767000002000 implements MigrationInterface {
  name = 'Conflicts1767000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conflict (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('concurrentOverwrite','editDelete','splitInvariant','envelope','quota','duplicateWork')),
        key text NOT NULL,
        path text NOT NULL,
        competing jsonb NOT NULL DEFAULT '[]',
        details jsonb NOT NULL DEFAULT '{}',
        department_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved','dismissed')),
        resolution jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CHECK ((status = 'open') = (resolved_at IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX conflict_open_key ON conflict (package_id, key) WHERE status = 'open'`);
    await q.query(`CREATE INDEX conflict_package ON conflict (package_id, created_at)`);
    await q.query(`CREATE INDEX conflict_cycle ON conflict (cycle_id, status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS conflict`);
  }
}
