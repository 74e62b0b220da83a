import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared reference-price catalogue: one reference unit price per cost category and unit, with its edition and flag band. */
export class PriceCatalogue1767000021000 implements MigrationInterface {
  name = 'PriceCatalogue1767000021000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE price_catalogue_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category text NOT NULL CHECK (category IN ('land','materials','machinery','labour','equipment','services','other')),
        unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
        unit_key text NOT NULL,
        item text NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
        price_fen bigint NOT NULL CHECK (price_fen > 0),
        edition text NOT NULL CHECK (length(edition) BETWEEN 1 AND 40),
        low_basis_points int NOT NULL CHECK (low_basis_points BETWEEN 0 AND 10000),
        high_basis_points int NOT NULL CHECK (high_basis_points BETWEEN 10000 AND 1000000),
        version int NOT NULL DEFAULT 1,
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (category, unit_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE price_catalogue_entry`);
  }
}
