import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MetricsMeeting } from '@zerobase/domain';
import type { MeetingSource } from './meeting-source';

/**
 * The coordination meetings of a cycle as the collaboration metrics count them: meetings that were
 * held (started), with the departments that attended (the invited ones when nobody's department is
 * known) and the packages on the agenda.
 */
@Injectable()
export class StoredMeetings implements MeetingSource {
  constructor(private readonly dataSource: DataSource) {}

  async meetingsOf(cycleId: string): Promise<MetricsMeeting[]> {
    const rows: { scheduled_at: Date; invited: string[]; attended: (string | null)[]; packages: (string | null)[] }[] = await this.dataSource.query(
      `SELECT m.scheduled_at, m.invited_department_ids AS invited,
              ARRAY(SELECT DISTINCT a.department_id FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.department_id IS NOT NULL) AS attended,
              ARRAY(SELECT i.package_id FROM meeting_agenda_item i WHERE i.meeting_id = m.id AND i.package_id IS NOT NULL ORDER BY i.position) AS packages
         FROM meeting m WHERE m.cycle_id = $1 AND m.status <> 'scheduled' ORDER BY m.scheduled_at`,
      [cycleId],
    );
    return rows.map((r) => {
      const attended = r.attended.filter((d): d is string => !!d);
      return { at: r.scheduled_at.toISOString(), departmentIds: attended.length ? attended : r.invited, packageIds: r.packages.filter((p): p is string => !!p) };
    });
  }
}
