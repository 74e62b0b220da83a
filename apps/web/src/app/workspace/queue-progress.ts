import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { ReviewQueueView } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(WORKSPACE_MESSAGES);

/** "n of m scored" as text and a progress bar, with the number of recusals. */
@Component({
  selector: 'zb-queue-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="progress" data-testid="queue-progress" [attr.data-scored]="queue().progress.scored" [attr.data-total]="queue().progress.total">
      <label for="queue-progress-bar">{{ i18n.t('queue.progress', { n: queue().progress.scored, m: queue().progress.total }) }}</label>
      <progress id="queue-progress-bar" [max]="queue().progress.total || 1" [value]="queue().progress.scored"></progress>
      @if (queue().progress.recused > 0) {
        <span class="muted">{{ i18n.t('queue.recusedCount', { n: queue().progress.recused }) }}</span>
      }
    </div>
  `,
  styles: `
    .progress { display: flex; align-items: center; gap: 0.8rem; margin: 0.6rem 0 1rem; font-weight: 600; flex-wrap: wrap; }
    progress { width: 16rem; height: 1rem; accent-color: var(--high); }
  `,
})
export class QueueProgress {
  readonly queue = input.required<ReviewQueueView>();
  protected readonly i18n = inject(I18n);
}
