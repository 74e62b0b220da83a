import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, signal, untracked, ViewEncapsulation } from '@angular/core';
import { SHARED_COST_OWNER } from '@zerobase/collab/editor';
import { checkPrices, leadingComparison, type LinePriceCheck, type PackagePriceChecksView } from '@zerobase/domain';
import { CollabSession } from '../collab/collab-session';
import { I18n } from '../core/i18n';
import { checkSentences } from './price-text';

interface Placed {
  mark: HTMLElement;
  key: string;
}

let nextId = 0;

/**
 * Marks, in the package editor around it, each cost line whose unit cost is outside the band of
 * its reference (the catalogue's price for its category and unit, or its department's past unit
 * cost): a small "偏高 +122%" under the unit cost, with the reference used in a tooltip (on hover
 * or focus) and in the cell's description for screen readers. The references are asked for once
 * (`GET /api/packages/:id/price-checks`); the lines are checked as they are typed, by the same
 * rule as on the server. Placed inside the editor after it is interactive (`@defer`).
 */
@Component({
  selector: 'zb-price-marks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: `
    zb-price-marks { display: none; }
    .zb-price-mark {
      position: relative; display: block; width: fit-content; margin: 1px 0 0 auto; padding: 0 0.3rem; border-radius: 3px; cursor: help;
      font-size: 0.72rem; line-height: 1.25rem; font-weight: 600; white-space: nowrap; font-variant-numeric: tabular-nums;
      background: #fde8e8; color: #9b1c1c; border: 1px solid #f5b5b5;
    }
    .zb-price-mark.low { background: #fff4dc; color: #8a4b00; border-color: #f3cf8a; }
    .zb-price-mark:focus-visible { outline: 2px solid #1e6fb3; outline-offset: 1px; }
    .zb-price-tip {
      display: none; position: absolute; right: 0; top: calc(100% + 4px); z-index: 20; pointer-events: none;
      width: max-content; max-width: 32rem; white-space: normal; text-align: left;
      padding: 0.3rem 0.55rem; border-radius: 4px; font-size: 0.8rem; font-weight: normal; line-height: 1.4;
      background: #2b2f36; color: white; box-shadow: 0 2px 6px rgba(0, 0, 0, 0.25);
    }
    .zb-price-tip span { display: block; }
    .zb-price-mark:hover .zb-price-tip,
    .zb-price-mark:focus .zb-price-tip,
    td:has(input:focus) > .zb-price-mark .zb-price-tip { display: block; }
  `,
  template: `<span data-testid="price-marks" [attr.data-loaded]="loaded()" [attr.data-flagged]="flagged().length"></span>`,
})
export class PriceMarks {
  readonly packageId = input.required<string>();

  private readonly http = inject(ApiHttp);
  private readonly collab = inject(CollabSession);
  private readonly i18n = inject(I18n);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly references = signal<PackagePriceChecksView | null>(null);
  protected readonly loaded = computed(() => this.references() !== null);
  private readonly placed = new Map<string, Placed>();
  private observer: MutationObserver | null = null;
  private frame: number | null = null;

  /** the lines as typed, checked against the references */
  protected readonly flagged = computed((): LinePriceCheck[] => {
    const references = this.references();
    const lines = this.collab.snapshot()?.costLines ?? [];
    if (!references) return [];
    const priced = lines.map((l) => ({ ...l, department: l.departmentId === SHARED_COST_OWNER ? null : l.departmentId }));
    return checkPrices(priced, references).filter((c) => c.flagged);
  });

  constructor() {
    effect((onCleanup) => {
      const id = this.packageId();
      const request = untracked(() => this.http.get<PackagePriceChecksView>(`/api/packages/${id}/price-checks`)).subscribe({
        next: (view) => this.references.set(view),
        error: () => this.references.set(null),
      });
      onCleanup(() => request.unsubscribe());
    });
    effect(() => {
      this.flagged();
      this.i18n.language();
      untracked(() => this.queue());
    });
    inject(DestroyRef).onDestroy(() => {
      this.observer?.disconnect();
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      for (const lineId of [...this.placed.keys()]) this.unmark(lineId);
    });
  }

  private editor(): HTMLElement | null {
    const editor = this.host.closest<HTMLElement>('zb-co-editing');
    if (editor && !this.observer) {
      // rows come and go, cells are re-rendered: place the marks again (at most once a frame)
      this.observer = new MutationObserver((records) => {
        const ours = (node: Node) => node instanceof Element && node.closest('.zb-price-mark') !== null;
        if (records.some((r) => !ours(r.target) && [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)].some((n) => !ours(n)))) this.queue();
      });
      this.observer.observe(editor, { childList: true, subtree: true });
    }
    return editor;
  }

  private queue(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.place();
    });
  }

  /** Brings the marks in the DOM in line with the flagged lines; touches nothing already right. */
  private place(): void {
    const editor = this.editor();
    if (!editor) return;
    const wanted = new Map<string, { input: HTMLElement; check: LinePriceCheck }>();
    for (const check of this.flagged()) {
      const input = editor.querySelector<HTMLElement>(`[data-testid="unit-cost-${CSS.escape(check.lineId)}"]`);
      if (input?.parentElement) wanted.set(check.lineId, { input, check });
    }
    for (const [lineId, placed] of [...this.placed]) {
      const want = wanted.get(lineId);
      if (!want || !placed.mark.isConnected || placed.mark.previousElementSibling !== want.input) this.unmark(lineId);
    }
    for (const [lineId, { input, check }] of wanted) this.mark(lineId, input, check);
  }

  private mark(lineId: string, input: HTMLElement, check: LinePriceCheck): void {
    const lead = leadingComparison(check);
    if (!lead) return;
    const category = this.i18n.t(`category.${check.category}`);
    const sentences = checkSentences((k, p) => this.i18n.t(k, p), check, category);
    const badge = `${this.i18n.t(lead.comparison.verdict === 'high' ? 'prices.mark.high' : 'prices.mark.low')} ${lead.comparison.deviationPercent >= 0 ? '+' : '−'}${Math.abs(lead.comparison.deviationPercent)}%`;
    const key = `${badge}|${sentences.join('|')}`;
    let placed = this.placed.get(lineId);
    if (placed?.key === key) return;
    if (!placed) {
      const mark = document.createElement('span');
      mark.id = `zb-price-${++nextId}`;
      mark.tabIndex = 0;
      mark.setAttribute('role', 'note');
      mark.dataset['testid'] = `price-mark-${lineId}`;
      input.after(mark);
      const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      input.setAttribute('aria-describedby', [...described, mark.id].join(' '));
      placed = { mark, key };
      this.placed.set(lineId, placed);
    }
    placed.key = key;
    const { mark } = placed;
    mark.className = `zb-price-mark ${lead.comparison.verdict}`;
    mark.dataset['source'] = lead.source;
    mark.dataset['verdict'] = lead.comparison.verdict;
    mark.setAttribute('aria-label', sentences.join('；'));
    mark.textContent = badge;
    const tip = document.createElement('span');
    tip.className = 'zb-price-tip';
    tip.setAttribute('aria-hidden', 'true');
    for (const sentence of sentences) {
      const line = document.createElement('span');
      line.textContent = sentence;
      tip.append(line);
    }
    mark.append(tip);
  }

  private unmark(lineId: string): void {
    const placed = this.placed.get(lineId);
    if (!placed) return;
    this.placed.delete(lineId);
    const input = placed.mark.previousElementSibling as HTMLElement | null;
    placed.mark.remove();
    if (!input) return;
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== placed.mark.id);
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
  }
}
