import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A coordinator may withdraw what a cycle published: the snapshots stay (who withdrew, when, why), the public no longer reads them. */
export class PublicationWithdrawal1767000019000 implements MigrationInterface {
  name = 'PublicationWithdrawal1767000019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cycle_publication
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN withdrawn_by uuid REFERENCES app_user(id),
        ADD COLUMN withdraw_reason text,
        ADD CONSTRAINT cycle_publication_withdrawal CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL))`);
    await q.query(`CREATE INDEX cycle_publication_public ON cycle_publication (cycle_id, published_at DESC) WHERE withdrawn_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cycle_publication_public`);
    await q.query(`ALTER TABLE cycle_publication DROP CONSTRAINT cycle_publication_withdrawal, DROP COLUMN withdraw_reason, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_at`);
  }
}
