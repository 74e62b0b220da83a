import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatWanYuan, type PublicCycle, type PublicDepartment } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { DISCLOSURE_MESSAGES } from './disclosure.messages';

registerMessages(DISCLOSURE_MESSAGES);

/** /public/cycles/:cycleId — what a cycle published, readable without signing in. */
@Component({
  selector: 'zb-public-cycle',
  imports: [RouterLink, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1.05rem; margin: 0 0 0.6rem; }
    ul.targets { margin: 0; padding-left: 1.1rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; align-items: baseline; margin-bottom: 1rem; }
    .checkpoint code { word-break: break-all; font-size: 0.85rem; }
    tfoot td { font-weight: 600; }
    td.code { white-space: nowrap; }
    .meta a { text-decoration: underline; }
  `,
  template: `
    <main class="page" data-testid="public-cycle">
      <p><a routerLink="/public">← {{ i18n.t('public.cycles') }}</a></p>
      <h1>
        {{ i18n.t('public.title') }}
        @if (data.value(); as p) {
          · <span translate="no">{{ i18n.name(p.cycle) }}</span>
        }
      </h1>
      @if (data.problem()?.status === 404) {
        <p class="error" role="alert" data-testid="public-error">{{ i18n.t('public.notPublished') }}</p>
      } @else {
        <zb-load-state [of]="data" backLink="/public" />
      }
      @if (data.value(); as p) {
        <div class="meta">
          <span class="muted">{{ i18n.t('public.stage', { stage: i18n.t('stage.' + p.publishedStage), time: p.publishedAt.slice(0, 10) }) }}</span>
          <span class="muted">{{ i18n.t('public.quota', { quota: wan(p.cycle.totalQuotaFen), reserve: p.cycle.reserveBasisPoints / 100 }) }}</span>
          <a [href]="'/api/public/cycles/' + p.cycle.id + '/csv'" data-testid="public-csv" download>{{ i18n.t('public.csv') }}</a>
        </div>
        @if (p.checkpoint; as c) {
          <p class="muted checkpoint" data-testid="public-checkpoint">
            {{ i18n.t('public.checkpoint', { runs: c.runs, time: c.recordedAt.slice(0, 10) }) }}
            <code>{{ c.hash }}</code>
          </p>
        }
        <section>
          <h2>{{ p.allocationPublished ? i18n.t('public.fundedPackages') : i18n.t('public.publishedPackages') }}</h2>
          <table data-testid="public-packages">
            <thead>
              <tr>
                <th>{{ i18n.t('packages.code') }}</th>
                <th>{{ i18n.t('packages.name') }}</th>
                <th>{{ i18n.t('packages.departments') }}</th>
                <th class="num">{{ i18n.t('public.requested') }}</th>
                @if (p.allocationPublished) {
                  <th class="num">{{ i18n.t('public.allocated') }}</th>
                }
                <th>{{ i18n.t('public.targets') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (pkg of p.packages; track pkg.code) {
                <tr>
                  <td class="code">{{ pkg.code }}</td>
                  <td translate="no">
                    <strong>{{ pkg.title }}</strong>
                    <div class="muted">{{ pkg.purpose }}</div>
                  </td>
                  <td>{{ names(pkg.departments) }}</td>
                  <td class="num">{{ wan(pkg.requestedFen) }}</td>
                  @if (p.allocationPublished) {
                    <td class="num">{{ wan(pkg.allocatedFen ?? 0) }}</td>
                  }
                  <td>
                    <ul class="targets">
                      @for (t of pkg.targets; track t.name) {
                        <li>
                          <span translate="no">{{ t.name }}：{{ t.baseline }} → {{ t.target }}{{ t.unit }}</span>
                          <span class="muted">（{{ t.result === null ? i18n.t('public.noResult') : i18n.t('public.result') + ' ' + t.result + t.unit }}）</span>
                        </li>
                      }
                    </ul>
                  </td>
                </tr>
              }
            </tbody>
            <tfoot>
              <tr>
                <td colspan="3">{{ i18n.t('public.total') }}</td>
                <td class="num">{{ wan(p.totals.requestedFen) }}</td>
                @if (p.allocationPublished) {
                  <td class="num">{{ wan(p.totals.allocatedFen ?? 0) }}</td>
                }
                <td></td>
              </tr>
            </tfoot>
          </table>
        </section>
        <section>
          <h2>{{ i18n.t('public.byDepartment') }}</h2>
          <table data-testid="public-departments">
            <thead>
              <tr>
                <th>{{ i18n.t('public.department') }}</th>
                <th class="num">{{ i18n.t('public.requested') }}</th>
                @if (p.allocationPublished) {
                  <th class="num">{{ i18n.t('public.allocated') }}</th>
                }
              </tr>
            </thead>
            <tbody>
              @for (row of p.amountsByDepartment; track row.department.code) {
                <tr>
                  <td>{{ name(row.department) }}</td>
                  <td class="num">{{ wan(row.requestedFen) }}</td>
                  @if (p.allocationPublished) {
                    <td class="num">{{ wan(row.allocatedFen ?? 0) }}</td>
                  }
                </tr>
              }
            </tbody>
          </table>
        </section>
      }
    </main>
  `,
})
export class PublicCycleView {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  protected readonly data = new Loadable<PublicCycle>();
  protected readonly wan = formatWanYuan;
  protected readonly english = computed(() => this.i18n.language() === 'en');

  constructor() {
    effect(() => {
      const id = this.cycleId();
      this.data.load(() => this.http.get<PublicCycle>(`/api/public/cycles/${id}`));
    });
  }

  protected name(d: PublicDepartment): string {
    return this.english() ? d.nameEn : d.nameZh;
  }

  protected names(list: readonly PublicDepartment[]): string {
    return list.map((d) => this.name(d)).join(this.english() ? ', ' : '、');
  }
}
