import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { formatScore, formatWanYuan, isCoordinator, liaisonDepartments, PACKAGE_STAGES, sumFen } from '@zerobase/domain';
import type { PackageSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { Session } from '../core/session';
import { SortHeader } from '../workspace/sort-header';
import { comparePackages, type PackageSortKey } from '../workspace/package-sort';
import { EVALUATION_MESSAGES } from '../evaluation/evaluation.messages';
import { EXECUTION_MESSAGES } from '../execution/execution.messages';
import { MEETINGS_MESSAGES } from '../meetings/meetings.messages';
import { METRICS_MESSAGES } from '../metrics/metrics.messages';
import { WORKSPACE_MESSAGES } from '../workspace/workspace.messages';

registerMessages(EVALUATION_MESSAGES);
registerMessages(EXECUTION_MESSAGES);
registerMessages(MEETINGS_MESSAGES);
registerMessages(METRICS_MESSAGES);
registerMessages(WORKSPACE_MESSAGES);

/** The cycle's packages: filters, search and sorting live in the address, so a reload keeps them. */
@Component({
  selector: 'zb-package-list',
  imports: [RouterLink, LoadState, SortHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './package-list.html',
  styles: `
    .heading { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
    .heading .links { display: flex; gap: 1rem; }
    .filters { display: flex; gap: 0.6rem; align-items: flex-end; margin-bottom: 0.8rem; flex-wrap: wrap; }
    .filters label { display: flex; flex-direction: column; font-size: 0.9rem; color: var(--muted); gap: 0.2rem; }
    .title small { color: var(--muted); margin-left: 0.3rem; }
  `,
})
export class PackageList {
  readonly cycleId = input.required<string>();
  /** query parameters, bound by the router */
  readonly q = input<string>();
  readonly department = input<string>();
  readonly stage = input<string>();
  readonly tier = input<string>();
  readonly sort = input<string>();
  readonly dir = input<string>();

  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  protected readonly stages = PACKAGE_STAGES;
  protected readonly packages = new Loadable<PackageSummary[]>();
  protected readonly wan = formatWanYuan;
  protected readonly score = formatScore;

  protected readonly sortKey = computed<PackageSortKey>(() => (['code', 'title', 'total', 'score', 'tier', 'stage'].includes(this.sort() ?? '') ? (this.sort() as PackageSortKey) : 'code'));
  protected readonly descending = computed(() => this.dir() === 'desc');
  protected readonly shown = computed(() => {
    const list = this.packages.value() ?? [];
    const needle = (this.q() ?? '').trim().toLowerCase();
    const matching = needle ? list.filter((p) => `${p.code} ${p.title}`.toLowerCase().includes(needle)) : list;
    const sign = this.descending() ? -1 : 1;
    return [...matching].sort((a, b) => sign * comparePackages(a, b, this.sortKey()));
  });
  protected readonly total = computed(() => formatWanYuan(sumFen(this.shown().map((p) => p.totals.totalFen))));
  protected readonly filtered = computed(() => !!(this.q() || this.department() || this.stage() || this.tier()));
  protected readonly mayCreate = computed(() => {
    const memberships = this.session.user()?.memberships ?? [];
    return isCoordinator(memberships, this.cycleId()) || liaisonDepartments(memberships, this.cycleId()).size > 0;
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const params = { department: this.department(), stage: this.stage(), tier: this.tier() };
      const url = `/api/cycles/${this.cycleId()}/packages`;
      this.packages.load(() => this.http.get<PackageSummary[]>(url, { params }));
    });
  }

  /** Changes one query parameter (empty removes it) and keeps the others. */
  protected setParam(name: string, value: string | null): void {
    void this.router.navigate([], { queryParams: { [name]: value || null }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected select(name: string, event: Event): void {
    this.setParam(name, (event.target as HTMLSelectElement | HTMLInputElement).value);
  }

  protected sortBy(key: string): void {
    const same = this.sortKey() === key;
    void this.router.navigate([], { queryParams: { sort: key, dir: same && !this.descending() ? 'desc' : null }, queryParamsHandling: 'merge', replaceUrl: true });
  }

  protected clear(): void {
    void this.router.navigate([], { queryParams: {}, replaceUrl: true });
  }
}
