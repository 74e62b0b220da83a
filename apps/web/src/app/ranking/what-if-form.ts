import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import type { AllocationMode } from '@zerobase/domain';
import type { WhatIfRequest } from '../core/api-types';
import { I18n, registerMessages } from '../core/i18n';
import { parseWanYuanInput, wanYuanInputValue } from '../core/money-input';
import { ALLOCATOR_MESSAGES } from './allocator.messages';
import { CONSOLIDATION_MESSAGES } from './consolidation.messages';
import { RANKING_MESSAGES } from './ranking.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(CONSOLIDATION_MESSAGES);
registerMessages(RANKING_MESSAGES);

const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

/** Quota, reserve and allocation mode to try; the result is a preview the parent shows. */
@Component({
  selector: 'zb-what-if-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './what-if-form.html',
  styles: `
    form { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: flex-end; }
    label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.85rem; color: var(--muted); }
    input { width: 9rem; text-align: right; }
    label.check { flex-direction: row; align-items: center; gap: 0.35rem; color: var(--ink); padding-bottom: 0.4rem; }
    label.check input { width: auto; }
    .actions { display: flex; gap: 0.5rem; }
    p { margin: 0 0 0.6rem; font-size: 0.85rem; }
    .error { margin: 0.6rem 0 0; }
  `,
})
export class WhatIfForm {
  /** the cycle's own settings, to start from */
  readonly defaults = input.required<WhatIfRequest>();
  readonly running = input(false);
  readonly serverError = input<string | null>(null);
  readonly run = output<WhatIfRequest>();

  protected readonly i18n = inject(I18n);
  protected readonly quota = signal('');
  protected readonly reserve = signal('');
  protected readonly mode = signal<AllocationMode>('strict');
  protected readonly consolidation = signal(false);
  protected readonly invalid = signal<'quota' | 'reserve' | null>(null);
  protected readonly modes: AllocationMode[] = ['strict', 'skipAndContinue', 'optimal'];
  private touched = false;

  constructor() {
    effect(() => {
      const defaults = this.defaults();
      if (this.touched) return;
      this.quota.set(wanYuanInputValue(defaults.quotaFen));
      this.reserve.set(String(defaults.reserveBasisPoints / 100));
      this.mode.set(defaults.allocationMode);
      this.consolidation.set(defaults.consolidation ?? false);
    });
  }

  protected edit(field: 'quota' | 'reserve' | 'mode' | 'consolidation', event: Event): void {
    this.touched = true;
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    if (field === 'consolidation') this.consolidation.set((event.target as HTMLInputElement).checked);
    else if (field === 'mode') this.mode.set(value as AllocationMode);
    else (field === 'quota' ? this.quota : this.reserve).set(value);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const quotaFen = parseWanYuanInput(this.quota());
    if (quotaFen === null) return this.invalid.set('quota');
    const reserve = this.reserve().trim();
    if (!PERCENT.test(reserve) || Number(reserve) > 100) return this.invalid.set('reserve');
    this.invalid.set(null);
    this.run.emit({ quotaFen, reserveBasisPoints: Math.round(Number(reserve) * 100), allocationMode: this.mode(), consolidation: this.consolidation() });
  }
}
