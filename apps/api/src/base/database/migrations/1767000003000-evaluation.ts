import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Evaluation: scoring state and ranking settings per cycle, public input, panel orderings, scenarios. */
export class Evaluation1767000003000 implements MigrationInterface {
  name = 'Evaluation1767000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_settings (
        cycle_id uuid PRIMARY KEY REFERENCES budget_cycle(id) ON DELETE CASCADE,
        scoring_closed boolean NOT NULL DEFAULT false,
        normalization text NOT NULL DEFAULT 'none' CHECK (normalization IN ('none','zscore','trimmed')),
        method text NOT NULL DEFAULT 'score' CHECK (method IN ('score','borda','schulze')),
        allocation_mode text NOT NULL DEFAULT 'strict' CHECK (allocation_mode IN ('strict','skipAndContinue')),
        use_increments boolean NOT NULL DEFAULT false,
        pinned_package_ids uuid[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`
      CREATE TABLE public_input (
        package_id uuid PRIMARY KEY REFERENCES decision_package(id) ON DELETE CASCADE,
        support_bp int NOT NULL CHECK (support_bp BETWEEN 0 AND 10000),
        responses int NOT NULL CHECK (responses >= 0)
      )`);
    await q.query(`
      CREATE TABLE reviewer_ordering (
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        reviewer_id uuid NOT NULL REFERENCES app_user(id),
        package_ids uuid[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cycle_id, reviewer_id)
      )`);
    await q.query(`
      CREATE TABLE ranking_scenario (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        name text NOT NULL,
        settings jsonb NOT NULL,
        result jsonb NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ranking_scenario', 'reviewer_ordering', 'public_input', 'evaluation_settings']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
