import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { formatBasisPoints, formatWanYuan, type CarryOverExplanation } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { EVALUATION_MESSAGES } from './evaluation.messages';

registerMessages(EVALUATION_MESSAGES);

/** In a successor's ranking row: its predecessor's grade and what the carry-over rule did to it. */
@Component({
  selector: 'zb-carry-over-note',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; font-size: 0.8rem; color: var(--muted); }
  `,
  template: `<span data-testid="carry-over-note">{{ text() }}</span>`,
})
export class CarryOverNote {
  readonly carryOver = input.required<CarryOverExplanation>();
  private readonly i18n = inject(I18n);

  protected readonly text = computed(() => {
    const c = this.carryOver();
    const grade = this.i18n.t(c.grade ? 'evaluation.grade.' + c.grade : 'evaluation.ungraded');
    const effect = this.i18n.t('evaluation.effect.' + c.effect, { percent: formatBasisPoints(c.cutBasisPoints ?? 0) });
    return this.i18n.t('ranking.carryOver', { grade, effect, requested: formatWanYuan(c.requestedFen), considered: formatWanYuan(c.consideredFen) });
  });
}
