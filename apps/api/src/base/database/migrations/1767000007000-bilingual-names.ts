import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Names in both languages where people see them: a cycle's English name, criteria descriptions for reviewers. */
export class BilingualNames1767000007000 implements MigrationInterface {
  name = 'BilingualNames1767000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE budget_cycle ADD COLUMN name_en text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE evaluation_criterion ADD COLUMN description_zh text NOT NULL DEFAULT '', ADD COLUMN description_en text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation_criterion DROP COLUMN description_en, DROP COLUMN description_zh`);
    await q.query(`ALTER TABLE budget_cycle DROP COLUMN name_en`);
  }
}
