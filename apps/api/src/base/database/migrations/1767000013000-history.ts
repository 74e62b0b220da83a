import type { MigrationInterface, QueryRunner } from 'typeorm';

/** History: automatic versions and restores as versions; the edit log read per package and author. */
export class History1767000013000 implements MigrationInterface {
  name = 'History1767000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE doc_version DROP CONSTRAINT IF EXISTS doc_version_kind_check`);
    await q.query(`ALTER TABLE doc_version ADD CONSTRAINT doc_version_kind_check CHECK (kind IN ('manual','stage-gate','before-restore','auto','restore'))`);
    await q.query(`CREATE INDEX doc_version_auto ON doc_version (doc_id, created_by, created_at) WHERE kind = 'auto'`);
    await q.query(`CREATE INDEX edit_log_doc_user ON edit_log (doc_id, user_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS edit_log_doc_user`);
    await q.query(`DROP INDEX IF EXISTS doc_version_auto`);
    await q.query(`DELETE FROM doc_version WHERE kind IN ('auto','restore')`);
    await q.query(`ALTER TABLE doc_version DROP CONSTRAINT IF EXISTS doc_version_kind_check`);
    await q.query(`ALTER TABLE doc_version ADD CONSTRAINT doc_version_kind_check CHECK (kind IN ('manual','stage-gate','before-restore'))`);
  }
}
