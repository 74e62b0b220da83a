import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, input, output, signal } from '@angular/core';
import { I18n, registerMessages } from '../core/i18n';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

/** What a cell's text means: the value to store, or why it cannot be read (shown with the line and field). */
export type CellParse = { ok: true; value: unknown } | { ok: false; reason: string };

export interface GridColumn {
  field: string;
  label: string;
  kind: 'text' | 'number' | 'select';
  /** shown, never edited (e.g. a row's key) */
  readOnly?: boolean;
  /** CSS width of the column */
  width?: string;
  options?: readonly { value: string; label: string }[];
  format: (row: GridRow) => string;
  parse: (text: string) => CellParse;
}

/** A read-only column computed from the row and the cells being typed (e.g. quantity × unit cost). */
export interface ComputedColumn {
  label: string;
  width?: string;
  compute: (row: GridRow, draft: Readonly<Record<string, unknown>>) => string;
  testId?: (key: string) => string;
}

export type GridRow = Readonly<Record<string, unknown>>;

export interface CellPatch {
  key: string;
  field: string;
  value: unknown;
}

export interface RowMove {
  key: string;
  toIndex: number;
}

interface Editing {
  key: string;
  field: string;
  original: string;
  text: string;
}

/**
 * Rows of a document collection as a spreadsheet: every cell an input; Enter commits and moves
 * down, arrows move between cells (left/right at the ends of the text), Esc reverts the cell,
 * Alt+↑/↓ or dragging the handle reorders, errors name the line and the field. A cell keeps what
 * the person types while it has the focus; changes from others show once they leave it.
 */
@Component({
  selector: 'zb-row-grid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; }
    table { table-layout: fixed; font-size: 0.9rem; }
    th, td { padding: 0.15rem 0.25rem; vertical-align: middle; }
    th { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    td input, td select { width: 100%; box-sizing: border-box; padding: 0.25rem 0.35rem; border-color: transparent; background: transparent; border-radius: 2px; }
    td input:focus, td select:focus { outline: 2px solid #1e6fb3; outline-offset: -2px; background: white; }
    td input.num { text-align: right; font-variant-numeric: tabular-nums; }
    td input[aria-invalid='true'] { outline: 2px solid var(--accent); background: var(--accent-soft); }
    td input:disabled, td select:disabled { color: var(--ink); opacity: 1; }
    tr.dragging { opacity: 0.4; }
    tr.drop-target td { border-top: 2px solid #1e6fb3; }
    .handle { cursor: grab; color: var(--muted); text-align: center; user-select: none; }
    .ops { white-space: nowrap; text-align: right; }
    .ops button { padding: 0 0.2rem; font-size: 0.8rem; border-color: transparent; background: transparent; color: var(--muted); }
    .ops button:hover { color: var(--accent); }
    td.computed { text-align: right; font-variant-numeric: tabular-nums; }
    tbody tr:hover td { background: #fafbfc; }
    .error { margin: 0.3rem 0 0; font-size: 0.85rem; }
  `,
  template: `
    <table [attr.data-testid]="testId()" (paste)="onPaste($event)">
      <colgroup>
        @if (editable() && reorderable()) {
          <col style="width: 1.4rem" />
        }
        @for (column of columns(); track column.field) {
          <col [style.width]="column.width ?? null" />
        }
        @if (computedColumn(); as c) {
          <col [style.width]="c.width ?? '7rem'" />
        }
        @if (editable()) {
          <col style="width: 3.9rem" />
        }
      </colgroup>
      <thead>
        <tr>
          @if (editable() && reorderable()) {
            <th></th>
          }
          @for (column of columns(); track column.field) {
            <th [class.num]="column.kind === 'number'">{{ column.label }}</th>
          }
          @if (computedColumn(); as c) {
            <th class="num">{{ c.label }}</th>
          }
          @if (editable()) {
            <th></th>
          }
        </tr>
      </thead>
      <tbody>
        @for (row of rows(); track key(row); let r = $index) {
          <tr
            [class.dragging]="dragKey() === key(row)"
            [class.drop-target]="dropIndex() === r && dragKey() !== key(row)"
            [attr.data-row-key]="key(row)"
            (dragover)="dragOver($event, r)"
            (drop)="drop($event, r)"
          >
            @if (editable() && reorderable()) {
              <td class="handle" draggable="true" [attr.title]="i18n.t('grid.drag')" (dragstart)="dragStart($event, row)" (dragend)="dragEnd()">⠿</td>
            }
            @for (column of columns(); track column.field; let c = $index) {
              <td>
                @if (column.readOnly) {
                  <span [attr.data-testid]="cellTestId(column.field, row)">{{ column.format(row) }}</span>
                } @else if (column.kind === 'select') {
                  <select
                    [attr.data-r]="r"
                    [attr.data-c]="c"
                    [attr.data-testid]="cellTestId(column.field, row)"
                    [attr.aria-label]="cellLabel(column, r)"
                    [disabled]="!editable()"
                    (keydown)="keydown($event, row, column, r, c)"
                    (change)="selectChange($event, row, column)"
                  >
                    @for (option of column.options ?? []; track option.value) {
                      <option [value]="option.value" [selected]="option.value === column.format(row)">{{ option.label }}</option>
                    }
                  </select>
                } @else {
                  <input
                    type="text"
                    [class.num]="column.kind === 'number'"
                    [attr.inputmode]="column.kind === 'number' ? 'decimal' : null"
                    [attr.data-r]="r"
                    [attr.data-c]="c"
                    [attr.data-testid]="cellTestId(column.field, row)"
                    [attr.aria-label]="cellLabel(column, r)"
                    [attr.aria-invalid]="invalidCell() === key(row) + '/' + column.field || null"
                    [value]="shown(row, column)"
                    [disabled]="!editable()"
                    (focus)="begin(row, column)"
                    (input)="typed($event)"
                    (blur)="commit(row, column)"
                    (keydown)="keydown($event, row, column, r, c)"
                  />
                }
              </td>
            }
            @if (computedColumn(); as cc) {
              <td class="computed" [attr.data-testid]="cc.testId ? cc.testId(key(row)) : null">{{ cc.compute(row, draftOf(row)) }}</td>
            }
            @if (editable()) {
              <td class="ops">
                @if (reorderable()) {
                  <button type="button" [attr.aria-label]="i18n.t('grid.up', { n: r + 1 })" [disabled]="r === 0" (click)="move(row, r - 1)">↑</button>
                  <button type="button" [attr.aria-label]="i18n.t('grid.down', { n: r + 1 })" [disabled]="r === rows().length - 1" (click)="move(row, r + 1)">↓</button>
                }
                <button type="button" [attr.aria-label]="i18n.t('grid.remove', { n: r + 1 })" [attr.data-testid]="testId() + '-remove-' + key(row)" (click)="remove.emit(key(row))">✕</button>
              </td>
            }
          </tr>
        }
      </tbody>
      <ng-content />
    </table>
    @if (error(); as message) {
      <p class="error" role="alert" [attr.data-testid]="testId() + '-error'">{{ message }}</p>
    }
  `,
})
export class RowGrid {
  readonly rows = input.required<readonly GridRow[]>();
  readonly keyField = input('id');
  readonly columns = input.required<readonly GridColumn[]>();
  readonly computedColumn = input<ComputedColumn | null>(null);
  readonly editable = input(false);
  readonly reorderable = input(true);
  /** how a line is named in messages: its description, name… */
  readonly lineName = input<(row: GridRow) => string>(() => '');
  readonly testId = input.required<string>();
  /** cell test ids: field → prefix (the row key is appended) */
  readonly cellTestIds = input<Readonly<Record<string, string>>>({});

  readonly patch = output<CellPatch>();
  readonly remove = output<string>();
  readonly moveRow = output<RowMove>();
  /** a block of tab-separated or multi-line text pasted into the grid */
  readonly pasteBlock = output<string>();

  protected readonly i18n = inject(I18n);
  private readonly host = inject(ElementRef<HTMLElement>);
  private readonly editing = signal<Editing | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly invalidCell = signal<string | null>(null);
  protected readonly dragKey = signal<string | null>(null);
  protected readonly dropIndex = signal<number | null>(null);
  /** the typed values of the cell being edited, for the computed column */
  private readonly draft = computed(() => {
    const editing = this.editing();
    if (!editing) return null;
    const column = this.columns().find((c) => c.field === editing.field);
    const parsed = column?.parse(editing.text);
    return { key: editing.key, values: parsed?.ok ? { [editing.field]: parsed.value } : {} };
  });

  protected key(row: GridRow): string {
    return String(row[this.keyField()]);
  }

  protected cellTestId(field: string, row: GridRow): string {
    const prefix = this.cellTestIds()[field] ?? `cell-${field}-`;
    return prefix + this.key(row);
  }

  protected cellLabel(column: GridColumn, r: number): string {
    return this.i18n.t('grid.cell', { n: r + 1, field: column.label });
  }

  protected draftOf(row: GridRow): Readonly<Record<string, unknown>> {
    const draft = this.draft();
    return draft && draft.key === this.key(row) ? draft.values : {};
  }

  protected shown(row: GridRow, column: GridColumn): string {
    const editing = this.editing();
    if (editing && editing.key === this.key(row) && editing.field === column.field) return editing.text;
    return column.format(row);
  }

  protected begin(row: GridRow, column: GridColumn): void {
    const text = column.format(row);
    this.editing.set({ key: this.key(row), field: column.field, original: text, text });
  }

  protected typed(event: Event): void {
    const editing = this.editing();
    if (editing) this.editing.set({ ...editing, text: (event.target as HTMLInputElement).value });
  }

  /** Leaving a cell: store what was typed when it reads, else say which line and field cannot be read. */
  protected commit(row: GridRow, column: GridColumn): void {
    const editing = this.editing();
    if (!editing || editing.key !== this.key(row) || editing.field !== column.field) return;
    this.editing.set(null);
    if (editing.text === editing.original) return;
    const parsed = column.parse(editing.text);
    const cell = `${editing.key}/${editing.field}`;
    if (!parsed.ok) {
      const index = this.rows().findIndex((r) => this.key(r) === editing.key);
      const name = this.lineName()(row);
      this.error.set(
        this.i18n.t('grid.invalid', { n: index + 1, line: name ? `（${name}）` : '', field: column.label, value: editing.text, reason: parsed.reason }),
      );
      this.invalidCell.set(cell);
      return;
    }
    if (this.invalidCell() === cell) {
      this.invalidCell.set(null);
      this.error.set(null);
    }
    this.patch.emit({ key: editing.key, field: editing.field, value: parsed.value });
  }

  protected selectChange(event: Event, row: GridRow, column: GridColumn): void {
    const parsed = column.parse((event.target as HTMLSelectElement).value);
    if (parsed.ok) this.patch.emit({ key: this.key(row), field: column.field, value: parsed.value });
  }

  protected keydown(event: KeyboardEvent, row: GridRow, column: GridColumn, r: number, c: number): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const isInput = target instanceof HTMLInputElement;
    if (event.key === 'Escape' && isInput) {
      const editing = this.editing();
      if (editing) {
        this.editing.set({ ...editing, text: editing.original });
        target.value = editing.original;
      }
      event.preventDefault();
      return;
    }
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      const to = event.key === 'ArrowUp' ? r - 1 : r + 1;
      if (to < 0 || to >= this.rows().length || !this.editable()) return;
      target.blur();
      this.move(row, to);
      // the moved row is re-rendered; follow it
      requestAnimationFrame(() => this.focusCell(to, c));
      return;
    }
    let next: [number, number] | null = null;
    if (event.key === 'Enter' || event.key === 'ArrowDown') next = [r + 1, c];
    else if (event.key === 'ArrowUp') next = [r - 1, c];
    else if (event.key === 'ArrowLeft' && (!isInput || (target.selectionStart === 0 && target.selectionEnd === 0))) next = [r, c - 1];
    else if (event.key === 'ArrowRight' && (!isInput || target.selectionStart === target.value.length)) next = [r, c + 1];
    if (!next) return;
    event.preventDefault();
    target.blur(); // commits, even where there is no cell to go to
    this.focusCell(next[0], next[1]);
  }

  protected move(row: GridRow, toIndex: number): void {
    this.moveRow.emit({ key: this.key(row), toIndex });
  }

  protected dragStart(event: DragEvent, row: GridRow): void {
    this.dragKey.set(this.key(row));
    event.dataTransfer?.setData('text/x-zerobase-row', this.key(row));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  }

  protected dragOver(event: DragEvent, r: number): void {
    if (this.dragKey() === null) return;
    event.preventDefault();
    this.dropIndex.set(r);
  }

  protected drop(event: DragEvent, r: number): void {
    const key = this.dragKey();
    event.preventDefault();
    this.dragEnd();
    if (key !== null) this.moveRow.emit({ key, toIndex: r });
  }

  protected dragEnd(): void {
    this.dragKey.set(null);
    this.dropIndex.set(null);
  }

  protected onPaste(event: ClipboardEvent): void {
    if (!this.editable()) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    // a single value is pasted into the cell as usual; a block of cells becomes new rows
    if (!/[\t\n]/.test(text.trim())) return;
    event.preventDefault();
    this.pasteBlock.emit(text);
  }

  /** Move the focus to a cell, if there is one. */
  focusCell(r: number, c: number): void {
    const element = (this.host.nativeElement as HTMLElement).querySelector<HTMLElement>(`[data-r="${r}"][data-c="${c}"]`);
    element?.focus();
    if (element instanceof HTMLInputElement) element.select();
  }
}
