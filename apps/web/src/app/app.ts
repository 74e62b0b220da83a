import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { ConflictBadge } from './conflicts/conflict-badge';
import { AppInteractive } from './core/app-interactive';
import { I18n } from './core/i18n';
import { Session } from './core/session';
import { NotificationBell } from './notifications/notification-bell';
import { AppNav } from './workspace/app-nav';

@Component({
  selector: 'zb-root',
  imports: [RouterOutlet, RouterLink, AppNav, NotificationBell, ConflictBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    header { display: flex; align-items: center; gap: 1rem; padding: 0.45rem 1.2rem; background: #1d2733; color: white; flex-wrap: wrap; }
    header a { color: white; font-weight: 600; }
    .spacer { flex: 1; }
    header button { background: transparent; color: white; border-color: #4a5868; }
    .bell-slot { display: inline-block; width: calc(18px + 0.6rem); }
  `,
  template: `
    <header>
      <a routerLink="/">{{ i18n.t('app.name') }}</a>
      <zb-app-nav />
      <!-- the bell and the conflict badge (and with them the live connection) load once the page the user opened is up -->
      @defer (when interactive.ready()) {
        <zb-notification-bell />
      } @placeholder {
        @if (session.signedIn()) {
          <span class="bell-slot"></span>
        }
      }
      @if (session.user(); as user) {
        @defer (when interactive.ready()) {
          <zb-conflict-badge />
        }
        <span data-testid="current-user" translate="no">{{ user.displayName }}</span>
        <button type="button" (click)="logout()">{{ i18n.t('nav.logout') }}</button>
      }
      <button type="button" data-testid="language" [attr.lang]="i18n.language() === 'en' ? 'zh-CN' : 'en'" (click)="i18n.toggle()">{{ i18n.t('common.language') }}</button>
    </header>
    <router-outlet />
  `,
})
export class App {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  protected readonly interactive = inject(AppInteractive);
  private readonly router = inject(Router);

  protected logout(): void {
    this.session.logout();
    void this.router.navigate(['/login']);
  }
}
