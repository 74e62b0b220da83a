import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1767000000000 implements MigrationInterface {
  name = 'Foundation1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE app_setting (key text PRIMARY KEY, value text NOT NULL)`);
    await q.query(`
      CREATE TABLE department (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
        name_zh text NOT NULL,
        name_en text NOT NULL,
        parent_id uuid REFERENCES department(id)
      )`);
    await q.query(`
      CREATE TABLE budget_cycle (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        fiscal_year int NOT NULL,
        total_quota_fen bigint NOT NULL CHECK (total_quota_fen >= 0),
        reserve_bp int NOT NULL CHECK (reserve_bp BETWEEN 0 AND 10000),
        tier_high int NOT NULL DEFAULT 85,
        tier_medium int NOT NULL DEFAULT 60,
        stage text NOT NULL CHECK (stage IN ('drafting','review','scoring','ranking','allocation','execution','evaluation')),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (tier_medium < tier_high)
      )`);
    await q.query(`
      CREATE TABLE department_envelope (
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        PRIMARY KEY (cycle_id, department_id)
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        department_id uuid REFERENCES department(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('coordinator','liaison','reviewer','observer')),
        department_id uuid REFERENCES department(id),
        CHECK ((role = 'liaison') = (department_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX membership_unique ON membership (user_id, cycle_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`
      CREATE TABLE decision_package (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        code text NOT NULL,
        title text NOT NULL,
        purpose text NOT NULL,
        lead_department_id uuid NOT NULL REFERENCES department(id),
        stage text NOT NULL CHECK (stage IN ('drafting','review','scoring','ranking','allocation','execution','evaluation')),
        published boolean NOT NULL DEFAULT false,
        contingency_bp int NOT NULL CHECK (contingency_bp BETWEEN 0 AND 10000),
        details jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        submitted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_id, code)
      )`);
    await q.query(`
      CREATE TABLE package_department (
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id),
        share_bp int NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
        PRIMARY KEY (package_id, department_id)
      )`);
    await q.query(`
      CREATE TABLE cost_line (
        id text NOT NULL,
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        department_id uuid REFERENCES department(id),
        category text NOT NULL CHECK (category IN ('land','materials','machinery','labour','equipment','services','other')),
        description text NOT NULL,
        location text,
        quantity_milli bigint NOT NULL CHECK (quantity_milli >= 0),
        unit text NOT NULL,
        unit_cost_fen bigint NOT NULL CHECK (unit_cost_fen >= 0),
        year int NOT NULL,
        position int NOT NULL,
        PRIMARY KEY (package_id, id)
      )`);
    await q.query(`
      CREATE TABLE evaluation_criterion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        key text NOT NULL,
        name_zh text NOT NULL,
        name_en text NOT NULL,
        weight int NOT NULL CHECK (weight BETWEEN 0 AND 100),
        position int NOT NULL,
        UNIQUE (cycle_id, key)
      )`);
    await q.query(`
      CREATE TABLE reviewer_score (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        reviewer_id uuid NOT NULL REFERENCES app_user(id),
        criterion_key text NOT NULL,
        score int NOT NULL CHECK (score BETWEEN 0 AND 100),
        comment text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (package_id, reviewer_id, criterion_key)
      )`);
    await q.query(`CREATE INDEX decision_package_cycle ON decision_package (cycle_id)`);
    await q.query(`CREATE INDEX reviewer_score_cycle ON reviewer_score (cycle_id)`);
    await q.query(`CREATE INDEX membership_user ON membership (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['reviewer_score', 'evaluation_criterion', 'cost_line', 'package_department', 'decision_package', 'membership', 'app_user', 'department_envelope', 'budget_cycle', 'department', 'app_setting']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
