import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatScore, formatWanYuan, rolesReadCycle } from '@zerobase/domain';
import { CoEditing } from '../collab/co-editing';
import { CollabSession } from '../collab/collab-session';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { HistoryPanel } from '../history/history-panel';
import { PackageStageControl } from '../workspace/package-stage';
import type { PackageSummary } from '../core/api-types';
import { AppInteractive } from '../core/app-interactive';
import { DepartmentsStore } from '../core/departments-store';
import { CurrentCycle } from '../core/current-cycle';
import { I18n } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';

@Component({
  selector: 'zb-package-detail',
  imports: [RouterLink, CoEditing, PackageStageControl, LoadState, AttachmentsPanel, HistoryPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // the editor's document session, opened here so that /collab syncs while the package's summary loads
  providers: [CollabSession],
  templateUrl: './package-detail.html',
  styles: `
    main.wide { max-width: 1880px; padding: 0.3rem 1.2rem 0.6rem; }
    main.wide > p { margin: 0.2rem 0; }
    h1 { font-size: 1.3rem; margin: 0.2rem 0; }
    .title-row { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.2rem 1rem; }
    .title-row .back { white-space: nowrap; }
    .summary-row { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.4rem 1rem; margin-bottom: 0.5rem; }
    .summary-row > p { margin: 0; }
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1rem; margin: 0 0 0.4rem; }
    .history-open { margin-left: auto; white-space: nowrap; }
  `,
})
export class PackageDetail {
  readonly packageId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  protected readonly interactive = inject(AppInteractive);
  private readonly http = inject(ApiHttp);
  private readonly collab = inject(CollabSession);
  protected readonly loaded = new Loadable<PackageSummary>();
  protected readonly pkg = this.loaded.value;
  private readonly cycle = inject(CurrentCycle);
  /** the cycle's packages; a third-party evaluator (who reads only its assigned packages) goes back to its evaluation page */
  protected readonly backLink = computed(() => {
    const id = this.cycle.id();
    if (!id) return ['/'];
    return rolesReadCycle(this.cycle.roles()) ? ['/cycles', id] : ['/cycles', id, 'evaluation'];
  });
  protected readonly liveTitle = signal<string | null>(null);
  protected readonly wan = formatWanYuan;
  protected readonly score = formatScore;

  constructor() {
    this.departments.load();
    effect(() => {
      const id = this.pkg()?.cycleId;
      if (id) this.cycle.set(id);
    });
    effect(() => {
      this.liveTitle.set(null);
      const id = this.packageId();
      this.loaded.load(() => this.http.get<PackageSummary>(`/api/packages/${id}`));
      // the editor (zb-co-editing) passes the package's departments once the summary is here
      untracked(() => {
        const known = this.pkg();
        this.collab.connect(id, known?.id === id ? known.departments : []);
      });
    });
  }
}
