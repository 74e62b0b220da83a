import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { fenToWan, type CrossCycleCorrelations, type MetricsSeriesView, type MetricsView, type PackageView, type PublicCycle } from '@zerobase/domain';
import { forkJoin, of } from 'rxjs';
import { catchError } from 'rxjs/operators';
import { toProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { ChartCard } from './chart-card';
import { categoryChart, conflictsChart, type DashboardData, departmentChart, latencyChart, networkChart, savingsChart, stageTierChart } from './dashboard-charts';
import { DISCLOSURE_MESSAGES } from '../disclosure/disclosure.messages';
import { METRICS_MESSAGES } from './metrics.messages';

registerMessages(DISCLOSURE_MESSAGES);
registerMessages(METRICS_MESSAGES);

/** /cycles/:cycleId/metrics — the coordinator's dashboard: collaboration metrics, charts, exports, publishing. */
@Component({
  selector: 'zb-metrics-dashboard',
  imports: [RouterLink, ChartCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    main.page { max-width: 1600px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.6rem; margin-bottom: 0.8rem; }
    .card { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; }
    .card .value { font-size: 1.4rem; font-weight: 600; }
    .card .label { font-size: 0.8rem; color: var(--muted); }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 0.8rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.6rem 0 1rem; }
    .note { font-size: 0.85rem; color: var(--muted); margin: 0.2rem 0; }
  `,
  template: `
    <main class="page">
      <p><a [routerLink]="['/cycles', cycleId()]">← {{ i18n.t('metrics.back') }}</a></p>
      <h1>{{ i18n.t('metrics.title') }}</h1>
      @if (error(); as message) {
        <p class="error" role="alert" data-testid="metrics-error">{{ message }}</p>
      }
      @if (data(); as d) {
        <div class="cards" data-testid="metrics-cards">
          <div class="card"><div class="value" data-testid="metric-score">{{ d.metrics.cycle.score ?? '—' }}</div><div class="label">{{ i18n.t('metrics.score') }}</div></div>
          <div class="card"><div class="value">{{ d.metrics.cycle.informationSharing }}</div><div class="label">{{ i18n.t('metrics.sharing') }}</div></div>
          <div class="card">
            <div class="value" data-testid="metric-meetings">{{ d.metrics.cycle.meetingsPerMonth ?? i18n.t('metrics.noMeetings') }}</div>
            <div class="label">{{ i18n.t('metrics.meetings') }}</div>
          </div>
          <div class="card"><div class="value" data-testid="metric-saved">{{ wan(d.metrics.cycle.savedFen) }}</div><div class="label">{{ i18n.t('metrics.saved') }}</div></div>
          <div class="card"><div class="value">{{ d.metrics.cycle.conflictsResolved }} / {{ d.metrics.cycle.conflicts }}</div><div class="label">{{ i18n.t('metrics.conflicts') }}</div></div>
          <div class="card">
            <div class="value">{{ d.metrics.cycle.meanDecisionDays ?? '—' }} / {{ d.metrics.cycle.meanDecisionRounds ?? '—' }}</div>
            <div class="label">{{ i18n.t('metrics.decision') }}</div>
          </div>
        </div>
        <p class="note" data-testid="metrics-correlation">{{ correlation() }}</p>
        @if (acrossCycles(); as a) {
          <p class="note" data-testid="metrics-correlation-cycles">{{ a }}</p>
        }
        <p class="note">{{ weights() }}</p>
        <div class="actions">
          <strong>{{ i18n.t('metrics.exports') }}:</strong>
          @for (file of exportFiles; track file.name) {
            <button type="button" [attr.data-testid]="'export-' + file.name" (click)="download(file.name)">{{ i18n.t(file.label) }}</button>
          }
          <span style="flex: 1"></span>
          <button type="button" class="primary" data-testid="publish" (click)="publish()">{{ i18n.t('public.publish') }}</button>
          @if (published(); as p) {
            <span role="status" data-testid="published">
              {{ i18n.t('public.published', { stage: i18n.t('stage.' + p.publishedStage) }) }}
              <a [routerLink]="['/public/cycles', cycleId()]">{{ i18n.t('public.view') }}</a>
            </span>
          }
        </div>
        <div class="charts">
          @for (chart of charts(); track chart.id) {
            <zb-chart-card [id]="chart.id" [title]="chart.title" [summary]="chart.summary" [columns]="chart.columns" [rows]="chart.rows" [option]="chart.option" />
          }
        </div>
      } @else if (!error()) {
        <p class="muted">{{ i18n.t('common.loading') }}</p>
      }
    </main>
  `,
})
export class MetricsDashboard {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  private readonly departments = inject(DepartmentsStore);
  protected readonly data = signal<DashboardData | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly published = signal<PublicCycle | null>(null);
  protected readonly exportFiles = [
    { name: 'all.xlsx', label: 'metrics.export.all' },
    { name: 'packages.csv', label: 'metrics.export.packages' },
    { name: 'ranking.csv', label: 'metrics.export.ranking' },
    { name: 'metrics.csv', label: 'metrics.export.metrics' },
  ];

  protected readonly charts = computed(() => {
    const d = this.data();
    if (!d) return [];
    const t = (key: string, params?: Record<string, string | number>) => this.i18n.t(key, params);
    const name = (code: string) => this.departments.name(code);
    return [stageTierChart(d, t), departmentChart(d, t, name), categoryChart(d, t), conflictsChart(d, t), networkChart(d, t, name), latencyChart(d, t), savingsChart(d, t)];
  });

  protected readonly correlation = computed(() => {
    const c = this.data()?.metrics.correlations;
    if (!c) return '';
    const r = (value: number | null) => (value === null ? this.i18n.t('metrics.na') : value.toFixed(2));
    return this.i18n.t('metrics.correlation', { r: r(c.scoreVsSaved.r), n: c.scoreVsSaved.n, r2: r(c.scoreVsSatisfaction.r), n2: c.scoreVsSatisfaction.n });
  });

  /** the same correlations over the packages of every cycle this coordinator runs (when there is more than one) */
  private readonly pooled = signal<CrossCycleCorrelations | null>(null);
  protected readonly acrossCycles = computed(() => {
    const c = this.pooled();
    if (!c || c.cycles.length < 2) return '';
    const r = (value: number | null) => (value === null ? this.i18n.t('metrics.na') : value.toFixed(2));
    return this.i18n.t('metrics.correlationCycles', { cycles: c.cycles.length, r: r(c.scoreVsSaved.r), n: c.scoreVsSaved.n, r2: r(c.scoreVsSatisfaction.r), n2: c.scoreVsSatisfaction.n });
  });

  protected readonly weights = computed(() => {
    const w = this.data()?.metrics.rule.weights;
    return w ? this.i18n.t('metrics.weights', w) : '';
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const id = this.cycleId();
      forkJoin({
        metrics: this.http.get<MetricsView>(`/api/cycles/${id}/metrics`),
        series: this.http.get<MetricsSeriesView>(`/api/cycles/${id}/metrics/series?bucket=week`),
        packages: this.http.get<PackageView[]>(`/api/cycles/${id}/packages`),
        ranking: this.http.get<DashboardData['ranking']>(`/api/cycles/${id}/ranking`).pipe(catchError(() => of(null))),
      }).subscribe({
        next: (d) => this.data.set(d),
        error: (e: unknown) => this.fail(e),
      });
    });
    this.http
      .get<CrossCycleCorrelations>('/api/metrics/correlations')
      .pipe(catchError(() => of(null)))
      .subscribe((c) => this.pooled.set(c));
  }

  /** a failed request, in the user's language (never the server's English) */
  private fail(error: unknown): void {
    const problem = toProblem(error);
    this.error.set(this.i18n.t(problem.key, problem.params));
  }

  protected wan(fen: number): string {
    return fenToWan(fen).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  }

  protected publish(): void {
    this.http.post<PublicCycle>(`/api/cycles/${this.cycleId()}/publications`, {}).subscribe({
      next: (p) => this.published.set(p),
      error: (e: unknown) => this.fail(e),
    });
  }

  protected download(file: string): void {
    this.http.get(`/api/cycles/${this.cycleId()}/exports/${file}`, { responseType: 'blob' }).subscribe((blob) => {
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    });
  }
}
