import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaboration metrics and public disclosure: what each department of a joint package would have
 * asked for separately (the baseline of joint savings), and the snapshots a coordinator publishes
 * per cycle stage (the public reads only these). Execution monitoring: monthly actuals of funded
 * packages, the off-track rule per cycle, allocation adjustments and the problem list (问题清单).
 */
export class Metrics1767000010000 implements MigrationInterface {
  name = 'Metrics1767000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE package_separate_request (
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        note text NOT NULL DEFAULT '',
        PRIMARY KEY (package_id, department_id)
      )`);
    await q.query(`
      CREATE TABLE cycle_publication (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        stage text NOT NULL CHECK (stage IN ('drafting','review','scoring','ranking','allocation','execution','evaluation')),
        payload jsonb NOT NULL,
        published_by uuid REFERENCES app_user(id),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cycle_publication_cycle ON cycle_publication (cycle_id, published_at DESC)`);
    await q.query(`
      CREATE TABLE execution_actual (
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        month int NOT NULL CHECK (month BETWEEN 1 AND 12),
        spent_fen bigint NOT NULL CHECK (spent_fen >= 0),
        kpi_actuals jsonb NOT NULL DEFAULT '{}',
        entered_by uuid REFERENCES app_user(id),
        entered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (package_id, month)
      )`);
    await q.query(`
      CREATE TABLE execution_rule (
        cycle_id uuid PRIMARY KEY REFERENCES budget_cycle(id) ON DELETE CASCADE,
        rule jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE allocation_adjustment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('cut','reallocate')),
        from_package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        to_package_id uuid REFERENCES decision_package(id) ON DELETE CASCADE,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','approved','rejected')),
        proposed_by uuid REFERENCES app_user(id),
        decided_by uuid REFERENCES app_user(id),
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'reallocate') = (to_package_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX allocation_adjustment_cycle ON allocation_adjustment (cycle_id, created_at)`);
    await q.query(`
      CREATE TABLE execution_problem (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        package_id uuid REFERENCES decision_package(id) ON DELETE CASCADE,
        department_id uuid REFERENCES department(id),
        source text NOT NULL CHECK (source IN ('offTrack','manual')),
        description text NOT NULL,
        owner text NOT NULL DEFAULT '',
        measures text NOT NULL DEFAULT '',
        due_date date,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','inProgress','closed')),
        evidence text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_by uuid REFERENCES app_user(id),
        closed_at timestamptz,
        CHECK (package_id IS NOT NULL OR department_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX execution_problem_cycle ON execution_problem (cycle_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['execution_problem', 'allocation_adjustment', 'execution_rule', 'execution_actual', 'cycle_publication', 'package_separate_request']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
