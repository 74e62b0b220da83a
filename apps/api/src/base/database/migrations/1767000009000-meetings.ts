import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coordination meetings (agenda, attendance, decisions, follow-up actions, minutes) and
 * per-user notifications with per-kind mutes. Decisions are never updated: a change is a new
 * row that supersedes the old one.
 */
export class Meetings1767000009000 implements MigrationInterface {
  name = 'Meetings1767000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        title text NOT NULL,
        place text NOT NULL DEFAULT '',
        scheduled_at timestamptz NOT NULL,
        chair_id uuid NOT NULL REFERENCES app_user(id),
        invited_department_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','open','ended')),
        agenda_position int NOT NULL DEFAULT 0,
        on_screen_package_id uuid REFERENCES decision_package(id) ON DELETE SET NULL,
        preview jsonb,
        minutes_notes text NOT NULL DEFAULT '',
        minutes_closed_at timestamptz,
        started_at timestamptz,
        ended_at timestamptz,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX meeting_cycle ON meeting (cycle_id, scheduled_at)`);
    await q.query(`
      CREATE TABLE meeting_agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        position int NOT NULL,
        package_id uuid REFERENCES decision_package(id) ON DELETE SET NULL,
        title text NOT NULL,
        UNIQUE (meeting_id, position)
      )`);
    await q.query(`
      CREATE TABLE meeting_attendance (
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        department_id uuid REFERENCES department(id),
        role text NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE meeting_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        agenda_item_id uuid REFERENCES meeting_agenda_item(id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (outcome IN ('approved','returned','merged','deferred','override','whatIfAdopted')),
        comment text NOT NULL DEFAULT '',
        override text CHECK (override IN ('fund','cut')),
        joint_package_id uuid REFERENCES decision_package(id) ON DELETE SET NULL,
        merged_package_ids uuid[] NOT NULL DEFAULT '{}',
        what_if jsonb,
        proposed_by uuid NOT NULL REFERENCES app_user(id),
        agreeing_department_ids uuid[] NOT NULL DEFAULT '{}',
        objecting_department_ids uuid[] NOT NULL DEFAULT '{}',
        supersedes_id uuid UNIQUE REFERENCES meeting_decision(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((outcome = 'whatIfAdopted') = (agenda_item_id IS NULL))
      )`);
    // one first decision per item; later ones must name the decision they replace (once each)
    await q.query(`CREATE UNIQUE INDEX meeting_decision_first ON meeting_decision (agenda_item_id) WHERE supersedes_id IS NULL AND agenda_item_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE follow_up_action (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id uuid NOT NULL REFERENCES budget_cycle(id) ON DELETE CASCADE,
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        decision_id uuid NOT NULL REFERENCES meeting_decision(id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department(id),
        description text NOT NULL,
        due_date date NOT NULL,
        done_at timestamptz,
        done_by uuid REFERENCES app_user(id),
        overdue_notified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX follow_up_department ON follow_up_action (cycle_id, department_id, due_date)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind text NOT NULL,
        cycle_id uuid REFERENCES budget_cycle(id) ON DELETE CASCADE,
        subject_key text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        link text NOT NULL DEFAULT '',
        count int NOT NULL DEFAULT 1,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_user ON notification (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notification_coalesce ON notification (user_id, kind, subject_key, created_at DESC)`);
    await q.query(`
      CREATE TABLE notification_mute (
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind text NOT NULL,
        PRIMARY KEY (user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE notification_ranking_state (
        cycle_id uuid PRIMARY KEY REFERENCES budget_cycle(id) ON DELETE CASCADE,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification_ranking_state', 'notification_mute', 'notification', 'follow_up_action', 'meeting_decision', 'meeting_attendance', 'meeting_agenda_item', 'meeting']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
