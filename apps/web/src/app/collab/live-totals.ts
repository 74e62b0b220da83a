import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { formatWanYuan, type Fen, type PackageTotals } from '@zerobase/domain';
import { I18n } from '../core/i18n';

export interface DepartmentRequest {
  code: string;
  label: string;
  fen: Fen;
}

/** The package totals of the live document, and what each department asks through it. */
@Component({
  selector: 'zb-live-totals',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0.8rem; }
    h3 { font-size: 0.95rem; margin: 0 0 0.3rem; }
    dl { display: grid; grid-template-columns: 1fr auto; gap: 0.25rem 1rem; margin: 0; }
    dt { color: var(--muted); }
    dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    .total { font-weight: 700; font-size: 1.1rem; }
  `,
  template: `
    <div>
      <h3>{{ i18n.t('collab.totals') }}</h3>
      <dl>
        <dt>{{ i18n.t('detail.base') }}</dt>
        <dd data-testid="live-base">{{ wan(totals().baseFen) }}</dd>
        <dt>{{ i18n.t('detail.contingency') }} ({{ contingencyBasisPoints() / 100 }} %)</dt>
        <dd data-testid="live-contingency">{{ wan(totals().contingencyFen) }}</dd>
        <dt class="total">{{ i18n.t('detail.total') }}</dt>
        <dd class="total" data-testid="package-total">{{ wan(totals().totalFen) }}</dd>
      </dl>
    </div>
    @if (requests().length) {
      <div>
        <h3>{{ i18n.t('collab.byDepartment') }}</h3>
        <dl>
          @for (request of requests(); track request.code) {
            <dt>{{ request.label }}</dt>
            <dd [attr.data-testid]="'live-request-' + request.code">{{ wan(request.fen) }}</dd>
          }
        </dl>
      </div>
    }
  `,
})
export class LiveTotals {
  readonly totals = input.required<PackageTotals>();
  readonly contingencyBasisPoints = input.required<number>();
  readonly requests = input.required<readonly DepartmentRequest[]>();
  protected readonly i18n = inject(I18n);
  protected readonly wan = formatWanYuan;
}
