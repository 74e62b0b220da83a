import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting's override decisions that the allocation honours: `fund` pins the package, `cut`
 * leaves it unfunded. One per package (the latest decision); a decision that supersedes it
 * without an override lifts it.
 */
export class AllocationOverrides1767000015000 implements MigrationInterface {
  name = 'AllocationOverrides1767000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE allocation_override (
        package_id uuid PRIMARY KEY REFERENCES decision_package(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        override text NOT NULL CHECK (override IN ('fund','cut')),
        reason text NOT NULL DEFAULT '',
        decision_id uuid NOT NULL REFERENCES meeting_decision(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX allocation_override_cycle ON allocation_override (cycle_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS allocation_override`);
  }
}
