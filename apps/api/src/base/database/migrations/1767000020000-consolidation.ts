import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order-preserving consolidation: the cycle setting (off by default), each decision unit's own order of
 * its packages, and the coordinator's overrides of a unit's order, each with its reason.
 */
export class Consolidation1767000020000 implements MigrationInterface {
  name = 'Consolidation1767000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation_settings ADD COLUMN consolidation boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE unit_order (
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id) ON DELETE CASCADE,
        package_ids uuid[] NOT NULL,
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cycle_id, department_id)
      )`);
    await q.query(`
      CREATE TABLE consolidation_override (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        above_package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (btrim(reason) <> ''),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (package_id <> above_package_id),
        UNIQUE (cycle_id, package_id, above_package_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consolidation_override`);
    await q.query(`DROP TABLE unit_order`);
    await q.query(`ALTER TABLE evaluation_settings DROP COLUMN consolidation`);
  }
}
