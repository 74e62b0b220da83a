import { ChangeDetectionStrategy, Component, computed, inject, input, signal, viewChild } from '@angular/core';
import { parsePastedCostLines, type CostLineData, type CostLineSnapshot, type UnreadableRow } from '@zerobase/collab/editor';
import { formatWanYuan, type Fen } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { CollabSession } from './collab-session';
import { amountColumn, COST_LINE_TEST_IDS, costLineColumns } from './editor-columns';
import { newRowId } from './row-id';
import { RowGrid, type CellPatch, type GridRow, type RowMove } from './row-grid';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

interface PasteReport {
  added: number;
  unreadable: UnreadableRow[];
}

/** One section's cost lines as a spreadsheet, with its subtotal; read only (saying whose it is) when not writable. */
@Component({
  selector: 'zb-cost-section',
  imports: [RowGrid],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; margin-bottom: 0.8rem; }
    h3 { font-size: 0.95rem; margin: 0 0 0.2rem; display: flex; gap: 0.6rem; align-items: baseline; }
    h3 small { color: var(--muted); font-weight: normal; font-size: 0.8rem; }
    h3 .subtotal { margin-left: auto; font-variant-numeric: tabular-nums; }
    .actions { display: flex; gap: 0.5rem; align-items: center; margin-top: 0.3rem; }
    .actions button { font-size: 0.85rem; padding: 0.2rem 0.6rem; }
    .report { margin: 0.3rem 0; padding: 0.4rem 0.6rem; border-radius: 4px; background: #eef5ee; font-size: 0.85rem; }
    .report.bad { background: var(--accent-soft); }
    .report ul { margin: 0.2rem 0 0; padding-left: 1.2rem; }
    textarea { width: 100%; box-sizing: border-box; font: inherit; font-size: 0.85rem; }
    tfoot td { font-weight: 600; text-align: right; font-variant-numeric: tabular-nums; }
  `,
  template: `
    <h3>
      {{ heading() }}
      @if (!editable()) {
        <small [attr.data-testid]="'owner-' + section()">{{ ownerText() }}</small>
      }
      <span class="subtotal">{{ i18n.t('editor.subtotal') }} <span [attr.data-testid]="'section-subtotal-' + section()">{{ wan(subtotalFen()) }}</span></span>
    </h3>
    <zb-row-grid
      [rows]="rows()"
      [columns]="columns()"
      [computedColumn]="amount()"
      [editable]="editable()"
      [lineName]="lineName"
      [testId]="'collab-lines-' + section()"
      [cellTestIds]="testIds"
      (patch)="patch($event)"
      (remove)="collab.removeRow(section(), 'costLines', $event)"
      (moveRow)="move($event)"
      (pasteBlock)="paste($event)"
    />
    @if (editable()) {
      <div class="actions">
        <button type="button" [attr.data-testid]="'add-line-' + section()" (click)="addLine()">{{ i18n.t('editor.addLine') }}</button>
        <button type="button" [attr.data-testid]="'paste-open-' + section()" (click)="pasteOpen.set(!pasteOpen())">{{ i18n.t('editor.pasteLines') }}</button>
      </div>
      @if (pasteOpen()) {
        <textarea rows="3" [attr.data-testid]="'paste-box-' + section()" [placeholder]="i18n.t('editor.pasteHelp')" (paste)="pasteInBox($event)"></textarea>
      }
    }
    @if (report(); as r) {
      <div class="report" [class.bad]="r.unreadable.length > 0" role="status" [attr.data-testid]="'paste-report-' + section()">
        {{ r.added ? i18n.t('editor.pasted', { n: r.added }) : i18n.t('editor.pasteNothing') }}
        @if (r.unreadable.length) {
          {{ i18n.t('editor.unreadable', { n: r.unreadable.length }) }}
          <ul>
            @for (row of r.unreadable; track row.row) {
              <li>{{ i18n.t('editor.unreadableRow', { row: row.row, problems: problemsText(row) }) }}</li>
            }
          </ul>
        }
        <button type="button" (click)="report.set(null)">{{ i18n.t('common.dismiss') }}</button>
      </div>
    }
  `,
})
export class CostSection {
  /** department code or SHARED_SECTION */
  readonly section = input.required<string>();
  readonly heading = input.required<string>();
  readonly ownerText = input('');
  readonly lines = input.required<readonly CostLineSnapshot[]>();
  readonly subtotalFen = input.required<Fen>();
  readonly editable = input(false);

  protected readonly i18n = inject(I18n);
  protected readonly collab = inject(CollabSession);
  private readonly grid = viewChild(RowGrid);
  protected readonly report = signal<PasteReport | null>(null);
  protected readonly pasteOpen = signal(false);
  protected readonly wan = formatWanYuan;
  protected readonly testIds = COST_LINE_TEST_IDS;
  protected readonly rows = computed(() => this.lines() as unknown as readonly GridRow[]);
  protected readonly columns = computed(() => costLineColumns((k, p) => this.i18n.t(k, p)));
  protected readonly amount = computed(() => amountColumn((k, p) => this.i18n.t(k, p)));
  protected readonly lineName = (row: GridRow): string => String(row['description'] ?? '');

  /** new lines take the year of the last line, else next year */
  private defaultYear(): number {
    const lines = this.lines();
    return lines.length ? lines[lines.length - 1].year : new Date().getFullYear() + 1;
  }

  protected patch(change: CellPatch): void {
    this.collab.updateRow(this.section(), 'costLines', change.key, { [change.field]: change.value });
  }

  protected move(change: RowMove): void {
    this.collab.moveRow(this.section(), 'costLines', change.key, change.toIndex);
  }

  protected addLine(): void {
    const line: CostLineData = { id: newRowId(), category: 'other', description: '', quantityMilli: 1000, unit: '', unitCostFen: 0, year: this.defaultYear() };
    this.collab.addRows(this.section(), 'costLines', [line]);
    const index = this.lines().length; // the new row, once shown
    setTimeout(() => this.grid()?.focusCell(index, 1));
  }

  protected pasteInBox(event: ClipboardEvent): void {
    event.preventDefault();
    this.paste(event.clipboardData?.getData('text/plain') ?? '');
    this.pasteOpen.set(false);
  }

  /** Readable rows are added together in one change; unreadable ones are listed, none half-added. */
  paste(text: string): void {
    const result = parsePastedCostLines(text, { defaultYear: this.defaultYear() });
    const lines = result.lines.map((line) => ({ ...line, id: newRowId() }));
    this.collab.addRows(this.section(), 'costLines', lines);
    this.report.set({ added: lines.length, unreadable: result.unreadable });
  }

  protected problemsText(row: UnreadableRow): string {
    return row.problems
      .map((p) => `${this.i18n.t('paste.field.' + p.field)}${p.value ? `“${p.value}”` : ''}${this.i18n.t('paste.reason.' + p.reason)}`)
      .join('；');
  }
}
