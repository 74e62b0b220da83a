import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ReviewQueueView } from '@zerobase/domain';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { LiveQueue } from './live-queue';
import { QueueProgress } from './queue-progress';
import { RANKING_MESSAGES } from '../ranking/ranking.messages';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(RANKING_MESSAGES);
registerMessages(WORKSPACE_MESSAGES);

/** A reviewer's queue: what is left to score, progress, recusals with their reason; it follows changes live. */
@Component({
  selector: 'zb-review-queue',
  imports: [RouterLink, LoadState, QueueProgress],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="page">
      <div class="head">
        <h1>{{ i18n.t('queue.title') }}</h1>
        <span class="live" [class.on]="live.live()" role="status" data-testid="queue-live">
          <span class="dot" aria-hidden="true"></span>{{ live.live() ? i18n.t('ranking.live') : i18n.t('ranking.offline') }}
        </span>
      </div>
      <zb-load-state [of]="queue" [empty]="(queue.value()?.items?.length ?? 0) === 0" emptyKey="queue.empty" />
      @if (queue.value(); as q) {
        <zb-queue-progress [queue]="q" />
        @if (q.scoringClosed) {
          <p class="notice" role="status" data-testid="scoring-closed">
            {{ i18n.t('queue.closed') }} <a [routerLink]="['/cycles', cycleId(), 'ranking']">{{ i18n.t('nav.ranking') }}</a>
          </p>
        } @else if (q.progress.nextPackageId; as next) {
          <p><a class="button primary" [routerLink]="['/cycles', cycleId(), 'queue', next]" data-testid="score-next">{{ i18n.t('queue.startNext') }}</a></p>
        }
        @if (q.items.length > 0) {
          <table data-testid="review-queue">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('packages.code') }}</th>
                <th scope="col">{{ i18n.t('packages.name') }}</th>
                <th scope="col">{{ i18n.t('packages.departments') }}</th>
                <th scope="col">{{ i18n.t('queue.status') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (item of q.items; track item.packageId) {
                <tr data-testid="queue-row" [attr.data-code]="item.code" [attr.data-status]="item.status">
                  <td>{{ item.code }}</td>
                  <td>
                    @if (item.status === 'recused') {
                      <span translate="no">{{ item.title }}</span>
                    } @else {
                      <a [routerLink]="['/cycles', cycleId(), 'queue', item.packageId]" translate="no">{{ item.title }}</a>
                    }
                  </td>
                  <td>
                    @for (d of item.departments; track d) {
                      <span class="chip">{{ departments.name(d) }}</span>
                    }
                  </td>
                  <td [class]="'status status-' + item.status">
                    @if (item.status === 'recused') {
                      {{ i18n.t('queue.recused', { departments: names(item.recusedFor) }) }}
                    } @else if (item.status === 'partial') {
                      {{ i18n.t('queue.partial', { n: item.scoredCriteria, m: q.criteria.length }) }}
                    } @else {
                      {{ i18n.t('queue.status.' + item.status) }}
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
  styles: `
    .head { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
    .live { color: var(--muted); display: inline-flex; align-items: center; gap: 0.35rem; }
    .live .dot { width: 0.55rem; height: 0.55rem; border-radius: 50%; background: var(--low); }
    .live.on .dot { background: var(--high); }
    .notice { background: white; border-left: 4px solid var(--high); padding: 0.6rem 0.9rem; }
    .status-scored { color: var(--high); font-weight: 600; }
    .status-recused { color: var(--muted); }
  `,
})
export class ReviewQueue {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  protected readonly live = inject(LiveQueue);
  protected readonly queue = new Loadable<ReviewQueueView>();

  constructor() {
    this.departments.load();
    effect((onCleanup) => {
      const cycleId = this.cycleId();
      const url = `/api/cycles/${cycleId}/queue/mine`;
      this.queue.load(() => this.http.get<ReviewQueueView>(url));
      const changes = this.live.changes(cycleId).subscribe((queue) => (queue ? this.queue.value.set(queue) : this.queue.reload()));
      onCleanup(() => changes.unsubscribe());
    });
  }

  protected names(codes: string[]): string {
    return codes.map((c) => this.departments.name(c)).join(this.i18n.t('common.listSeparator'));
  }
}
