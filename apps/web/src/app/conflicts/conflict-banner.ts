import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { I18n, registerMessages } from '../core/i18n';
import { ConflictCard } from './conflict-card';
import { ConflictStore } from './conflict-store';
import { CONFLICTS_MESSAGES } from './conflicts.messages';

registerMessages(CONFLICTS_MESSAGES);

/** Above a package's editor: its open conflicts, to settle without leaving the page. */
@Component({
  selector: 'zb-conflict-banner',
  imports: [ConflictCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .banner { display: flex; align-items: center; gap: 0.8rem; background: var(--accent-soft); color: var(--accent); padding: 0.1rem 0.7rem; border-radius: 4px; margin-bottom: 0.25rem; font-weight: 600; font-size: 0.95rem; }
    .banner button { font-size: 0.85rem; padding: 0 0.6rem; }
  `,
  template: `
    @if (conflicts().length) {
      <div class="banner" role="status" data-testid="conflict-banner" [attr.data-count]="conflicts().length">
        {{ i18n.t('conflict.banner', { n: conflicts().length }) }}
        <button type="button" data-testid="conflict-banner-toggle" (click)="expanded.set(!expanded())">{{ expanded() ? i18n.t('conflict.hide') : i18n.t('conflict.show') }}</button>
      </div>
      @if (expanded()) {
        @for (conflict of conflicts(); track conflict.id) {
          <zb-conflict-card [conflict]="conflict" [showPackage]="false" />
        }
      }
    }
  `,
})
export class ConflictBanner {
  readonly packageId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly store = inject(ConflictStore);
  protected readonly expanded = signal(false);
  protected readonly conflicts = computed(() => this.store.forPackage(this.packageId()));

  constructor() {
    this.store.start();
  }
}
