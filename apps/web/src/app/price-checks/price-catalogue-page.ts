import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  COST_CATEGORIES,
  DEFAULT_PRICE_BAND,
  formatRatio,
  formatUnitPrice,
  isAnyCoordinator,
  parseDecimal,
  type CatalogueImportResult,
  type PriceCatalogueEntry,
  type PriceEntryInput,
  type RowError,
} from '@zerobase/domain';
import { toProblem, type ApiProblem } from '../core/api-error';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { Session } from '../core/session';
import { importRowErrors, tableFileBody } from '../core/table-file';
import { PRICE_CHECKS_MESSAGES } from './price-checks.messages';

registerMessages(PRICE_CHECKS_MESSAGES);

/** A price in 元 as typed ("1,800", "12.5") in fen; null unless above 0 with at most 2 decimals. */
function readYuan(text: string): number | null {
  try {
    const fen = parseDecimal(text.replace(/[,，\s]/g, '').replace(/元$/, ''), 2);
    return fen > 0 ? fen : null;
  } catch {
    return null;
  }
}

/** A multiple as typed ("1.5") in basis points; the default when empty; null when unreadable. */
function readRatio(text: string, fallback: number): number | null {
  const clean = text.trim();
  if (clean === '') return fallback;
  try {
    return parseDecimal(clean, 4);
  } catch {
    return null;
  }
}

/** /price-catalogue — the shared reference-price catalogue: everyone reads it, coordinators of any cycle add, change, delete and import. */
@Component({
  selector: 'zb-price-catalogue-page',
  imports: [RouterLink, LoadState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    main.page { max-width: 1400px; }
    .help { max-width: 62rem; margin: 0.2rem 0 0.8rem; font-size: 0.9rem; }
    .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 0.8rem; margin-bottom: 1rem; }
    section.panel { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.9rem; }
    section.panel h2 { font-size: 1.02rem; margin: 0.1rem 0 0.5rem; }
    form.fields { display: flex; flex-wrap: wrap; gap: 0.5rem 0.7rem; align-items: flex-end; }
    form.fields label { display: grid; gap: 0.15rem; font-size: 0.85rem; color: var(--muted); }
    .small { font-size: 0.8rem; color: var(--muted); margin: 0 0 0.5rem; }
    td input, td select { width: 100%; box-sizing: border-box; padding: 0.2rem 0.35rem; }
    td.ops { white-space: nowrap; text-align: right; }
    td.ops button { padding: 0.15rem 0.5rem; font-size: 0.85rem; }
    .count { margin: 0.3rem 0; font-size: 0.9rem; }
    table.errors { margin-top: 0.5rem; font-size: 0.85rem; }
  `,
  template: `
    <main class="page">
      <p><a routerLink="/">← {{ i18n.t('nav.cycles') }}</a></p>
      <h1>{{ i18n.t('prices.catalogue.title') }}</h1>
      <p class="help muted">{{ i18n.t('prices.catalogue.help') }}</p>
      @if (problem(); as p) {
        <div class="error" role="alert" data-testid="catalogue-error">
          {{ i18n.t(p.key, p.params) }}
          @for (f of p.fields; track f.field) {
            <div>{{ f.field }}: {{ f.reason }}</div>
          }
        </div>
      }
      @if (notice(); as n) {
        <p class="notice" role="status" data-testid="catalogue-notice">{{ n }}</p>
      }
      @if (keeper()) {
        <div class="panels">
          <section class="panel" data-testid="price-add">
            <h2>{{ i18n.t('prices.add') }}</h2>
            <form class="fields" (submit)="$event.preventDefault(); add($event)">
              <label>{{ i18n.t('prices.col.category') }}
                <select name="category" data-testid="add-category">
                  @for (c of categories; track c) {
                    <option [value]="c">{{ i18n.t('category.' + c) }}</option>
                  }
                </select>
              </label>
              <label>{{ i18n.t('prices.col.unit') }} <input name="unit" size="4" required maxlength="20" data-testid="add-unit" /></label>
              <label>{{ i18n.t('prices.col.item') }} <input name="item" size="16" required maxlength="200" data-testid="add-item" /></label>
              <label>{{ i18n.t('prices.col.price') }} <input name="price" size="8" inputmode="decimal" required data-testid="add-price" /></label>
              <label>{{ i18n.t('prices.col.edition') }} <input name="edition" size="9" required maxlength="40" data-testid="add-edition" [value]="lastEdition()" /></label>
              <label>{{ i18n.t('prices.col.low') }} <input name="low" size="3" inputmode="decimal" [placeholder]="ratio(defaults.lowBasisPoints)" data-testid="add-low" /></label>
              <label>{{ i18n.t('prices.col.high') }} <input name="high" size="3" inputmode="decimal" [placeholder]="ratio(defaults.highBasisPoints)" data-testid="add-high" /></label>
              <button type="submit" class="primary" data-testid="add-save">{{ i18n.t('prices.add') }}</button>
            </form>
          </section>
          <section class="panel" data-testid="price-import">
            <h2>{{ i18n.t('prices.import.title') }}</h2>
            <p class="small">{{ i18n.t('prices.import.help') }}</p>
            <form class="fields" (submit)="$event.preventDefault(); importFile($event)">
              <label>{{ i18n.t('prices.import.file') }} <input type="file" name="file" accept=".csv,.xlsx" required data-testid="import-file" /></label>
              <button type="submit" data-testid="import-run">{{ i18n.t('prices.import.run') }}</button>
            </form>
            @if (importRefused(); as refused) {
              <p class="error" role="alert" data-testid="import-refused">{{ refused }}</p>
            }
            @if (importErrors().length > 0) {
              <table class="errors" data-testid="import-errors">
                <thead>
                  <tr><th scope="col">{{ i18n.t('prices.import.row') }}</th><th scope="col">{{ i18n.t('prices.import.field') }}</th><th scope="col">{{ i18n.t('prices.import.reason') }}</th></tr>
                </thead>
                <tbody>
                  @for (e of importErrors(); track $index) {
                    <tr><td>{{ e.row || '' }}</td><td>{{ e.field }}</td><td>{{ e.reason }}</td></tr>
                  }
                </tbody>
              </table>
            }
          </section>
        </div>
      } @else {
        <p class="muted" data-testid="catalogue-read-only">{{ i18n.t('prices.catalogue.readOnly') }}</p>
      }

      <zb-load-state [of]="entries" [empty]="entries.value()?.length === 0" emptyKey="prices.catalogue.empty" />
      @if (entries.value(); as list) {
        @if (list.length > 0) {
          <p class="count muted">{{ i18n.t('prices.catalogue.count', { n: list.length }) }}</p>
          <table data-testid="price-catalogue">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('prices.col.category') }}</th>
                <th scope="col">{{ i18n.t('prices.col.unit') }}</th>
                <th scope="col">{{ i18n.t('prices.col.item') }}</th>
                <th scope="col" class="num">{{ i18n.t('prices.col.price') }}</th>
                <th scope="col">{{ i18n.t('prices.col.edition') }}</th>
                <th scope="col">{{ i18n.t('prices.col.band') }}</th>
                <th scope="col">{{ i18n.t('prices.col.updated') }}</th>
                @if (keeper()) {
                  <th scope="col"><span class="sr-only">{{ i18n.t('prices.edit') }}</span></th>
                }
              </tr>
            </thead>
            <tbody>
              @for (e of list; track e.id) {
                @if (editing() === e.id) {
                  <tr [attr.data-testid]="'price-row-' + e.category + '-' + e.unit" class="editing">
                    <td>
                      <select [attr.aria-label]="i18n.t('prices.col.category')" #category>
                        @for (c of categories; track c) {
                          <option [value]="c" [selected]="c === e.category">{{ i18n.t('category.' + c) }}</option>
                        }
                      </select>
                    </td>
                    <td><input [value]="e.unit" [attr.aria-label]="i18n.t('prices.col.unit')" maxlength="20" #unit /></td>
                    <td><input [value]="e.item" [attr.aria-label]="i18n.t('prices.col.item')" maxlength="200" #item /></td>
                    <td><input class="num" [value]="price(e.priceFen)" [attr.aria-label]="i18n.t('prices.col.price')" inputmode="decimal" data-testid="edit-price" #priceInput /></td>
                    <td><input [value]="e.edition" [attr.aria-label]="i18n.t('prices.col.edition')" maxlength="40" data-testid="edit-edition" #edition /></td>
                    <td>
                      <input [value]="ratio(e.lowBasisPoints)" [attr.aria-label]="i18n.t('prices.col.low')" inputmode="decimal" size="3" style="width: 3.5rem" #low />
                      <input [value]="ratio(e.highBasisPoints)" [attr.aria-label]="i18n.t('prices.col.high')" inputmode="decimal" size="3" style="width: 3.5rem" data-testid="edit-high" #high />
                    </td>
                    <td></td>
                    <td class="ops">
                      <button type="button" class="primary" data-testid="edit-save" (click)="save(e, { category: category.value, unit: unit.value, item: item.value, price: priceInput.value, edition: edition.value, low: low.value, high: high.value })">{{ i18n.t('prices.save') }}</button>
                      <button type="button" (click)="editing.set(null)">{{ i18n.t('prices.cancel') }}</button>
                    </td>
                  </tr>
                } @else {
                  <tr [attr.data-testid]="'price-row-' + e.category + '-' + e.unit">
                    <td>{{ i18n.t('category.' + e.category) }}</td>
                    <td translate="no">{{ e.unit }}</td>
                    <td translate="no">{{ e.item }}</td>
                    <td class="num" data-testid="price">{{ price(e.priceFen) }}</td>
                    <td translate="no">{{ e.edition }}</td>
                    <td>{{ i18n.t('prices.band', { low: ratio(e.lowBasisPoints), high: ratio(e.highBasisPoints) }) }}</td>
                    <td class="muted">{{ e.updatedAt.slice(0, 10) }}</td>
                    @if (keeper()) {
                      <td class="ops">
                        <button type="button" [attr.data-testid]="'edit-' + e.category + '-' + e.unit" (click)="editing.set(e.id)">{{ i18n.t('prices.edit') }}</button>
                        <button type="button" (click)="remove(e)">{{ i18n.t('prices.delete') }}</button>
                      </td>
                    }
                  </tr>
                }
              }
            </tbody>
          </table>
        }
      }
    </main>
  `,
})
export class PriceCataloguePage {
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  private readonly session = inject(Session);
  protected readonly categories = COST_CATEGORIES;
  protected readonly defaults = DEFAULT_PRICE_BAND;
  protected readonly entries = new Loadable<PriceCatalogueEntry[]>();
  protected readonly editing = signal<string | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly importErrors = signal<RowError[]>([]);
  protected readonly importRefused = signal<string | null>(null);
  protected readonly keeper = computed(() => isAnyCoordinator(this.session.user()?.memberships ?? []));
  /** new entries most often belong to the edition of the newest entry */
  protected readonly lastEdition = computed(() => [...(this.entries.value() ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]?.edition ?? '');
  protected readonly price = formatUnitPrice;
  protected readonly ratio = formatRatio;

  constructor() {
    this.entries.load(() => this.http.get<PriceCatalogueEntry[]>('/api/price-catalogue'));
  }

  private done(message: string): void {
    this.problem.set(null);
    this.notice.set(message);
    this.entries.reload();
  }

  private failed(e: unknown): void {
    this.notice.set(null);
    this.problem.set(toProblem(e));
  }

  /** The entry as typed, or null (with a notice saying why) when the price or a multiple cannot be read. */
  private entryFrom(typed: { category: string; unit: string; item: string; price: string; edition: string; low: string; high: string }): PriceEntryInput | null {
    const priceFen = readYuan(typed.price);
    const lowBasisPoints = readRatio(typed.low, DEFAULT_PRICE_BAND.lowBasisPoints);
    const highBasisPoints = readRatio(typed.high, DEFAULT_PRICE_BAND.highBasisPoints);
    if (priceFen === null || lowBasisPoints === null || highBasisPoints === null) {
      this.problem.set(null);
      this.notice.set(this.i18n.t(priceFen === null ? 'prices.badPrice' : 'prices.badRatio'));
      return null;
    }
    return { category: typed.category as PriceEntryInput['category'], unit: typed.unit.trim(), item: typed.item.trim(), priceFen, edition: typed.edition.trim(), lowBasisPoints, highBasisPoints };
  }

  protected add(event: Event): void {
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const entry = this.entryFrom({ category: text('category'), unit: text('unit'), item: text('item'), price: text('price'), edition: text('edition'), low: text('low'), high: text('high') });
    if (!entry) return;
    this.http.post<PriceCatalogueEntry>('/api/price-catalogue', entry).subscribe({
      next: (saved) => {
        form.reset();
        this.done(this.i18n.t('prices.added', { item: saved.item }));
      },
      error: (e) => this.failed(e),
    });
  }

  protected save(current: PriceCatalogueEntry, typed: { category: string; unit: string; item: string; price: string; edition: string; low: string; high: string }): void {
    const entry = this.entryFrom(typed);
    if (!entry) return;
    this.http.patch<PriceCatalogueEntry>(`/api/price-catalogue/${current.id}`, { version: current.version, ...entry }).subscribe({
      next: (saved) => {
        this.editing.set(null);
        this.done(this.i18n.t('prices.saved', { item: saved.item }));
      },
      error: (e) => this.failed(e),
    });
  }

  protected remove(entry: PriceCatalogueEntry): void {
    if (!confirm(this.i18n.t('prices.confirmDelete', { item: entry.item, category: this.i18n.t('category.' + entry.category), unit: entry.unit }))) return;
    this.http.delete(`/api/price-catalogue/${entry.id}`).subscribe({ next: () => this.done(this.i18n.t('prices.deleted', { item: entry.item })), error: (e) => this.failed(e) });
  }

  protected importFile(event: Event): void {
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    void tableFileBody(file).then((body) => {
      this.http.post<CatalogueImportResult>(`/api/price-catalogue/${'xlsxBase64' in body ? 'import-xlsx' : 'import'}`, body).subscribe({
        next: (result) => {
          this.importErrors.set([]);
          this.importRefused.set(null);
          this.done(this.i18n.t('prices.import.done', { created: result.created, updated: result.updated }));
        },
        error: (e: { status?: number; error?: { fields?: { field: string; reason: string }[] } }) => {
          if (e.status !== 400) return this.failed(e);
          const rows = importRowErrors(e.error?.fields ?? []);
          this.importErrors.set(rows);
          this.problem.set(null);
          this.notice.set(null);
          this.importRefused.set(this.i18n.t('prices.import.rejected', { n: rows.length }));
        },
      });
    });
  }
}
