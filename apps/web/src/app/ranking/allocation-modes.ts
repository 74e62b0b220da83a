import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { formatWanYuan } from '@zerobase/domain';
import type { ModeComparisonView } from '../core/api-types';
import { I18n, registerMessages } from '../core/i18n';
import { ALLOCATOR_MESSAGES } from './allocator.messages';

registerMessages(ALLOCATOR_MESSAGES);

/** Strict, skip-and-continue and optimal allocation of the same ranking, side by side, with their differences. */
@Component({
  selector: 'zb-allocation-modes',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="muted">{{ i18n.t('allocator.modes.hint') }}</p>
    @if (comparison(); as cmp) {
      <table data-testid="allocation-modes">
        <thead>
          <tr>
            <th>{{ i18n.t('allocator.modes.mode') }}</th>
            <th class="num">{{ i18n.t('allocator.modes.allocated') }}</th>
            <th class="num">{{ i18n.t('allocator.modes.count') }}</th>
            <th class="num">{{ i18n.t('allocator.modes.value') }}</th>
            <th>{{ i18n.t('allocator.modes.optimum') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (m of cmp.modes; track m.mode) {
            <tr [attr.data-mode]="m.mode">
              <td>{{ i18n.t('allocator.mode.' + m.mode) }}</td>
              <td class="num">{{ wan(m.allocatedFen) }}</td>
              <td class="num">{{ m.fundedItemIds.length }}</td>
              <td class="num">{{ valueText(m.value) }}</td>
              <td>
                @if (m.optimizer; as o) {
                  {{ o.proven ? i18n.t('allocator.modes.proven') : i18n.t('allocator.modes.gap', { gap: gapText(o.gap) }) }}
                  @if (o.floorsRelaxed) {
                    <div class="muted" data-testid="floors-relaxed">{{ i18n.t('limits.floorsRelaxed') }}</div>
                  }
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
      <h3>{{ i18n.t('allocator.modes.differences') }}</h3>
      @if (cmp.differences.length === 0) {
        <p class="muted">{{ i18n.t('allocator.modes.none') }}</p>
      } @else {
        <ul data-testid="mode-differences">
          @for (d of cmp.differences; track d.itemId) {
            <li>{{ i18n.t('allocator.modes.fundedIn', { code: code(cmp, d.itemId), modes: modesText(d.fundedIn) }) }}</li>
          }
        </ul>
      }
    }
  `,
  styles: `
    table { width: auto; min-width: 36rem; }
    h3 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; }
    ul { margin: 0; padding-left: 1.2rem; font-size: 0.9rem; }
  `,
})
export class AllocationModes {
  readonly cycleId = input.required<string>();
  /** changes whenever the ranking is recomputed, to reload the comparison */
  readonly version = input<string>('');
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  protected readonly comparison = signal<ModeComparisonView | null>(null);
  protected readonly wan = formatWanYuan;

  constructor() {
    effect(() => {
      const cycleId = this.cycleId();
      this.version();
      untracked(() => this.http.get<ModeComparisonView>(`/api/cycles/${cycleId}/ranking/modes`).subscribe({ next: (c) => this.comparison.set(c), error: () => undefined }));
    });
  }

  protected code(cmp: ModeComparisonView, itemId: string): string {
    const [packageId, level] = itemId.split('#');
    const code = cmp.codes[packageId!] ?? packageId!;
    return level ? `${code} · ${this.i18n.t('level.' + level)}` : code;
  }

  protected modesText(modes: readonly string[]): string {
    return modes.map((m) => this.i18n.t('allocator.mode.' + m)).join(this.i18n.language() === 'en' ? ', ' : '、');
  }

  /** score × yuan, shown in 10k (score points × 10k yuan) */
  protected valueText(value: number): string {
    return (value / 10_000).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: 0 });
  }

  protected gapText(gap: number): string {
    return (gap * 100).toFixed(3);
  }
}
