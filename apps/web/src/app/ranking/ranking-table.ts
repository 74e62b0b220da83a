import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink } from '@angular/router';
import { formatScore, formatWanYuan } from '@zerobase/domain';
import type { RankingItem, RankingView } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { BelowLineReason } from './below-line-reason';
import { CarryOverNote } from '../evaluation/carry-over-note';
import { ALLOCATOR_MESSAGES } from './allocator.messages';
import { CONSOLIDATION_MESSAGES } from './consolidation.messages';
import { MEETINGS_MESSAGES } from '../meetings/meetings.messages';
import { RANKING_MESSAGES } from './ranking.messages';
import { VISIBILITY_MESSAGES } from './visibility.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(CONSOLIDATION_MESSAGES);
registerMessages(MEETINGS_MESSAGES);
registerMessages(RANKING_MESSAGES);
registerMessages(VISIBILITY_MESSAGES);

/**
 * The consolidated ranking with the cutoff line (资金分配线) drawn between the last funded item
 * and the first that did not fit. With a `baseline` (the current ranking, while a preview is
 * shown) it marks the items whose funding the preview changes.
 */
@Component({
  selector: 'zb-ranking-table',
  imports: [RouterLink, NgTemplateOutlet, BelowLineReason, CarryOverNote],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ranking-table.html',
  styles: `
    tr.unfunded td { color: var(--muted); background: #fafbfc; }
    tr.unfunded td a { color: var(--muted); }
    td.rank { width: 3rem; font-weight: 600; }
    td.code { white-space: nowrap; }
    .why { border: none; background: none; padding: 0 0.2rem; color: var(--muted); font-size: 0.8rem; }
    .funding { display: inline-block; font-size: 0.8rem; padding: 0 0.4rem; border-radius: 3px; border: 1px solid var(--line); white-space: nowrap; }
    .funding.funded { border-color: var(--high); color: var(--high); }
    .change { font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
    .change.gained { color: var(--high); }
    .change.lost { color: var(--accent); }
    tr.cutoff td { padding: 0; border-bottom: none; background: none; }
    .cutoff-line { display: flex; align-items: center; gap: 0.6rem; padding: 0.35rem 0; color: var(--accent); font-size: 0.85rem; }
    .cutoff-line::before, .cutoff-line::after { content: ''; flex: 1; border-top: 2px dashed var(--accent); }
    .cutoff-line strong { white-space: nowrap; }
    .cutoff-line span { color: var(--ink); white-space: nowrap; }
    tr.explain td { background: var(--bg); }
    tr.explain table { background: transparent; width: auto; min-width: 28rem; }
    tr.explain th, tr.explain td { padding: 0.2rem 0.6rem; border: none; }
    .badge { display: inline-block; font-size: 0.72rem; padding: 0 0.35rem; margin-left: 0.35rem; border-radius: 3px; white-space: nowrap; }
    .badge.mandated { background: #e8f1fb; color: #1d4f91; border: 1px solid #9bbbe3; }
    .badge.override { background: #fdecea; color: #8a1c12; border: 1px solid #e6a39c; }
    .badge.alternative { background: #f6effa; color: #6b3d8a; border: 1px solid #cdb3dd; }
    .why-detail { margin-bottom: 0.5rem; }
    .unit-note { display: flex; flex-direction: column; gap: 0.05rem; margin-top: 0.15rem; font-size: 0.78rem; color: var(--muted); }
    .unit-note .held { color: var(--medium); font-weight: 600; }
    .unit-note .unit-override { color: #8a1c12; }
  `,
})
export class RankingTable {
  readonly view = input.required<RankingView>();
  /** funded flags of the current ranking by item id, to compare a preview with */
  readonly baseline = input<ReadonlyMap<string, boolean> | null>(null);

  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  protected readonly wan = formatWanYuan;
  protected readonly score = formatScore;
  protected readonly open = signal<string | null>(null);

  /** index of the first item below the line; items.length when everything fits */
  protected readonly cutoffIndex = computed(() => {
    const { items, cutoff } = this.view();
    if (cutoff.firstUnfundedRank === null) return items.length;
    if (cutoff.rank === null) return 0;
    const index = items.findIndex((item) => item.rank > (cutoff.rank as number));
    return index < 0 ? items.length : index;
  });

  /** item id → package code (with the level for increments), to name other items in explanations */
  protected readonly codes = computed(
    () => new Map(this.view().items.map((item) => [item.id, item.level ? `${item.code} · ${this.i18n.t('level.' + item.level)}` : item.code])),
  );

  /** package id → code, to name the other package of an override */
  private readonly packageCodes = computed(() => new Map(this.view().items.map((item) => [item.packageId, item.code])));

  protected label(itemId: string): string {
    return this.codes().get(itemId) ?? itemId;
  }

  protected packageCode(packageId: string): string {
    return this.packageCodes().get(packageId) ?? packageId;
  }

  protected toggle(item: RankingItem): void {
    this.open.update((id) => (id === item.id ? null : item.id));
  }

  protected change(item: RankingItem): 'gained' | 'lost' | null {
    const before = this.baseline()?.get(item.id);
    if (before === undefined || before === item.funded) return null;
    return item.funded ? 'gained' : 'lost';
  }
}
