import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatBasisPoints, formatWanYuan, rolesReadCycle } from '@zerobase/domain';
import type { CycleSummary } from '../core/api-types';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { PRICE_CHECKS_MESSAGES } from '../price-checks/price-checks.messages';

registerMessages(PRICE_CHECKS_MESSAGES);

@Component({
  selector: 'zb-cycle-list',
  imports: [RouterLink, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .heading { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.3rem 1rem; }
  `,
  template: `
    <main class="page">
      <div class="heading">
        <h1>{{ i18n.t('cycles.title') }}</h1>
        <a routerLink="/price-catalogue" data-testid="price-catalogue-link">{{ i18n.t('prices.catalogueLink') }} →</a>
      </div>
      <zb-load-state [of]="cycles" [empty]="cycles.value()?.length === 0" emptyKey="cycles.none" />
      @if (cycles.value(); as list) {
        @if (list.length > 0) {
          <table data-testid="cycle-list">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('cycles.name') }}</th>
                <th scope="col" class="num">{{ i18n.t('cycles.quota') }}</th>
                <th scope="col" class="num">{{ i18n.t('cycles.reserve') }}</th>
                <th scope="col">{{ i18n.t('cycles.stage') }}</th>
                <th scope="col">{{ i18n.t('cycles.roles') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (cycle of list; track cycle.id) {
                <tr>
                  <td><a [routerLink]="readsCycle(cycle.myRoles) ? ['/cycles', cycle.id] : ['/cycles', cycle.id, 'evaluation']" data-testid="cycle-link">{{ i18n.name(cycle) }}</a></td>
                  <td class="num">{{ wan(cycle.totalQuotaFen) }}</td>
                  <td class="num">{{ percent(cycle.reserveBasisPoints) }} %</td>
                  <td>{{ i18n.t('stage.' + cycle.stage) }}</td>
                  <td>
                    @for (role of cycle.myRoles; track role) {
                      <span class="chip">{{ i18n.t('role.' + role) }}</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </main>
  `,
})
export class CycleList {
  protected readonly i18n = inject(I18n);
  /** a third-party evaluator's way into a cycle is its evaluation page (it reads only its assigned packages) */
  protected readonly readsCycle = rolesReadCycle;
  private readonly http = inject(ApiHttp);
  protected readonly cycles = new Loadable<CycleSummary[]>();
  protected readonly wan = formatWanYuan;
  protected readonly percent = formatBasisPoints;

  constructor() {
    this.cycles.load(() => this.http.get<CycleSummary[]>('/api/cycles'));
  }
}
