import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { diffSnapshots, type RowDiff, type TextPart } from '@zerobase/collab';
import { formatWanYuan } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { HistoryLabels } from './history-labels';
import type { VersionContent } from './history-types';
import { HISTORY_MESSAGES } from './history.messages';

registerMessages(HISTORY_MESSAGES);

const LINE_KEYS = ['departmentId', 'category', 'description', 'quantityMilli', 'unit', 'unitCostFen', 'year', 'location'] as const;

/** Two versions side by side: fields (texts with their differences marked), cost lines added/removed/changed, other lists. */
@Component({
  selector: 'zb-version-compare',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; }
    h4 { margin: 0.8rem 0 0.3rem; font-size: 0.95rem; }
    table { width: 100%; border-collapse: collapse; font-size: 0.85rem; table-layout: fixed; }
    th, td { padding: 0.3rem 0.45rem; }
    td { white-space: pre-wrap; word-break: break-word; }
    th.field, td.field { width: 9rem; }
    .removed-text { background: #fde2e1; color: #8a1c14; text-decoration: line-through; }
    .added-text { background: #dcf3e3; color: #14532d; }
    tr.added td.status { color: #14532d; font-weight: 600; }
    tr.removed td.status { color: #8a1c14; font-weight: 600; }
    tr.changed td.status { color: #7a4b00; font-weight: 600; }
    td.status { width: 4rem; }
    td.num, th.num { text-align: right; width: 7.5rem; }
    .changed-cell { background: #fff4d6; }
    .same { color: var(--muted); }
    .totals { margin: 0.3rem 0; font-size: 0.9rem; }
  `,
  template: `
    @let d = diff();
    <p class="totals" data-testid="compare-totals">
      {{ i18n.t('history.total') }}：{{ wan(d.totals.beforeFen) }} → <strong>{{ wan(d.totals.afterFen) }}</strong>
    </p>
    @if (d.same) {
      <p class="same" data-testid="compare-same">{{ i18n.t('history.same') }}</p>
    }
    @if (d.fields.length) {
      <h4>{{ i18n.t('history.fieldsHeading') }}</h4>
      <table data-testid="compare-fields">
        <thead>
          <tr>
            <th class="field"></th>
            <th>{{ i18n.t('history.before') }} · {{ labels.time(before().createdAt) }}</th>
            <th>{{ i18n.t('history.after') }} · {{ labels.time(after().createdAt) }}</th>
          </tr>
        </thead>
        <tbody>
          @for (f of d.fields; track f.field) {
            <tr [attr.data-testid]="'compare-field-' + f.field">
              <td class="field">{{ labels.field(f.field) }}</td>
              @if (f.text; as parts) {
                <td data-side="before">@for (p of beforeParts(parts); track $index) {<span [class.removed-text]="p.op === 'removed'">{{ p.text }}</span>}</td>
                <td data-side="after">@for (p of afterParts(parts); track $index) {<span [class.added-text]="p.op === 'added'">{{ p.text }}</span>}</td>
              } @else {
                <td data-side="before"><span class="removed-text">{{ labels.value(f.field, f.before) }}</span></td>
                <td data-side="after"><span class="added-text">{{ labels.value(f.field, f.after) }}</span></td>
              }
            </tr>
          }
        </tbody>
      </table>
    }
    @if (d.costLines.length) {
      <h4>{{ i18n.t('history.costLinesHeading') }}</h4>
      <table data-testid="compare-lines">
        <thead>
          <tr>
            <th class="status"></th>
            <th>{{ labels.column('description') }}</th>
            <th>{{ labels.column('departmentId') }}</th>
            <th>{{ i18n.t('history.changed') }}</th>
            <th class="num">{{ i18n.t('history.before') }}</th>
            <th class="num">{{ i18n.t('history.after') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (line of d.costLines; track line.id) {
            @let row = line.after ?? line.before;
            <tr [class]="line.status" [attr.data-testid]="'compare-line-' + line.id" [attr.data-status]="line.status">
              <td class="status">{{ i18n.t('history.status.' + line.status) }}</td>
              <td>{{ row?.description }}</td>
              <td>{{ labels.department(row?.departmentId) }}</td>
              <td>
                @for (key of lineChanges(line); track key) {
                  <div class="changed-cell">{{ labels.column(key) }}：{{ labels.cell(key, field(line.before, key)) }} → {{ labels.cell(key, field(line.after, key)) }}</div>
                }
              </td>
              <td class="num">{{ labels.amount(line.before) }}</td>
              <td class="num">{{ labels.amount(line.after) }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (d.rows.length) {
      <h4>{{ i18n.t('history.rowsHeading') }}</h4>
      <table data-testid="compare-rows">
        <tbody>
          @for (group of d.rows; track group.collection) {
            @for (row of group.diff; track row.id) {
              <tr [class]="row.status">
                <td class="field">{{ labels.field(group.collection) }}</td>
                <td class="status">{{ i18n.t('history.status.' + row.status) }}</td>
                <td>{{ rowLabel(row) }}</td>
                <td>{{ row.fields.join(', ') }}</td>
              </tr>
            }
          }
        </tbody>
      </table>
    }
  `,
})
export class VersionCompare {
  readonly before = input.required<VersionContent>();
  readonly after = input.required<VersionContent>();
  protected readonly i18n = inject(I18n);
  protected readonly labels = inject(HistoryLabels);
  protected readonly diff = computed(() => diffSnapshots(this.before().content, this.after().content));
  protected readonly wan = formatWanYuan;

  protected beforeParts(parts: TextPart[]): TextPart[] {
    return parts.filter((p) => p.op !== 'added');
  }

  protected afterParts(parts: TextPart[]): TextPart[] {
    return parts.filter((p) => p.op !== 'removed');
  }

  protected lineChanges(line: RowDiff): string[] {
    return line.status === 'changed' ? LINE_KEYS.filter((k) => line.fields.includes(k)) : [];
  }

  protected field(row: object | null, key: string): unknown {
    return row ? (row as Record<string, unknown>)[key] : undefined;
  }

  protected rowLabel(row: RowDiff): string {
    const r = (row.after ?? row.before) as Record<string, unknown> | null;
    const text = r?.['name'] ?? r?.['description'] ?? r?.['level'] ?? row.id;
    return String(text);
  }
}
