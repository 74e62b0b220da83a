import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * End-of-cycle performance evaluation (绩效评价) and the next cycle: the third-party evaluator
 * role, the template and rules a coordinator chooses per cycle, who scores which package, their
 * score sheets, the coordinator's grade adjustments (with a reason), and each package carried
 * forward to the next cycle with what its grade did to it.
 */
export class Performance1767000016000 implements MigrationInterface {
  name = 'Performance1767000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE membership DROP CONSTRAINT membership_role_check`);
    await q.query(`ALTER TABLE membership ADD CONSTRAINT membership_role_check CHECK (role IN ('coordinator','liaison','reviewer','observer','evaluator'))`);
    await q.query(`
      CREATE TABLE performance_settings (
        cycle_id uuid PRIMARY KEY REFERENCES budget_cycle(id) ON DELETE CASCADE,
        template text NOT NULL CHECK (template IN ('kpiCompletion','costBenefit','balancedScorecard')),
        grade_rule jsonb NOT NULL,
        carry_over_rule jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE performance_scorer (
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        PRIMARY KEY (package_id, user_id)
      )`);
    await q.query(`CREATE INDEX performance_scorer_user ON performance_scorer (user_id, cycle_id)`);
    await q.query(`
      CREATE TABLE performance_sheet (
        package_id uuid NOT NULL,
        user_id uuid NOT NULL,
        template text NOT NULL,
        scores jsonb NOT NULL,
        comment text NOT NULL DEFAULT '',
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (package_id, user_id),
        FOREIGN KEY (package_id, user_id) REFERENCES performance_scorer (package_id, user_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE performance_grade_adjustment (
        package_id uuid PRIMARY KEY REFERENCES decision_package(id) ON DELETE CASCADE,
        grade text NOT NULL CHECK (grade IN ('excellent','good','medium','poor')),
        reason text NOT NULL,
        adjusted_by uuid REFERENCES app_user(id),
        adjusted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE cycle_succession (
        cycle_id uuid PRIMARY KEY REFERENCES budget_cycle(id) ON DELETE CASCADE,
        predecessor_cycle_id uuid NOT NULL UNIQUE REFERENCES budget_cycle(id) ON DELETE CASCADE,
        grade_rule jsonb NOT NULL,
        carry_over_rule jsonb NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE package_carry_over (
        predecessor_id uuid PRIMARY KEY REFERENCES decision_package(id) ON DELETE CASCADE,
        successor_cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        successor_id uuid UNIQUE REFERENCES decision_package(id) ON DELETE CASCADE,
        grade text CHECK (grade IN ('excellent','good','medium','poor')),
        effect text NOT NULL CHECK (effect IN ('priority','noGrowth','cut','cancelled','none')),
        cut_bp int,
        previous_allocation_fen bigint NOT NULL CHECK (previous_allocation_fen >= 0),
        cap_fen bigint,
        CHECK ((effect = 'cancelled') = (successor_id IS NULL))
      )`);
    await q.query(`CREATE INDEX package_carry_over_cycle ON package_carry_over (successor_cycle_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['package_carry_over', 'cycle_succession', 'performance_grade_adjustment', 'performance_sheet', 'performance_scorer', 'performance_settings']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`DELETE FROM membership WHERE role = 'evaluator'`);
    await q.query(`ALTER TABLE membership DROP CONSTRAINT membership_role_check`);
    await q.query(`ALTER TABLE membership ADD CONSTRAINT membership_role_check CHECK (role IN ('coordinator','liaison','reviewer','observer'))`);
  }
}
