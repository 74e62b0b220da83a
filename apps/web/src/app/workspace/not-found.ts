import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, registerMessages } from '../core/i18n';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(WORKSPACE_MESSAGES);

/** An address that leads nowhere: say so and offer the way back. */
@Component({
  selector: 'zb-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="page">
      <h1>{{ i18n.t('notFound.title') }}</h1>
      <p data-testid="not-found">{{ i18n.t('notFound.body') }}</p>
      <p><a routerLink="/" data-testid="way-back">{{ i18n.t('state.back') }}</a></p>
    </main>
  `,
})
export class NotFound {
  protected readonly i18n = inject(I18n);
}
