import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-department floors and caps of a cycle's allocation; the calibrated (reviewer-bias-corrected) normalization; the chain of recorded ranking runs. */
export class DepartmentLimits1767000017000 implements MigrationInterface {
  name = 'DepartmentLimits1767000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE department_limit (
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id) ON DELETE CASCADE,
        floor_fen bigint CHECK (floor_fen >= 0),
        cap_fen bigint CHECK (cap_fen >= 0),
        PRIMARY KEY (cycle_id, department_id),
        CHECK (floor_fen IS NOT NULL OR cap_fen IS NOT NULL),
        CHECK (floor_fen IS NULL OR cap_fen IS NULL OR floor_fen <= cap_fen)
      )`);
    await q.query(`ALTER TABLE evaluation_settings DROP CONSTRAINT IF EXISTS evaluation_settings_normalization_check`);
    await q.query(`ALTER TABLE evaluation_settings ADD CONSTRAINT evaluation_settings_normalization_check CHECK (normalization IN ('none','zscore','trimmed','calibrated'))`);
    await q.query(`
      CREATE TABLE ranking_run_record (
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        seq int NOT NULL,
        previous_hash text,
        hash text NOT NULL,
        run jsonb NOT NULL,
        recorded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cycle_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ranking_run_record`);
    await q.query(`UPDATE evaluation_settings SET normalization = 'none' WHERE normalization = 'calibrated'`);
    await q.query(`ALTER TABLE evaluation_settings DROP CONSTRAINT IF EXISTS evaluation_settings_normalization_check`);
    await q.query(`ALTER TABLE evaluation_settings ADD CONSTRAINT evaluation_settings_normalization_check CHECK (normalization IN ('none','zscore','trimmed'))`);
    await q.query(`DROP TABLE department_limit`);
  }
}
