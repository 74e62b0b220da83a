import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import { firstValueFrom } from 'rxjs';
import { ATTACHMENT_EXTENSIONS, ATTACHMENT_TYPES, formatBytes, stageLockReason, type AttachmentEvent, type AttachmentView, type PackageView } from '@zerobase/domain';
import { canWrite, editRights } from '../collab/collab-rights';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, type MessageKey, registerMessages } from '../core/i18n';
import { Realtime } from '../core/realtime';
import { Session } from '../core/session';
import { ATTACHMENTS_MESSAGES } from './attachments.messages';

registerMessages(ATTACHMENTS_MESSAGES);

interface Notice {
  kind: 'error' | 'info';
  text: string;
}

/**
 * Supporting documents of a package: upload (file picker or drag and drop) to the whole package
 * or one cost line, list with who and when, preview of PDFs and images, download, removal by
 * the department that added them. The server checks every file's content and every right; the
 * controls shown here only spare the user requests it would refuse.
 */
@Component({
  selector: 'zb-attachments-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './attachments-panel.html',
  styleUrl: './attachments-panel.css',
})
export class AttachmentsPanel {
  readonly pkg = input.required<PackageView>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly session = inject(Session);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly realtime = inject(Realtime);

  protected readonly attachments = signal<AttachmentView[]>([]);
  protected readonly notice = signal<Notice | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly dragging = signal(false);
  protected readonly target = signal<string>('');
  protected readonly previewing = signal<AttachmentView | null>(null);
  protected readonly accept = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');
  protected readonly size = formatBytes;

  private readonly rights = computed(() => {
    const p = this.pkg();
    const memberships = this.session.user()?.memberships ?? [];
    if (stageLockReason(memberships, p.cycleId, p.stage)) return null;
    const codes = new Map(this.departments.all().map((d) => [d.id, d.code]));
    const rights = editRights(memberships, p.cycleId, p.departments, (id) => codes.get(id));
    return rights.kind === 'readOnly' ? null : rights;
  });
  protected readonly canUpload = computed(() => this.rights() !== null);
  /** cost lines this user may document (their department's and the shared part) */
  protected readonly lines = computed(() => {
    const rights = this.rights();
    return rights ? this.pkg().costLines.filter((l) => canWrite(rights, l.department)) : [];
  });
  private readonly lineLabels = computed(() => new Map(this.pkg().costLines.map((l) => [l.id, l.description])));
  protected readonly previewUrl = computed<SafeResourceUrl | null>(() => {
    const a = this.previewing();
    return a && a.kind === 'pdf' ? this.sanitizer.bypassSecurityTrustResourceUrl(this.contentUrl(a)) : null;
  });

  constructor() {
    effect(() => {
      const id = this.pkg().id;
      void this.reload(id);
    });
    this.realtime
      .on<AttachmentEvent>('attachment')
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((event) => {
        if (event.packageId === this.pkg().id) void this.reload(event.packageId);
      });
  }

  protected contentUrl(a: AttachmentView, download = false): string {
    return `/api/attachments/${a.id}/content${download ? '?download=1' : ''}`;
  }

  protected previewable(a: AttachmentView): boolean {
    return ATTACHMENT_TYPES[a.kind].inline;
  }

  protected lineLabel(a: AttachmentView): string {
    if (!a.lineId) return this.i18n.t('attach.wholePackage');
    return this.lineLabels().get(a.lineId) ?? a.lineId;
  }

  protected who(a: AttachmentView): string {
    const unit = a.department ? this.departments.name(a.department) : this.i18n.t('attach.coordinator');
    // observers read the department only (libs/domain seesStaffNames)
    return a.uploadedBy.name === null ? unit : `${a.uploadedBy.name} · ${unit}`;
  }

  protected when(a: AttachmentView): string {
    return new Date(a.uploadedAt).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'short' });
  }

  protected chosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    input.value = '';
    void this.uploadAll(files);
  }

  protected dragOver(event: DragEvent): void {
    if (!this.canUpload()) return;
    event.preventDefault();
    this.dragging.set(true);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (!this.canUpload()) return;
    void this.uploadAll(Array.from(event.dataTransfer?.files ?? []));
  }

  protected togglePreview(a: AttachmentView): void {
    this.previewing.set(this.previewing()?.id === a.id ? null : a);
  }

  protected async remove(a: AttachmentView): Promise<void> {
    if (!confirm(this.i18n.t('attach.confirmRemove', { name: a.fileName }))) return;
    try {
      await firstValueFrom(this.http.delete(`/api/attachments/${a.id}`));
      if (this.previewing()?.id === a.id) this.previewing.set(null);
      this.attachments.update((list) => list.filter((x) => x.id !== a.id));
      this.notice.set(null);
    } catch (error) {
      this.notice.set({ kind: 'error', text: this.problem(error, a.fileName) });
    }
  }

  private async uploadAll(files: File[]): Promise<void> {
    for (const file of files) {
      this.busy.set(file.name);
      try {
        const params: Record<string, string> = { name: file.name, ...(this.target() ? { lineId: this.target() } : {}) };
        const added = await firstValueFrom(this.http.post<AttachmentView>(`/api/packages/${this.pkg().id}/attachments`, file, { params, headers: { 'Content-Type': file.type || 'application/octet-stream' } }));
        this.attachments.update((list) => (list.some((x) => x.id === added.id) ? list : [...list, added]));
        this.notice.set({ kind: 'info', text: this.i18n.t('attach.uploaded', { name: file.name }) });
      } catch (error) {
        this.notice.set({ kind: 'error', text: this.problem(error, file.name) });
      } finally {
        this.busy.set(null);
      }
    }
  }

  private async reload(packageId: string): Promise<void> {
    try {
      const list = await firstValueFrom(this.http.get<AttachmentView[]>(`/api/packages/${packageId}/attachments`));
      if (packageId !== this.pkg().id) return;
      this.attachments.set(list);
      const open = this.previewing();
      if (open && !list.some((a) => a.id === open.id)) this.previewing.set(null);
    } catch (error) {
      this.notice.set({ kind: 'error', text: this.problem(error, '') });
    }
  }

  private problem(error: unknown, name: string): string {
    const e = error as { status?: number; error?: { details?: { maxBytes?: number } } };
    const status = e.status ?? 0;
    const keys: Record<number, MessageKey> = { 403: 'attach.error.forbidden', 413: 'attach.error.tooLarge', 415: 'attach.error.type' };
    const max = e.error?.details?.maxBytes;
    return this.i18n.t(keys[status] ?? 'attach.error.other', { name, max: max ? formatBytes(max) : '?', status });
  }
}
