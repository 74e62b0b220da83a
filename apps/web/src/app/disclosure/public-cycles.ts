import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { I18n } from '../core/i18n';

interface PublishedCycle {
  id: string;
  name: string;
  fiscalYear: number;
  publishedStage: string;
  publishedAt: string;
}

/** /public — the cycles that published something, readable without signing in. */
@Component({
  selector: 'zb-public-cycles',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="page">
      <h1>{{ i18n.t('public.cycles') }}</h1>
      @if (cycles(); as list) {
        @if (list.length === 0) {
          <p class="muted">{{ i18n.t('public.none') }}</p>
        } @else {
          <ul data-testid="public-cycles">
            @for (c of list; track c.id) {
              <li>
                <a [routerLink]="['/public/cycles', c.id]">{{ c.name }}</a>
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
  protected readonly cycles = toSignal(inject(HttpClient).get<PublishedCycle[]>('/api/public/cycles'));
}
