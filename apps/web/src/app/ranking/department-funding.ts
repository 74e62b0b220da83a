import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { formatWanYuan, type Fen } from '@zerobase/domain';
import { I18n } from '../core/i18n';

export interface DepartmentFundingRow {
  code: string;
  label: string;
  requestedFen: Fen;
  fundedFen: Fen;
  unfundedFen: Fen;
}

/** What each department asked for and what the allocation gives it. */
@Component({
  selector: 'zb-department-funding',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .bar { height: 0.45rem; background: var(--line); border-radius: 3px; overflow: hidden; min-width: 5rem; }
    .bar span { display: block; height: 100%; background: var(--high); }
    td.share { width: 8rem; vertical-align: middle; }
  `,
  template: `
    <table data-testid="department-funding">
      <thead>
        <tr>
          <th>{{ i18n.t('ranking.department') }}</th>
          <th class="num">{{ i18n.t('ranking.requested') }}</th>
          <th class="num">{{ i18n.t('ranking.funded') }}</th>
          <th class="num">{{ i18n.t('ranking.unfunded') }}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        @for (row of rows(); track row.code) {
          <tr>
            <td>{{ row.label }}</td>
            <td class="num">{{ wan(row.requestedFen) }}</td>
            <td class="num">{{ wan(row.fundedFen) }}</td>
            <td class="num">{{ wan(row.unfundedFen) }}</td>
            <td class="share"><div class="bar"><span [style.width.%]="share(row)"></span></div></td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class DepartmentFunding {
  readonly rows = input.required<readonly DepartmentFundingRow[]>();
  protected readonly i18n = inject(I18n);
  protected readonly wan = formatWanYuan;

  protected share(row: DepartmentFundingRow): number {
    return row.requestedFen > 0 ? Math.round((row.fundedFen / row.requestedFen) * 100) : 0;
  }
}
