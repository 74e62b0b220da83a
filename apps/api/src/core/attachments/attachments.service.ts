import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ATTACHMENT_TYPES,
  attachmentChangeProblem,
  AUDIENCES,
  audienceReadsPackage,
  audienceSeesStaffNames,
  canRemoveAttachment,
  checkAttachment,
  MAX_ATTACHMENTS_PER_PACKAGE,
  seesStaffNames,
  uploadDepartment,
  type Audience,
  type AttachmentEvent,
  type AttachmentKind,
  type AttachmentView,
  type PackageAccessFacts,
} from '@zerobase/domain';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import { Forbidden, NotFound, StateConflict, ValidationFailed } from '../../base/errors';
import type { Principal } from '../auth';
import { DepartmentsService, type DepartmentDirectory } from '../departments';
import { accessFacts, PackagesService, type PackageParts } from '../packages';
import { RealtimeService, rooms } from '../realtime';
import { attachmentError } from './attachment-errors';
import { ATTACHMENT_STORE, AttachmentMissing, type AttachmentStore } from './attachment-store';

interface AttachmentRow {
  id: string;
  package_id: string;
  line_id: string | null;
  department_id: string | null;
  file_name: string;
  kind: AttachmentKind;
  content_type: string;
  size_bytes: string;
  storage_key: string;
  uploaded_by: string | null;
  uploaded_by_name: string;
  uploaded_at: Date;
}

export interface UploadRequest {
  fileName: string;
  declaredType: string | null;
  lineId: string | null;
  department: string | null;
  bytes: Buffer;
}

export interface AttachmentFile {
  fileName: string;
  contentType: string;
  inline: boolean;
  bytes: Buffer;
}

const COLUMNS = `id, package_id, line_id, department_id, file_name, kind, content_type, size_bytes, storage_key, uploaded_by, uploaded_by_name, uploaded_at`;

/**
 * Supporting documents of a package: checked on their content, bytes in the attachment store,
 * metadata in `package_attachment`. Every call asks the package's read rule first (a package
 * the user may not read answers 403 for its attachments too), and changes ask the edit and
 * stage-lock rules (libs/domain/src/attachments/attachment-rules.ts).
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('attachments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly packages: PackagesService,
    private readonly departments: DepartmentsService,
    private readonly realtime: RealtimeService,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxBytes(): number {
    return this.config.attachments.maxBytes;
  }

  async list(user: Principal, packageId: string): Promise<AttachmentView[]> {
    const parts = await this.packages.readableParts(user, packageId);
    const rows: AttachmentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM package_attachment WHERE package_id = $1 ORDER BY uploaded_at, id`, [packageId]);
    const directory = await this.departments.directory();
    return rows.map((row) => this.view(row, directory, user, parts));
  }

  async upload(user: Principal, packageId: string, request: UploadRequest): Promise<AttachmentView> {
    const parts = await this.packages.readableParts(user, packageId);
    const facts = accessFacts(parts);
    const problem = attachmentChangeProblem(user.memberships, facts, parts.pkg.stage);
    if (problem) throw new Forbidden(`You may not add attachments to this package: ${problem}`);
    const directory = await this.departments.directory();
    const line = request.lineId === null ? undefined : parts.lines.find((l) => l.id === request.lineId);
    if (line === undefined && request.lineId !== null) throw new ValidationFailed([{ field: 'lineId', reason: 'is not a cost line of this package' }]);
    const requested = request.department === null ? null : directory.idOf(request.department, 'department');
    const department = uploadDepartment(user.memberships, facts, line, requested);
    if ('reason' in department) {
      if (department.forbidden) throw new Forbidden(`You may not add this attachment: ${department.field} ${department.reason}`);
      throw new ValidationFailed([{ field: department.field, reason: department.reason }]);
    }
    const checked = checkAttachment({ bytes: request.bytes, fileName: request.fileName, declaredType: request.declaredType, maxBytes: this.maxBytes });
    if (!checked.ok) throw attachmentError(checked.status, checked.field, checked.reason, this.maxBytes);

    const id = randomUUID();
    const sha256 = createHash('sha256').update(request.bytes).digest('hex');
    await this.store.put(id, request.bytes);
    let row: AttachmentRow;
    try {
      row = await this.dataSource.transaction(async (em) => {
        // one upload at a time per package, so the count below holds
        await em.query(`SELECT id FROM decision_package WHERE id = $1 FOR UPDATE`, [packageId]);
        const [{ n }]: { n: number }[] = await em.query(`SELECT count(*)::int AS n FROM package_attachment WHERE package_id = $1`, [packageId]);
        if (n >= MAX_ATTACHMENTS_PER_PACKAGE) throw new StateConflict(`A package holds at most ${MAX_ATTACHMENTS_PER_PACKAGE} attachments; remove one first`);
        const [inserted]: AttachmentRow[] = await em.query(
          `INSERT INTO package_attachment (id, package_id, line_id, department_id, file_name, kind, content_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_by_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
          [id, packageId, request.lineId, department.departmentId, checked.fileName, checked.type.kind, checked.type.contentType, request.bytes.length, sha256, id, user.userId, user.displayName],
        );
        return inserted!;
      });
    } catch (error) {
      // nothing half-stored: the bytes go when their row could not be written
      await this.store.remove(id).catch((e: unknown) => this.logger.warn(`could not remove ${id} after a failed insert: ${String(e)}`));
      throw error;
    }
    const view = this.view(row, directory, user, parts);
    const { removable: _removable, ...shared } = view;
    this.push(facts, (audience) => ({ type: 'added', packageId, attachment: audienceSeesStaffNames(audience) ? shared : { ...shared, uploadedBy: anonymous } }));
    return view;
  }

  async content(user: Principal, id: string): Promise<AttachmentFile> {
    const row = await this.row(id);
    await this.packages.readableParts(user, row.package_id);
    try {
      const bytes = await this.store.get(row.storage_key);
      return { fileName: row.file_name, contentType: row.content_type, inline: ATTACHMENT_TYPES[row.kind].inline, bytes };
    } catch (error) {
      if (error instanceof AttachmentMissing) throw new StateConflict(`The file of attachment ${id} is missing from the store (${this.store.description})`);
      throw error;
    }
  }

  async remove(user: Principal, id: string): Promise<void> {
    const row = await this.row(id);
    const parts = await this.packages.readableParts(user, row.package_id);
    const facts = accessFacts(parts);
    if (!canRemoveAttachment(user.memberships, facts, parts.pkg.stage, row.department_id)) {
      const problem = attachmentChangeProblem(user.memberships, facts, parts.pkg.stage);
      throw new Forbidden(problem ? `You may not remove this attachment: ${problem}` : 'Only the department that added an attachment, or a coordinator, removes it');
    }
    const deleted: unknown[] = await this.dataSource.query(`DELETE FROM package_attachment WHERE id = $1 RETURNING id`, [id]);
    if (!rowCount(deleted)) throw new NotFound('attachment', id);
    // after the row is gone (a crash in between leaves an unreferenced file, never a dangling row)
    await this.store.remove(row.storage_key).catch((e: unknown) => this.logger.warn(`could not remove the file of ${id}: ${String(e)}`));
    this.push(facts, () => ({ type: 'removed', packageId: row.package_id, id }));
  }

  private async row(id: string): Promise<AttachmentRow> {
    const [row]: AttachmentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM package_attachment WHERE id = $1`, [id]);
    if (!row) throw new NotFound('attachment', id);
    return row;
  }

  /** To every audience room of the cycle whose audience may read the package, each as that audience reads it (libs/domain visibility). */
  private push(facts: PackageAccessFacts, eventFor: (audience: Audience) => AttachmentEvent): void {
    for (const audience of AUDIENCES.filter((a) => audienceReadsPackage(a, facts))) this.realtime.emit(rooms.audience(facts.cycleId, audience), 'attachment', eventFor(audience));
  }

  private view(row: AttachmentRow, directory: DepartmentDirectory, user: Principal, parts: PackageParts): AttachmentView {
    return {
      id: row.id,
      packageId: row.package_id,
      lineId: row.line_id,
      department: row.department_id ? directory.codeOf(row.department_id) : null,
      fileName: row.file_name,
      kind: row.kind,
      contentType: row.content_type,
      sizeBytes: Number(row.size_bytes),
      uploadedBy: seesStaffNames(user.memberships, parts.pkg.cycleId) ? { id: row.uploaded_by, name: row.uploaded_by_name } : anonymous,
      uploadedAt: row.uploaded_at.toISOString(),
      removable: canRemoveAttachment(user.memberships, accessFacts(parts), parts.pkg.stage, row.department_id),
    };
  }
}

/** who added an attachment, for readers who see the department only (seesStaffNames) */
const anonymous = { id: null, name: null };

function rowCount(result: unknown): number {
  // DELETE … RETURNING through TypeORM's postgres driver answers [rows, count]
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0].length;
  return Array.isArray(result) ? result.length : 0;
}
