import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { stageLockReason, type VersionSummaryView } from '@zerobase/domain';
import { firstValueFrom } from 'rxjs';
import { editRights } from '../collab/collab-rights';
import type { PackageSummary } from '../core/api-types';
import { toProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { HistoryLabels } from './history-labels';
import type { VersionContent } from './history-types';
import { VersionCompare } from './version-compare';
import { VersionView } from './version-view';
import { HISTORY_MESSAGES } from './history.messages';

registerMessages(HISTORY_MESSAGES);

type Shown = { mode: 'view'; version: VersionContent } | { mode: 'compare'; before: VersionContent; after: VersionContent } | null;

/**
 * The history of a package in a side panel: versions newest first with who and which fields
 * changed, view one, compare two side by side, restore (editors only), save one by name.
 */
@Component({
  selector: 'zb-history-panel',
  imports: [VersionView, VersionCompare],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './history-panel.html',
  styleUrl: './history-panel.css',
})
export class HistoryPanel implements OnInit {
  readonly pkg = input.required<PackageSummary>();
  /** the page loads this panel on the first click of its button (@defer): open it then */
  readonly openAtStart = input(false);
  protected readonly i18n = inject(I18n);
  protected readonly labels = inject(HistoryLabels);
  private readonly http = inject(ApiHttp);
  private readonly session = inject(Session);
  private readonly departments = inject(DepartmentsStore);

  protected readonly open = signal(false);
  protected readonly versions = signal<VersionSummaryView[] | null>(null);
  protected readonly newestFirst = computed(() => [...(this.versions() ?? [])].reverse());
  protected readonly selected = signal<readonly string[]>([]);
  protected readonly shown = signal<Shown>(null);
  protected readonly busy = signal(false);
  protected readonly confirming = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly contents = new Map<string, VersionContent>();

  ngOnInit(): void {
    if (this.openAtStart()) this.toggle();
  }

  private readonly codeById = computed(() => new Map(this.departments.all().map((d) => [d.id, d.code])));
  /** the same rule the server applies to a restore: an editor of the package, at a stage that lets them edit */
  protected readonly canRestore = computed(() => {
    const p = this.pkg();
    const memberships = this.session.user()?.memberships ?? [];
    const rights = editRights(memberships, p.cycleId, p.departments, (id) => this.codeById().get(id));
    return rights.kind !== 'readOnly' && stageLockReason(memberships, p.cycleId, p.stage) === null;
  });

  protected toggle(): void {
    this.open.update((o) => !o);
    if (this.open()) void this.reload();
  }

  protected async reload(): Promise<void> {
    try {
      this.versions.set(await firstValueFrom(this.http.get<VersionSummaryView[]>(`/api/packages/${this.pkg().id}/versions`)));
      this.error.set(null);
    } catch (e) {
      this.fail(e);
    }
  }

  /** the person a version is by (with their department), else the people whose edits it holds; observers read departments only */
  protected who(v: VersionSummaryView): string {
    if (v.createdBy) {
      const own = v.editors.find((e) => e.userId === v.createdBy);
      return own ? this.person(own) : (v.createdByName ?? '—');
    }
    return v.editors.map((e) => this.person(e)).join('、') || '—';
  }

  /** others whose edits the version holds, besides the person it is by */
  protected editors(v: VersionSummaryView): string {
    if (!v.createdBy) return '';
    return v.editors
      .filter((e) => e.userId !== v.createdBy)
      .map((e) => this.person(e))
      .join('、');
  }

  /** a name with its department; the department alone when the server shows no person (observers: libs/domain seesStaffNames) */
  private person(e: VersionSummaryView['editors'][number]): string {
    if (e.userId === null && e.userName === null) return this.labels.department(e.department);
    return `${e.userName ?? '—'}（${this.labels.department(e.department)}）`;
  }

  protected isSelected(id: string): boolean {
    return this.selected().includes(id);
  }

  protected select(id: string, on: boolean): void {
    // at most two: ticking a third drops the oldest tick
    this.selected.update((s) => (on ? [...s.filter((x) => x !== id), id].slice(-2) : s.filter((x) => x !== id)));
  }

  private async content(id: string): Promise<VersionContent> {
    const cached = this.contents.get(id);
    if (cached) return cached;
    const v = await firstValueFrom(this.http.get<VersionContent>(`/api/packages/${this.pkg().id}/versions/${id}`));
    this.contents.set(id, v);
    return v;
  }

  protected async view(id: string): Promise<void> {
    try {
      this.shown.set({ mode: 'view', version: await this.content(id) });
    } catch (e) {
      this.fail(e);
    }
  }

  protected async compare(): Promise<void> {
    const [a, b] = this.selected();
    if (!a || !b) return;
    try {
      const [x, y] = await Promise.all([this.content(a), this.content(b)]);
      const [before, after] = x.createdAt <= y.createdAt ? [x, y] : [y, x];
      this.shown.set({ mode: 'compare', before, after });
    } catch (e) {
      this.fail(e);
    }
  }

  protected async restore(v: VersionSummaryView): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    this.error.set(null);
    try {
      await firstValueFrom(this.http.post(`/api/packages/${this.pkg().id}/versions/${v.id}/restore`, {}));
      this.confirming.set(null);
      this.message.set(this.i18n.t('history.restored', { name: this.labels.version(v) }));
      await this.reload();
    } catch (e) {
      this.confirming.set(null);
      const problem = toProblem(e);
      const reason = (e as { error?: { message?: string } }).error?.message;
      this.error.set(problem.status === 403 && reason ? this.i18n.t('history.restoreRefused', { reason: this.i18n.t(problem.key, problem.params) }) : this.i18n.t(problem.key, problem.params));
    } finally {
      this.busy.set(false);
    }
  }

  protected async save(name: string, input: HTMLInputElement): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    this.busy.set(true);
    try {
      await firstValueFrom(this.http.post(`/api/packages/${this.pkg().id}/versions`, { name: trimmed }));
      input.value = '';
      this.message.set(this.i18n.t('history.saved', { name: trimmed }));
      await this.reload();
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy.set(false);
    }
  }

  private fail(e: unknown): void {
    const problem = toProblem(e);
    this.error.set(this.i18n.t(problem.key, problem.params));
  }
}
