import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { PublishedCycle } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { DISCLOSURE_MESSAGES } from './disclosure.messages';

registerMessages(DISCLOSURE_MESSAGES);

/** /public — the cycles that published something, readable without signing in. */
@Component({
  selector: 'zb-public-cycles',
  imports: [RouterLink, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul a { text-decoration: underline; }
  `,
  template: `
    <main class="page">
      <h1>{{ i18n.t('public.cycles') }}</h1>
      <zb-load-state [of]="cycles" [empty]="cycles.value()?.length === 0" emptyKey="public.none" backLink="/public" />
      @if (cycles.value(); as list) {
        @if (list.length > 0) {
          <ul data-testid="public-cycles">
            @for (c of list; track c.id) {
              <li>
                <a [routerLink]="['/public/cycles', c.id]" translate="no">{{ i18n.name(c) }}</a>
                <span class="muted"> · {{ i18n.t('public.stage', { stage: i18n.t('stage.' + c.publishedStage), time: c.publishedAt.slice(0, 10) }) }}</span>
              </li>
            }
          </ul>
        }
      }
    </main>
  `,
})
export class PublicCycles {
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  protected readonly cycles = new Loadable<PublishedCycle[]>();

  constructor() {
    this.cycles.load(() => this.http.get<PublishedCycle[]>('/api/public/cycles'));
  }
}
