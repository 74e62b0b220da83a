import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rolesReadCycle } from '@zerobase/domain';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { CurrentCycle } from '../core/current-cycle';
import { I18n } from '../core/i18n';
import { Session } from '../core/session';

/** The header's navigation in the current cycle, by role, and a package search that lands in the list's URL. */
@Component({
  selector: 'zb-app-nav',
  imports: [RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: flex; align-items: center; gap: 0.2rem; flex: 1; min-width: 0; }
    nav ul { display: flex; gap: 0.1rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
    nav a { color: #e8edf3; padding: 0.35rem 0.6rem; border-radius: 4px; white-space: nowrap; display: inline-block; }
    nav a.active { background: #3a4a5c; color: white; }
    form { margin-left: auto; display: flex; gap: 0.3rem; }
    input { width: 11rem; background: #2b3746; color: white; border-color: #6b7b8e; }
    input::placeholder { color: #c9d2dc; }
  `,
  template: `
    @if (session.signedIn()) {
      <nav [attr.aria-label]="i18n.t('nav.main')">
        <ul>
          <li><a routerLink="/" routerLinkActive="active" ariaCurrentWhenActive="page" [routerLinkActiveOptions]="{ exact: true }" data-testid="nav-cycles">{{ i18n.t('nav.cycles') }}</a></li>
          @if (cycle.id(); as id) {
            @if (readsCycle()) {
              <li><a [routerLink]="['/cycles', id]" routerLinkActive="active" ariaCurrentWhenActive="page" [routerLinkActiveOptions]="{ exact: true }" data-testid="nav-packages">{{ i18n.t('nav.packages') }}</a></li>
              <li><a [routerLink]="['/cycles', id, 'ranking']" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-ranking">{{ i18n.t('nav.ranking') }}</a></li>
            }
            @if (roles().has('evaluator')) {
              <li><a [routerLink]="['/cycles', id, 'evaluation']" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-evaluation">{{ i18n.t('nav.evaluation') }}</a></li>
            }
            @if (roles().has('reviewer')) {
              <li><a [routerLink]="['/cycles', id, 'queue']" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-queue">{{ i18n.t('nav.queue') }}</a></li>
            }
            @if (roles().has('coordinator') || roles().has('liaison')) {
              <li><a [routerLink]="['/cycles', id, 'conflicts']" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-inbox">{{ i18n.t('nav.inbox') }}</a></li>
            }
            @if (roles().has('coordinator')) {
              <li><a [routerLink]="['/cycles', id, 'price-checks']" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-price-checks">{{ i18n.t('prices.nav') }}</a></li>
              <li><a [routerLink]="['/cycles', id, 'setup']" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-setup">{{ i18n.t('nav.setup') }}</a></li>
            }
          }
        </ul>
      </nav>
      @if (cycle.id() && readsCycle()) {
        <form role="search" (submit)="search($event, query.value)">
          <input #query type="search" name="q" [attr.aria-label]="i18n.t('nav.search')" [placeholder]="i18n.t('nav.search')" data-testid="nav-search" />
        </form>
      }
    }
  `,
})
export class AppNav {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(Session);
  protected readonly cycle = inject(CurrentCycle);
  private readonly router = inject(Router);
  protected readonly roles = computed(() => this.cycle.roles());
  /** packages, ranking and search are for members who read the cycle, not for a third-party evaluator */
  protected readonly readsCycle = computed(() => rolesReadCycle(this.roles()));

  protected search(event: Event, text: string): void {
    event.preventDefault();
    const id = this.cycle.id();
    if (id) void this.router.navigate(['/cycles', id], { queryParams: { q: text.trim() || null }, queryParamsHandling: 'merge' });
  }
}
