import { ChangeDetectionStrategy, Component, effect, inject, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { I18n, registerMessages } from '../core/i18n';
import { Realtime } from '../core/realtime';
import { Session } from '../core/session';
import { NotificationsStore, type AppNotification } from './notifications-store';
import { NOTIFICATIONS_MESSAGES } from './notifications.messages';

registerMessages(NOTIFICATIONS_MESSAGES);

/** The header bell: unread count, a link to the inbox, and toasts for live notifications. */
@Component({
  selector: 'zb-notification-bell',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: inline-flex; align-items: center; }
    a.bell { color: white; position: relative; display: inline-flex; padding: 0 0.3rem; text-decoration: none; }
    .count { position: absolute; top: -0.45rem; right: -0.55rem; background: #e5484d; color: white; border-radius: 9px; font-size: 0.7rem; min-width: 1.1rem; padding: 0 0.25rem; text-align: center; font-weight: 600; }
    .toasts { position: fixed; right: 1rem; bottom: 1rem; display: flex; flex-direction: column; gap: 0.5rem; z-index: 50; max-width: 24rem; }
    .toast { background: #1d2733; color: white; border-radius: 6px; padding: 0.6rem 0.8rem; box-shadow: 0 4px 14px #0004; display: flex; gap: 0.6rem; align-items: start; cursor: pointer; }
    .toast button { background: transparent; color: #cbd3dc; border: none; padding: 0 0.2rem; }
  `,
  template: `
    @if (session.signedIn()) {
      <a class="bell" routerLink="/notifications" data-testid="notification-bell" [attr.data-live]="live()" [attr.aria-label]="store.unread() > 0 ? i18n.t('notifications.title') + ' ' + store.unread() : i18n.t('notifications.title')">
        <svg width="18" height="18" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" /></svg>
        @if (store.unread() > 0) {
          <span class="count" data-testid="unread-count">{{ store.unread() }}</span>
        }
      </a>
      <div class="toasts">
        @for (toast of store.toasts(); track toast.id) {
          <div class="toast" data-testid="toast" [attr.data-kind]="toast.kind" (click)="open(toast)">
            <span>{{ store.text(toast) }}</span>
            <button type="button" (click)="$event.stopPropagation(); store.dismiss(toast.id)">×</button>
          </div>
        }
      </div>
    }
  `,
})
export class NotificationBell {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  protected readonly store = inject(NotificationsStore);
  /** the live connection is up (it opens once the page the user opened is up): live notifications arrive from then on */
  protected readonly live = inject(Realtime).connected;
  private readonly router = inject(Router);

  constructor() {
    effect(() => {
      const signedIn = this.session.signedIn();
      untracked(() => (signedIn ? this.store.start() : this.store.stop()));
    });
  }

  protected open(n: AppNotification): void {
    this.store.dismiss(n.id);
    this.store.markRead(n);
    void this.router.navigateByUrl(n.link);
  }
}
