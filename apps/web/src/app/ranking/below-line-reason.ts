import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { formatWanYuan, formatYuan } from '@zerobase/domain';
import type { RankingItem } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { ALLOCATOR_MESSAGES } from './allocator.messages';
import { CONSOLIDATION_MESSAGES } from './consolidation.messages';
import { RANKING_MESSAGES } from './ranking.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(CONSOLIDATION_MESSAGES);
registerMessages(RANKING_MESSAGES);

/**
 * Why a package is below the line: how much more quota funds it (exact to the fen), which score it
 * must beat, the funded alternative that excludes it; with `detail`, also the weight sensitivity.
 */
@Component({
  selector: 'zb-below-line-reason',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (item().explanation.belowLine; as why) {
      <div class="why-below" data-testid="below-line-reason">
        @if (why.departmentCap; as cap) {
          <span data-testid="department-cap">{{ i18n.t('allocator.departmentCap', { department: departmentName(cap.departmentId), amount: wan(cap.capFen) }) }}</span>
        } @else if (why.alternative; as alt) {
          <span>{{ i18n.t(alt.funded ? 'allocator.alternativeFunded' : 'allocator.alternativeAbove', { code: label(alt.itemId) }) }}</span>
        } @else if (why.extraQuotaFen !== null) {
          <span data-testid="needs-more">{{ i18n.t(detail() ? 'allocator.needsDetail' : 'allocator.needs', { amount: yuan(why.extraQuotaFen) }) }}</span>
        }
        @if (why.unitAbove; as above) {
          <span data-testid="unit-above">{{ i18n.t('consolidation.unitAbove', { code: label(above.itemId) }) }}</span>
        }
        @if (why.beat; as beat) {
          <span>
            {{ i18n.t('allocator.beat', { code: label(beat.itemId), score: beat.score, points: beat.byPoints }) }}
            @if (detail()) {
              · {{ i18n.t(beat.fitsInItsPlace ? 'allocator.beatFits' : 'allocator.beatDoesNotFit') }}
            }
          </span>
        }
        @if (detail() && why.sensitivity) {
          <div class="sensitivity" data-testid="weight-sensitivity">
            <strong>{{ i18n.t('allocator.sensitivity') }}</strong>
            @if (anySensitivity()) {
              <ul>
                @for (s of why.sensitivity; track s.criterionKey) {
                  <li>
                    {{ i18n.t('criterion.' + s.criterionKey) }} {{ s.weight }} →
                    @if (s.change === null) {
                      —
                    } @else {
                      {{ s.weight + s.change }} ({{ i18n.t('allocator.points', { sign: s.change > 0 ? '+' : '', points: s.change }) }})
                    }
                  </li>
                }
              </ul>
            } @else {
              <span> {{ i18n.t('allocator.sensitivityNone') }}</span>
            }
          </div>
        }
      </div>
    }
  `,
  styles: `
    .why-below { font-size: 0.78rem; color: var(--ink); display: flex; flex-direction: column; gap: 0.1rem; margin-top: 0.15rem; white-space: normal; }
    .sensitivity ul { margin: 0.2rem 0 0; padding-left: 1.1rem; }
  `,
})
export class BelowLineReason {
  readonly item = input.required<RankingItem>();
  /** item id → package code (with the level for increments) */
  readonly codes = input.required<ReadonlyMap<string, string>>();
  readonly detail = input(false);
  protected readonly i18n = inject(I18n);
  protected readonly yuan = formatYuan;
  protected readonly wan = formatWanYuan;
  private readonly departments = inject(DepartmentsStore);
  protected readonly anySensitivity = computed(() => (this.item().explanation.belowLine?.sensitivity ?? []).some((s) => s.change !== null));

  protected departmentName(id: string): string {
    return this.departments.nameOfId(id);
  }

  protected label(itemId: string): string {
    return this.codes().get(itemId) ?? itemId;
  }
}
