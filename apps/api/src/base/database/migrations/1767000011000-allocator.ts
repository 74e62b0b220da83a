import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Allocator: the optimal allocation mode, mandated packages and alternatives groups per cycle. */
export class Allocator1767000011000 implements MigrationInterface {
  name = 'Allocator1767000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation_settings DROP CONSTRAINT IF EXISTS evaluation_settings_allocation_mode_check`);
    await q.query(`ALTER TABLE evaluation_settings ADD CONSTRAINT evaluation_settings_allocation_mode_check CHECK (allocation_mode IN ('strict','skipAndContinue','optimal'))`);
    await q.query(`
      CREATE TABLE mandated_package (
        package_id uuid PRIMARY KEY REFERENCES decision_package(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        basis text NOT NULL DEFAULT ''
      )`);
    await q.query(`CREATE INDEX mandated_package_cycle ON mandated_package (cycle_id)`);
    await q.query(`
      CREATE TABLE alternative_group (
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        name text NOT NULL,
        package_ids uuid[] NOT NULL,
        position int NOT NULL,
        PRIMARY KEY (cycle_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alternative_group`);
    await q.query(`DROP TABLE mandated_package`);
    await q.query(`UPDATE evaluation_settings SET allocation_mode = 'strict' WHERE allocation_mode = 'optimal'`);
    await q.query(`ALTER TABLE evaluation_settings DROP CONSTRAINT IF EXISTS evaluation_settings_allocation_mode_check`);
    await q.query(`ALTER TABLE evaluation_settings ADD CONSTRAINT evaluation_settings_allocation_mode_check CHECK (allocation_mode IN ('strict','skipAndContinue'))`);
  }
}
