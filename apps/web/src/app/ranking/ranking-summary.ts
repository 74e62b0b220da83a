import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { formatWanYuan, type Tier } from '@zerobase/domain';
import type { RankingView } from '../core/api-types';
import { I18n, registerMessages } from '../core/i18n';
import { RANKING_MESSAGES } from './ranking.messages';

registerMessages(RANKING_MESSAGES);

/** The money of the allocation and the priority distribution, as figures. */
@Component({
  selector: 'zb-ranking-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: 0.6rem; }
    .card { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.55rem 0.75rem; }
    .card .label { display: block; font-size: 0.8rem; color: var(--muted); }
    .card strong { display: block; font-size: 1.15rem; font-variant-numeric: tabular-nums; margin-top: 0.15rem; }
    .card small { color: var(--muted); font-weight: normal; font-size: 0.75rem; margin-left: 0.2rem; }
    .tiers strong { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; font-size: 0.95rem; }
    .tiers .tier { font-size: 0.85rem; padding: 0.05rem 0.45rem; }
  `,
  template: `
    @for (figure of figures; track figure.key) {
      <div class="card">
        <span class="label">{{ i18n.t(figure.label) }}</span>
        <strong [attr.data-testid]="'ranking-' + figure.key">{{ wan(totals()[figure.key]) }}<small>{{ i18n.t('ranking.unit') }}</small></strong>
      </div>
    }
    <div class="card tiers">
      <span class="label">{{ i18n.t('ranking.tiers') }}</span>
      <strong data-testid="ranking-tiers">
        @for (tier of tiers; track tier) {
          <span [class]="'tier tier-' + tier">{{ i18n.t('tier.' + tier) }} {{ tierCounts()[tier] }}</span>
        }
      </strong>
    </div>
  `,
})
export class RankingSummary {
  readonly totals = input.required<RankingView['totals']>();
  readonly tierCounts = input.required<RankingView['tierCounts']>();
  protected readonly i18n = inject(I18n);
  protected readonly wan = formatWanYuan;
  protected readonly tiers: Tier[] = ['high', 'medium', 'low'];
  protected readonly figures = [
    { key: 'quotaFen', label: 'ranking.quota' },
    { key: 'reserveFen', label: 'ranking.reserve' },
    { key: 'availableFen', label: 'ranking.available' },
    { key: 'allocatedFen', label: 'ranking.allocated' },
    { key: 'remainderFen', label: 'ranking.remainder' },
  ] as const;
}
