import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Observable, Subscription } from 'rxjs';
import { toProblem, type ApiProblem } from './api-error';
import { I18n, type MessageKey } from './i18n';

/** How long to wait before trying again by itself after the server could not be reached. */
export const RETRY_MS = 3_000;

/**
 * Something loaded from the API, with its loading and error state. Retries by itself while the
 * server is unreachable, so a page recovers when the server is back; `reload()` for a retry button.
 */
export class Loadable<T> {
  readonly value = signal<T | null>(null);
  readonly problem = signal<ApiProblem | null>(null);
  readonly loading = signal(false);
  private subscription: Subscription | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private source: (() => Observable<T>) | null = null;

  constructor(destroyRef: DestroyRef = inject(DestroyRef)) {
    destroyRef.onDestroy(() => this.stop());
  }

  /** Starts loading from a (new) source; keeps the last value on screen while reloading. */
  load(source: () => Observable<T>): void {
    this.source = source;
    this.reload();
  }

  reload(): void {
    if (!this.source) return;
    this.stop();
    this.loading.set(true);
    this.subscription = this.source().subscribe({
      next: (value) => {
        this.value.set(value);
        this.problem.set(null);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        const problem = toProblem(error);
        this.problem.set(problem);
        this.loading.set(false);
        if (problem.transient) this.timer = setTimeout(() => this.reload(), RETRY_MS);
      },
    });
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * The loading, error and empty states of a Loadable, in the user's language: a retry button, a
 * note that it retries by itself, and the way back when the thing is missing or forbidden.
 */
@Component({
  selector: 'zb-load-state',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (of().problem(); as problem) {
      <div class="state error" role="alert" data-testid="load-error">
        <p>{{ i18n.t(problem.key, problem.params) }}</p>
        @if (problem.transient) {
          <p class="hint">{{ i18n.t('state.autoRetry') }}</p>
        }
        <div class="actions">
          <button type="button" data-testid="retry" (click)="of().reload()">{{ i18n.t('state.retry') }}</button>
          @if (problem.status === 404 || problem.status === 403) {
            <a [routerLink]="backLink()" data-testid="way-back">{{ i18n.t(backLabel()) }}</a>
          }
        </div>
      </div>
    } @else if (of().value() === null) {
      <p class="state" role="status" aria-live="polite" data-testid="loading">{{ i18n.t('common.loading') }}</p>
    } @else if (empty()) {
      <p class="state empty" role="status" data-testid="empty">{{ i18n.t(emptyKey()) }}</p>
    }
  `,
  styles: `
    .state { margin: 1rem 0; }
    .error { color: var(--ink); background: var(--accent-soft); border-left: 4px solid var(--accent); padding: 0.6rem 0.9rem; border-radius: 4px; }
    .error p { margin: 0 0 0.4rem; }
    .hint { color: var(--muted); }
    .actions { display: flex; gap: 1rem; align-items: center; }
    .empty { color: var(--muted); background: white; border: 1px dashed var(--line); padding: 1rem; text-align: center; }
  `,
})
export class LoadState {
  readonly of = input.required<Loadable<unknown>>();
  readonly empty = input(false);
  readonly emptyKey = input<MessageKey>('state.empty');
  readonly backLink = input<string | unknown[]>('/');
  readonly backLabel = input<MessageKey>('state.back');
  protected readonly i18n = inject(I18n);
}
