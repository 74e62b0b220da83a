import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each recorded ranking run seals the cycle's edit log and decisions: its checkpoint (libs/domain evaluation/ledger.ts). */
export class Ledger1767000022000 implements MigrationInterface {
  name = 'Ledger1767000022000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ranking_run_record ADD COLUMN ledger jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ranking_run_record DROP COLUMN ledger`);
  }
}
