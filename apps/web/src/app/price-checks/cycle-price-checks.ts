import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatRatio, formatUnitPrice, leadingComparison, type CyclePriceChecksView, type CyclePriceFlag, type PriceComparison } from '@zerobase/domain';
import { CurrentCycle } from '../core/current-cycle';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { SortHeader } from '../workspace/sort-header';
import { directionText } from './price-text';
import { PRICE_CHECKS_MESSAGES } from './price-checks.messages';

registerMessages(PRICE_CHECKS_MESSAGES);

type SortKey = 'package' | 'department' | 'ratio' | 'deviation';

interface Row {
  flag: CyclePriceFlag;
  lead: { source: 'catalogue' | 'history'; comparison: PriceComparison };
  department: string;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** /cycles/:cycleId/price-checks — every flagged cost line of the cycle with its package, department, the reference used and the ratio; sortable. */
@Component({
  selector: 'zb-cycle-price-checks',
  imports: [RouterLink, LoadState, SortHeader],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    main.page { max-width: 1500px; }
    .heading { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.3rem 1rem; }
    .summary { margin: 0.3rem 0 0.4rem; }
    .note { font-size: 0.82rem; max-width: 70rem; margin: 0 0 0.8rem; }
    td { vertical-align: middle; }
    td .sub { display: block; font-size: 0.8rem; color: var(--muted); }
    .badge { display: inline-block; padding: 0 0.4rem; border-radius: 3px; font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
    .badge.high { background: #fde8e8; color: #9b1c1c; }
    .badge.low { background: #fff4dc; color: #8a4b00; }
    .refs span { display: block; }
    .refs .other { font-size: 0.8rem; color: var(--muted); }
  `,
  template: `
    <main class="page">
      <div class="heading">
        <h1>{{ i18n.t('prices.checks.title') }}@if (cycleName(); as name) { · {{ name }} }</h1>
        <a routerLink="/price-catalogue" data-testid="catalogue-link">{{ i18n.t('prices.checks.manage') }} →</a>
      </div>
      <zb-load-state [of]="checks" />
      @if (checks.value(); as view) {
        <p class="summary" data-testid="price-summary">
          {{ i18n.t('prices.checks.summary', { checked: view.checkedLines, catalogue: view.withCatalogue, past: view.withPastUnitCost, flagged: view.flagged.length }) }}
        </p>
        <p class="note muted">{{ i18n.t('prices.checks.pastNote') }} @if (!view.pastCompared) { {{ i18n.t('prices.checks.noPast') }} }</p>
        @if (rows().length === 0) {
          <p class="muted" data-testid="price-flags-none">{{ i18n.t('prices.checks.none') }}</p>
        } @else {
          <table data-testid="price-flags">
            <thead>
              <tr>
                <th zbSort="package" label="prices.col.package" [active]="sort()" [descending]="descending()" (sorted)="sortBy($event)"></th>
                <th zbSort="department" label="prices.col.department" [active]="sort()" [descending]="descending()" (sorted)="sortBy($event)"></th>
                <th scope="col">{{ i18n.t('prices.col.line') }}</th>
                <th scope="col" class="num">{{ i18n.t('prices.col.unitCost') }}</th>
                <th scope="col">{{ i18n.t('prices.col.reference') }}</th>
                <th zbSort="ratio" label="prices.col.ratio" class="num" [active]="sort()" [descending]="descending()" (sorted)="sortBy($event)"></th>
                <th zbSort="deviation" label="prices.col.deviation" [active]="sort()" [descending]="descending()" (sorted)="sortBy($event)"></th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows(); track row.flag.packageId + row.flag.lineId) {
                <tr [attr.data-testid]="'price-flag-' + row.flag.lineId">
                  <td>
                    <a [routerLink]="['/packages', row.flag.packageId]" translate="no">{{ row.flag.packageCode }}</a>
                    <span class="sub" translate="no">{{ row.flag.packageTitle }}</span>
                  </td>
                  <td>{{ row.department }}</td>
                  <td>
                    <span translate="no">{{ row.flag.description }}</span>&ngsp;<span class="sub">{{ i18n.t('category.' + row.flag.category) }} · <span translate="no">{{ row.flag.unit }}</span></span>
                  </td>
                  <td class="num">{{ price(row.flag.unitCostFen) }}</td>
                  <td class="refs" data-testid="price-reference">
                    @if (row.flag.catalogue; as c) {
                      <span [class.other]="row.lead.source !== 'catalogue'" translate="no">{{ i18n.t('prices.source.catalogue', { price: price(c.referenceFen), unit: row.flag.unit, edition: c.edition }) }}</span>
                    }
                    @if (row.flag.history; as h) {
                      @if (h.basis === 'perUnit') {
                        <span [class.other]="row.lead.source !== 'history'" translate="no">{{ i18n.t('prices.source.history', { price: price(h.referenceFen), unit: row.flag.unit, years: h.fiscalYears.join(i18n.t('prices.listSeparator')) }) }}</span>
                      } @else {
                        <span class="other">{{ i18n.t('prices.mark.spendRate', { category: i18n.t('category.' + row.flag.category), rate: h.rateBasisPoints / 100, years: h.fiscalYears.join(i18n.t('prices.listSeparator')) }) }}</span>
                      }
                    }
                  </td>
                  <td class="num" data-testid="price-ratio">{{ ratio(row.lead.comparison.ratioBasisPoints) }}×</td>
                  <td>
                    <span class="badge" [class]="'badge ' + row.lead.comparison.verdict" data-testid="price-deviation">{{ direction(row.lead.comparison) }}</span>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </main>
  `,
})
export class CyclePriceChecks {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  private readonly departments = inject(DepartmentsStore);
  private readonly cycle = inject(CurrentCycle);
  protected readonly checks = new Loadable<CyclePriceChecksView>();
  private readonly cycleInfo = signal<{ name: string; nameEn: string } | null>(null);
  protected readonly cycleName = computed(() => {
    const c = this.cycleInfo();
    return c ? this.i18n.name({ nameZh: c.name, nameEn: c.nameEn }) : null;
  });
  protected readonly sort = signal<SortKey>('deviation');
  protected readonly descending = signal(true);
  protected readonly price = formatUnitPrice;
  protected readonly ratio = formatRatio;
  protected readonly direction = (c: PriceComparison) => directionText((k, p) => this.i18n.t(k, p), c);

  protected readonly rows = computed((): Row[] => {
    const flags = this.checks.value()?.flagged ?? [];
    const rows = flags.flatMap((flag) => {
      const lead = leadingComparison(flag);
      return lead ? [{ flag, lead, department: flag.department ? this.departments.name(flag.department) : this.i18n.t('prices.shared') }] : [];
    });
    const key = this.sort();
    const sign = this.descending() ? -1 : 1;
    const byPackage = (a: Row, b: Row) => collator.compare(a.flag.packageCode, b.flag.packageCode);
    const compare = (a: Row, b: Row): number => {
      switch (key) {
        case 'department':
          return collator.compare(a.department, b.department);
        case 'ratio':
          return a.lead.comparison.ratioBasisPoints - b.lead.comparison.ratioBasisPoints;
        case 'deviation':
          return Math.abs(a.lead.comparison.deviationPercent) - Math.abs(b.lead.comparison.deviationPercent);
        default:
          return byPackage(a, b);
      }
    };
    return [...rows].sort((a, b) => sign * compare(a, b) || byPackage(a, b));
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const id = this.cycleId();
      this.cycle.set(id);
      this.checks.load(() => this.http.get<CyclePriceChecksView>(`/api/cycles/${id}/price-checks`));
      this.http.get<{ name: string; nameEn: string }>(`/api/cycles/${id}`).subscribe({ next: (c) => this.cycleInfo.set(c), error: () => this.cycleInfo.set(null) });
    });
  }

  protected sortBy(key: string): void {
    if (this.sort() === key) this.descending.set(!this.descending());
    else {
      this.sort.set(key as SortKey);
      this.descending.set(key === 'ratio' || key === 'deviation');
    }
  }
}
