import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { ConflictCard } from './conflict-card';
import { ConflictStore } from './conflict-store';
import { CONFLICTS_MESSAGES } from './conflicts.messages';

registerMessages(CONFLICTS_MESSAGES);

/** The open conflicts of a cycle, newest first, resolved from here. */
@Component({
  selector: 'zb-conflict-list',
  imports: [ConflictCard, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="page" data-testid="conflict-list">
      <p><a [routerLink]="['/cycles', cycleId()]">← {{ i18n.t('packages.back') }}</a></p>
      <h1>{{ i18n.t('conflict.title') }}</h1>
      @for (conflict of conflicts(); track conflict.id) {
        <zb-conflict-card [conflict]="conflict" />
      } @empty {
        <p class="muted" data-testid="conflict-none">{{ i18n.t('conflict.none') }}</p>
      }
    </main>
  `,
})
export class ConflictList {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly store = inject(ConflictStore);
  protected readonly conflicts = computed(() => this.store.forCycle(this.cycleId()));

  constructor() {
    inject(DepartmentsStore).load();
    this.store.start();
  }
}
