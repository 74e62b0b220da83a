import { Injectable } from '@nestjs/common';
import { changedFields, foldLastChanges } from '@zerobase/collab';
import { seesStaffNames, staffRefFor, type EditLogEntryView, type EditLogPageView, type LastChangesView } from '@zerobase/domain';
import { DataSource } from 'typeorm';
import { Forbidden, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { PackagesService } from '../packages';
import type { EditLogQuery, LastChangesQuery } from './edit-log.dto';

interface Row {
  id: string;
  at: Date;
  user_id: string | null;
  display_name: string | null;
  department_id: string | null;
  origin: string;
  sections: string[];
  paths: string[];
}

/** The edit log of one package, newest first, for those who may read the package (observers read the department of a change, not the person: libs/domain seesStaffNames). */
@Injectable()
export class EditLog {
  constructor(
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly dataSource: DataSource,
  ) {}

  async page(user: Principal, packageId: string, query: EditLogQuery): Promise<EditLogPageView> {
    const parts = await this.packages.readableParts(user, packageId);
    const names = seesStaffNames(user.memberships, parts.pkg.cycleId);
    // a reader who does not see who changed what may not ask whether a given person did
    if (query.user && !names) throw new Forbidden('The user filter is not open to observers: they read the department of a change, not the person');
    const directory = await this.departments.directory();
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && to <= from) throw new ValidationFailed([{ field: 'to', reason: 'must be after from' }]);
    const where = ['e.doc_id = $1'];
    const params: unknown[] = [packageId];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.department) add((n) => `e.department_id = ${n}`, directory.idOf(query.department, 'department'));
    if (query.user) add((n) => `e.user_id = ${n}`, query.user);
    if (from) add((n) => `e.at >= ${n}`, from);
    if (to) add((n) => `e.at < ${n}`, to);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const filter = where.join(' AND ');
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM edit_log e WHERE ${filter}`, params) as Promise<{ total: number }[]>,
      this.dataSource.query(
        `SELECT e.id, e.at, e.user_id, u.display_name, e.department_id, e.origin, e.sections, e.paths
           FROM edit_log e LEFT JOIN app_user u ON u.id = e.user_id
          WHERE ${filter} ORDER BY e.at DESC, e.id DESC LIMIT ${limit} OFFSET ${offset}`,
        params,
      ) as Promise<Row[]>,
    ]);
    const entries = rows.map((r) => staffRefFor(entryOf(r, directory), names));
    return { entries, total, limit, offset, nextOffset: offset + entries.length < total ? offset + entries.length : null };
  }

  /**
   * Who changed each part of the package last (libs/collab foldLastChanges over the log), for
   * those who may read the package; with `since`, only what entries from that instant on changed.
   */
  async lastChanges(user: Principal, packageId: string, query: LastChangesQuery): Promise<LastChangesView> {
    const parts = await this.packages.readableParts(user, packageId);
    const names = seesStaffNames(user.memberships, parts.pkg.cycleId);
    const directory = await this.departments.directory();
    const params: unknown[] = [packageId];
    if (query.since) params.push(new Date(query.since));
    const [[{ as_of }], rows] = await Promise.all([
      this.dataSource.query(`SELECT now() AS as_of`) as Promise<{ as_of: Date }[]>,
      this.dataSource.query(
        `SELECT e.id, e.at, e.user_id, u.display_name, e.department_id, e.origin, e.sections, e.paths
           FROM edit_log e LEFT JOIN app_user u ON u.id = e.user_id
          WHERE e.doc_id = $1 AND cardinality(e.paths) > 0${query.since ? ' AND e.at >= $2' : ''}`,
        params,
      ) as Promise<Row[]>,
    ]);
    const changes = foldLastChanges(rows.map((r) => entryOf(r, directory)));
    return { changes: [...changes.values()].map((c) => staffRefFor(c, names)), asOf: as_of.toISOString() };
  }
}

function entryOf(r: Row, directory: DepartmentDirectory): EditLogEntryView {
  return {
    id: String(r.id),
    at: r.at.toISOString(),
    userId: r.user_id,
    userName: r.display_name,
    department: r.department_id ? directory.codeOf(r.department_id) : null,
    origin: r.origin,
    sections: r.sections,
    paths: r.paths,
    fields: changedFields(r.paths),
  };
}
