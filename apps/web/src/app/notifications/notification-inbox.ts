import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NOTIFICATION_KINDS } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { NotificationsStore } from './notifications-store';
import { NOTIFICATIONS_MESSAGES } from './notifications.messages';

registerMessages(NOTIFICATIONS_MESSAGES);

/** /notifications — the inbox, newest first, with links to the thing concerned and per-kind mutes. */
@Component({
  selector: 'zb-notification-inbox',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    li { list-style: none; background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; margin-bottom: 0.5rem; display: flex; gap: 1rem; align-items: baseline; }
    li.unread { border-left: 4px solid var(--accent); }
    ul { padding: 0; }
    .when { color: var(--muted); font-size: 0.85rem; margin-left: auto; white-space: nowrap; }
    .head { display: flex; gap: 1rem; align-items: center; }
    .mutes { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; font-size: 0.85rem; margin: 0.5rem 0 1rem; }
  `,
  template: `
    <main class="page">
      <div class="head">
        <h1>{{ i18n.t('notifications.title') }}</h1>
        <button type="button" data-testid="mark-all-read" (click)="store.markAllRead()">{{ i18n.t('notifications.markAll') }}</button>
      </div>
      <div class="mutes" data-testid="notification-mutes">
        <span class="muted">{{ i18n.t('notifications.receive') }}</span>
        @for (kind of kinds; track kind) {
          <label><input type="checkbox" [checked]="!store.muted().includes(kind)" (change)="store.setMuted(kind, !$any($event.target).checked)" /> {{ i18n.t('notifications.label.' + kind) }}</label>
        }
      </div>
      @if (store.items().length === 0) {
        <p class="muted">{{ i18n.t('notifications.none') }}</p>
      }
      <ul data-testid="notification-list">
        @for (n of store.items(); track n.id) {
          <li [class.unread]="!n.read" data-testid="notification">
            <a [routerLink]="n.link" (click)="store.markRead(n)">{{ store.text(n) }}</a>
            <span class="when">{{ when(n.createdAt) }}</span>
          </li>
        }
      </ul>
    </main>
  `,
})
export class NotificationInbox {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(NotificationsStore);
  protected readonly kinds = NOTIFICATION_KINDS;

  constructor() {
    this.store.reload();
  }

  protected when(at: string): string {
    return new Date(at).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN');
  }
}
