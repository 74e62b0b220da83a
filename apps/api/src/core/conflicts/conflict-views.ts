import { Injectable } from '@nestjs/common';
import { CycleEvents } from '../../base/events/cycle-events';
import type { DepartmentDirectory } from '../departments';
import { RealtimeService, rooms } from '../realtime';
import { ACTIONS_BY_KIND, type ConflictEvent, type ConflictRow, type ConflictView } from './conflict-types';

export function toView(row: ConflictRow, directory: DepartmentDirectory): ConflictView {
  return {
    id: row.id,
    cycleId: row.cycleId,
    packageId: row.packageId,
    packageCode: row.packageCode,
    kind: row.kind,
    key: row.key,
    path: row.path,
    competing: row.competing,
    details: row.details,
    departments: row.departmentIds.map((id) => directory.codeOf(id)).sort(),
    status: row.status,
    resolution: row.resolution,
    actions: row.status === 'open' ? ACTIONS_BY_KIND[row.kind] : [],
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    resolvedAt: row.resolvedAt ? new Date(row.resolvedAt).toISOString() : null,
  };
}

/** Pushes `conflict` events to the liaisons of the departments involved and to the cycle's coordinators. */
@Injectable()
export class ConflictNotifier {
  constructor(
    private readonly realtime: RealtimeService,
    private readonly events: CycleEvents,
  ) {}

  push(type: ConflictEvent['type'], row: ConflictRow, directory: DepartmentDirectory): void {
    const targets = [rooms.coordinators(row.cycleId), ...row.departmentIds.map((id) => rooms.department(row.cycleId, id))];
    const event: ConflictEvent = { type, conflict: toView(row, directory) };
    this.realtime.emit(targets, 'conflict', event);
    if (type === 'created') this.events.changed({ cycleId: row.cycleId, cause: 'conflict', packageId: row.packageId, conflict: { id: row.id, departmentIds: row.departmentIds } });
  }
}
