import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaboration metrics and public disclosure: what each department of a joint package would have
 * asked for separately (the baseline of joint savings), and the snapshots a coordinator publishes
 * per cycle stage (the public reads only these).
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
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['cycle_publication', 'package_separate_request']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
