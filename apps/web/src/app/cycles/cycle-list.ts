import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { formatWanYuan } from '@zerobase/domain';
import type { CycleSummary } from '../core/api-types';
import { I18n } from '../core/i18n';

@Component({
  selector: 'zb-cycle-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="page">
      <h1>{{ i18n.t('cycles.title') }}</h1>
      @if (cycles(); as list) {
        @if (list.length === 0) {
          <p class="muted">{{ i18n.t('cycles.none') }}</p>
        } @else {
          <table data-testid="cycle-list">
            <thead>
              <tr>
                <th>{{ i18n.t('packages.name') }}</th>
                <th class="num">{{ i18n.t('cycles.quota') }}</th>
                <th class="num">{{ i18n.t('cycles.reserve') }}</th>
                <th>{{ i18n.t('cycles.stage') }}</th>
                <th>{{ i18n.t('cycles.roles') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (cycle of list; track cycle.id) {
                <tr>
                  <td><a [routerLink]="['/cycles', cycle.id]">{{ cycle.name }}</a></td>
                  <td class="num">{{ wan(cycle.totalQuotaFen) }}</td>
                  <td class="num">{{ cycle.reserveBasisPoints / 100 }} %</td>
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
      } @else {
        <p class="muted">{{ i18n.t('common.loading') }}</p>
      }
    </main>
  `,
})
export class CycleList {
  protected readonly i18n = inject(I18n);
  protected readonly cycles = toSignal(inject(HttpClient).get<CycleSummary[]>('/api/cycles'));
  protected readonly wan = formatWanYuan;
}
