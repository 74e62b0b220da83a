import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { ConflictStore } from './conflict-store';
import { CONFLICTS_MESSAGES } from './conflicts.messages';

registerMessages(CONFLICTS_MESSAGES);

/** Header badge: how many conflicts wait for the signed-in user's departments or coordination. */
@Component({
  selector: 'zb-conflict-badge',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    a { display: inline-flex; align-items: center; gap: 0.35rem; color: white; font-size: 0.9rem; }
    .count { background: #e5484d; color: white; border-radius: 0.7rem; padding: 0 0.45rem; font-weight: 700; font-size: 0.8rem; }
  `,
  template: `
    @if (store.count() > 0 && store.firstCycle(); as cycleId) {
      <a [routerLink]="['/cycles', cycleId, 'conflicts']" data-testid="conflict-badge" [attr.data-count]="store.count()">
        {{ i18n.t('conflict.badge') }} <span class="count">{{ store.count() }}</span>
      </a>
    }
  `,
})
export class ConflictBadge {
  protected readonly store = inject(ConflictStore);
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);

  constructor() {
    effect(() => {
      this.session.user();
      this.store.start();
    });
  }
}
