import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachments: supporting documents of a package or of one of its cost lines (the bytes live in the attachment store). */
export class Attachments1767000014000 implements MigrationInterface {
  name = 'Attachments1767000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE package_attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        package_id uuid NOT NULL REFERENCES decision_package(id) ON DELETE CASCADE,
        line_id text,
        department_id uuid REFERENCES department(id),
        file_name text NOT NULL,
        kind text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL CHECK (size_bytes > 0),
        sha256 text NOT NULL,
        storage_key text NOT NULL UNIQUE,
        uploaded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        uploaded_by_name text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX package_attachment_package ON package_attachment (package_id, uploaded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE package_attachment`);
  }
}
