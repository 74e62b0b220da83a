import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatWanYuan, isCoordinator } from '@zerobase/domain';
import type { WhatIfRequest } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { AllocationModes } from './allocation-modes';
import { ConsolidationPanel } from './consolidation-panel';
import { DepartmentFunding, type DepartmentFundingRow } from './department-funding';
import { PanelCalibrationPanel } from './panel-calibration';
import { RankingStore } from './ranking-store';
import { RankingSummary } from './ranking-summary';
import { RankingTable } from './ranking-table';
import { WhatIfForm } from './what-if-form';
import { ALLOCATOR_MESSAGES } from './allocator.messages';
import { CONSOLIDATION_MESSAGES } from './consolidation.messages';
import { RANKING_MESSAGES } from './ranking.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(CONSOLIDATION_MESSAGES);
registerMessages(RANKING_MESSAGES);

/** /cycles/:cycleId/ranking — the live ranking board, with a what-if preview for coordinators. */
@Component({
  selector: 'zb-ranking-board',
  imports: [RouterLink, RankingSummary, RankingTable, DepartmentFunding, WhatIfForm, AllocationModes, PanelCalibrationPanel, ConsolidationPanel],
  providers: [RankingStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ranking-board.html',
  host: { '[class.projector]': 'projecting()' },
  styles: `
    .head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1rem; }
    .head h1 { margin: 0.2rem 0 0.6rem; }
    .live { font-size: 0.85rem; color: var(--muted); display: inline-flex; align-items: center; gap: 0.35rem; }
    .live .dot { width: 0.55rem; height: 0.55rem; border-radius: 50%; background: var(--low); }
    .live.on .dot { background: var(--high); box-shadow: 0 0 0 3px #1e7b3422; }
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
    zb-ranking-summary { margin-bottom: 1rem; }
    zb-ranking-table { display: block; margin-bottom: 1rem; }
    .preview { border: 2px dashed var(--medium); background: #fff8eb; border-radius: 6px; padding: 0.6rem 0.9rem; margin-bottom: 0.8rem; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; justify-content: space-between; }
    .preview strong { color: var(--medium); }
    .board.previewing { outline: 2px dashed var(--medium); outline-offset: 6px; border-radius: 2px; }
    .board section { margin-bottom: 0; }
    .board section + section { margin-top: 1rem; }
    .tools { margin-left: auto; }
    :host(.projector) { display: block; font-size: 1.3rem; }
    :host(.projector) .page { max-width: none; padding: 0.6rem 1.2rem; }
    :host(.projector) .head h1 { font-size: 1.8rem; margin: 0; }
    :host(.projector) .live { font-size: 1.1rem; color: var(--ink); }
  `,
})
export class RankingBoard {
  readonly cycleId = input.required<string>();
  /** ?projector=1: large type, what-if folded away, the cutoff line kept in view */
  readonly projector = input<string>();
  protected readonly projecting = computed(() => this.projector() === '1');
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(RankingStore);
  private readonly session = inject(Session);
  private readonly departments = inject(DepartmentsStore);
  protected readonly wan = formatWanYuan;

  protected readonly coordinator = computed(() => isCoordinator(this.session.user()?.memberships ?? [], this.cycleId()));
  protected readonly defaults = computed<WhatIfRequest | null>(() => {
    const settings = this.store.current()?.settings;
    return settings
      ? { quotaFen: settings.quotaFen, reserveBasisPoints: settings.reserveBasisPoints, allocationMode: settings.allocationMode, consolidation: settings.consolidation ?? false }
      : null;
  });
  /** while previewing: the current funding of each item, to mark what the preview changes */
  protected readonly baseline = computed(() => {
    const current = this.store.current();
    if (!this.store.preview() || !current) return null;
    return new Map(current.items.map((item) => [item.id, item.funded]));
  });
  protected readonly departmentRows = computed(() => {
    const view = this.store.shown();
    const limits = view?.departmentLimits ?? [];
    const rows: DepartmentFundingRow[] = (view?.perDepartment ?? []).map((d) => {
      const limit = limits.find((l) => l.department === d.department);
      return { ...d, code: d.department, label: this.departments.name(d.department), ...(limit ? { limit } : {}) };
    });
    // a limited department without packages still shows its (unmet) floor
    for (const l of limits) {
      if (!rows.some((r) => r.code === l.department)) rows.push({ code: l.department, label: this.departments.name(l.department), requestedFen: 0, fundedFen: 0, unfundedFen: 0, limit: l });
    }
    return rows.sort((a, b) => b.requestedFen - a.requestedFen);
  });
  protected readonly updatedAt = computed(() => {
    const at = this.store.updatedAt();
    return at ? at.toLocaleTimeString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN') : '';
  });
  protected readonly previewDetail = computed(() => {
    const request = this.store.preview()?.request;
    if (!request) return '';
    return this.i18n.t('whatIf.previewDetail', {
      quota: formatWanYuan(request.quotaFen),
      reserve: request.reserveBasisPoints / 100,
      mode: this.i18n.t('whatIf.mode.' + request.allocationMode) + (request.consolidation ? (this.i18n.language() === 'en' ? '; ' : '，') + this.i18n.t('whatIf.consolidation') : ''),
    });
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const cycleId = this.cycleId();
      untracked(() => this.store.open(cycleId));
    });
  }

  protected runWhatIf(request: WhatIfRequest): void {
    this.store.runWhatIf(request);
  }
}
