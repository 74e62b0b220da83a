import { ChangeDetectionStrategy, Component, type ElementRef, effect, inject, input, type OnDestroy, viewChild } from '@angular/core';
import { I18n, registerMessages } from '../core/i18n';
import { METRICS_MESSAGES } from './metrics.messages';

registerMessages(METRICS_MESSAGES);

type Chart = { setOption(option: unknown, notMerge?: boolean): void; resize(): void; dispose(): void };

/**
 * One dashboard chart: the chart itself (ECharts, loaded lazily), a sentence describing it for
 * screen readers and anyone who cannot see it, and the table of its numbers one click away.
 */
@Component({
  selector: 'zb-chart-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; }
    h2 { font-size: 1rem; margin: 0 0 0.4rem; }
    .chart { height: 260px; width: 100%; }
    .alt { font-size: 0.85rem; color: var(--muted); margin: 0.4rem 0; }
    details summary { cursor: pointer; color: var(--accent); font-size: 0.9rem; }
    table { font-size: 0.85rem; margin-top: 0.4rem; }
  `,
  template: `
    <figure [attr.aria-labelledby]="id() + '-title'" style="margin: 0">
      <h2 [id]="id() + '-title'">{{ title() }}</h2>
      <div #host class="chart" role="img" [attr.aria-label]="summary()" [attr.data-testid]="'chart-' + id()"></div>
      <figcaption class="alt" [attr.data-testid]="'chart-alt-' + id()">{{ summary() }}</figcaption>
    </figure>
    <details [attr.data-testid]="'chart-data-' + id()">
      <summary>{{ i18n.t('metrics.showData') }}</summary>
      <table>
        <thead>
          <tr>
            @for (c of columns(); track $index) {
              <th>{{ c }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track $index) {
            <tr>
              @for (cell of row; track $index) {
                <td [class.num]="isNumber(cell)">{{ cell }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
    </details>
  `,
})
export class ChartCard implements OnDestroy {
  readonly id = input.required<string>();
  readonly title = input.required<string>();
  readonly summary = input.required<string>();
  readonly columns = input.required<readonly string[]>();
  readonly rows = input.required<readonly (readonly (string | number | null)[])[]>();
  readonly option = input.required<Record<string, unknown>>();
  protected readonly i18n = inject(I18n);
  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private chart: Chart | null = null;
  private readonly onResize = () => this.chart?.resize();

  constructor() {
    effect(() => {
      const option = this.option();
      const element = this.host().nativeElement;
      void import('./echarts-setup').then(({ echarts }) => {
        this.chart ??= echarts.init(element, undefined, { renderer: 'svg' }) as unknown as Chart;
        this.chart.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
      });
    });
    window.addEventListener('resize', this.onResize);
  }

  protected isNumber(value: unknown): boolean {
    return typeof value === 'number';
  }

  ngOnDestroy(): void {
    window.removeEventListener('resize', this.onResize);
    this.chart?.dispose();
  }
}
