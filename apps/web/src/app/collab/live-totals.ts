import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { formatWanYuan, type Fen, type PackageTotals } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

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
    /* one compact strip, kept in view above the cost lines */
    :host { display: flex; flex-wrap: wrap; gap: 0.2rem 1.6rem; align-items: baseline; padding: 0.35rem 0.7rem; background: #eef2f6; border-radius: 4px; position: sticky; top: 0; z-index: 2; font-size: 0.9rem; }
    :host > div { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.2rem 0.8rem; }
    h3 { font-size: 0.85rem; margin: 0; color: var(--muted); font-weight: 600; }
    dl { display: flex; flex-wrap: wrap; gap: 0.2rem 0.8rem; margin: 0; align-items: baseline; }
    dt { color: var(--muted); }
    dd { margin: 0 0 0 -0.5rem; font-variant-numeric: tabular-nums; }
    .total { font-weight: 700; font-size: 1.05rem; color: var(--ink); }
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
