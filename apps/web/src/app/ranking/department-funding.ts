import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { formatWanYuan, type DepartmentLimitOutcome, type Fen } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { ALLOCATOR_MESSAGES } from './allocator.messages';
import { RANKING_MESSAGES } from './ranking.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(RANKING_MESSAGES);

export interface DepartmentFundingRow {
  code: string;
  label: string;
  requestedFen: Fen;
  fundedFen: Fen;
  unfundedFen: Fen;
  /** the department's floor and cap and how they came out, when set */
  limit?: DepartmentLimitOutcome;
}

/** What each department asked for and what the allocation gives it. */
@Component({
  selector: 'zb-department-funding',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .bar { height: 0.45rem; background: var(--line); border-radius: 3px; overflow: hidden; min-width: 5rem; }
    .bar span { display: block; height: 100%; background: var(--high); }
    td.share { width: 8rem; vertical-align: middle; }
    .limit-bad { color: var(--accent); font-weight: 600; }
    .limit-ok { color: var(--high); }
    td.limit-note { font-size: 0.8rem; min-width: 11rem; white-space: normal; }
    th.wrap { white-space: normal; }
  `,
  template: `
    <table data-testid="department-funding">
      <thead>
        <tr>
          <th>{{ i18n.t('ranking.department') }}</th>
          <th class="num" [class.wrap]="hasLimits()">{{ i18n.t('ranking.requested') }}</th>
          <th class="num" [class.wrap]="hasLimits()">{{ i18n.t('ranking.funded') }}</th>
          <th class="num" [class.wrap]="hasLimits()">{{ i18n.t('ranking.unfunded') }}</th>
          @if (hasLimits()) {
            <th class="num wrap">{{ i18n.t('limits.floor') }}</th>
            <th class="num wrap">{{ i18n.t('limits.cap') }}</th>
            <th>{{ i18n.t('limits.status') }}</th>
          }
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
            @if (hasLimits()) {
              <td class="num">{{ row.limit?.floorFen != null ? wan(row.limit!.floorFen!) : '—' }}</td>
              <td class="num">{{ row.limit?.capFen != null ? wan(row.limit!.capFen!) : '—' }}</td>
              <td class="limit-note" [attr.data-testid]="row.limit ? 'limit-' + row.code : null">
                @if (row.limit; as l) {
                  @if (l.floorIssue) {
                    <span class="limit-bad">{{ i18n.t('limits.floorIssue.' + l.floorIssue, { amount: wan(l.floorShortfallFen) }) }}</span>
                  } @else if (l.floorMet) {
                    <span class="limit-ok">{{ i18n.t('limits.floorMet') }}</span>
                  }
                  @if (l.capBinding) {
                    <span>{{ l.floorIssue || l.floorMet ? ' · ' : '' }}{{ i18n.t('limits.capBinding') }}</span>
                  }
                }
              </td>
            }
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
  protected readonly hasLimits = computed(() => this.rows().some((r) => r.limit !== undefined));

  protected share(row: DepartmentFundingRow): number {
    return row.requestedFen > 0 ? Math.round((row.fundedFen / row.requestedFen) * 100) : 0;
  }
}
