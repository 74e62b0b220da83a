import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrity: reopenings of stage-locked packages (an explicit, logged coordinator action), and
 * the document state each package's relational projection was computed from (so a document
 * loaded after a crash re-projects when its projection is behind).
 */
export class Integrity1767000005000 implements MigrationInterface {
  name = 'Integrity1767000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE package_reopening (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        from_stage text NOT NULL,
        to_stage text NOT NULL,
        reason text NOT NULL,
        reopened_by uuid REFERENCES app_user(id),
        reopened_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX package_reopening_package ON package_reopening (package_id, reopened_at)`);
    await q.query(`
      CREATE TABLE doc_projection (
        doc_id uuid PRIMARY KEY REFERENCES decision_package(id) ON DELETE CASCADE,
        state_vector bytea NOT NULL,
        projected_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE doc_projection`);
    await q.query(`DROP TABLE package_reopening`);
  }
}
