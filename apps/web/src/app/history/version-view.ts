import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { formatWanYuan } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { HistoryLabels } from './history-labels';
import type { VersionContent } from './history-types';
import { HISTORY_MESSAGES } from './history.messages';

registerMessages(HISTORY_MESSAGES);

/** The content of one version, read only: texts, lists and the cost lines with their amounts. */
@Component({
  selector: 'zb-version-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; font-size: 0.88rem; }
    dl { display: grid; grid-template-columns: 9rem 1fr; gap: 0.25rem 0.8rem; margin: 0.4rem 0; }
    dt { color: var(--muted); }
    dd { margin: 0; white-space: pre-wrap; word-break: break-word; }
    table { width: 100%; border-collapse: collapse; font-size: 0.85rem; }
    th, td { padding: 0.25rem 0.45rem; }
    td.num, th.num { text-align: right; }
  `,
  template: `
    @let c = version().content;
    <dl>
      @for (f of textFields; track f) {
        <dt>{{ labels.field(f) }}</dt>
        <dd [attr.data-testid]="'version-' + f">{{ labels.value(f, c[f]) }}</dd>
      }
      <dt>{{ labels.field('contingencyBasisPoints') }}</dt>
      <dd>{{ labels.value('contingencyBasisPoints', c.contingencyBasisPoints) }}</dd>
      <dt>{{ labels.field('costSplit') }}</dt>
      <dd>{{ labels.value('costSplit', split()) }}</dd>
    </dl>
    <table data-testid="version-lines">
      <thead>
        <tr>
          <th>{{ labels.column('departmentId') }}</th>
          <th>{{ labels.column('category') }}</th>
          <th>{{ labels.column('description') }}</th>
          <th class="num">{{ labels.column('quantityMilli') }}</th>
          <th>{{ labels.column('unit') }}</th>
          <th class="num">{{ labels.column('unitCostFen') }}</th>
          <th class="num">{{ labels.column('amount') }}</th>
        </tr>
      </thead>
      <tbody>
        @for (line of lines(); track line.id) {
          <tr [attr.data-testid]="'version-line-' + line.id">
            <td>{{ labels.department(line.departmentId) }}</td>
            <td>{{ labels.cell('category', line.category) }}</td>
            <td>{{ line.description }}</td>
            <td class="num">{{ labels.cell('quantityMilli', line.quantityMilli) }}</td>
            <td>{{ line.unit }}</td>
            <td class="num">{{ labels.cell('unitCostFen', line.unitCostFen) }}</td>
            <td class="num">{{ labels.amount(line) }}</td>
          </tr>
        }
      </tbody>
      <tfoot>
        <tr>
          <th colspan="6">{{ i18n.t('history.total') }}</th>
          <th class="num" data-testid="version-total">{{ wan(c.totals.totalFen) }}</th>
        </tr>
      </tfoot>
    </table>
  `,
})
export class VersionView {
  readonly version = input.required<VersionContent>();
  protected readonly i18n = inject(I18n);
  protected readonly labels = inject(HistoryLabels);
  protected readonly wan = formatWanYuan;
  protected readonly textFields = ['title', 'purpose', 'narrative', 'objectives', 'alternatives', 'consequencesOfNotFunding'] as const;
  protected readonly lines = computed(() => [...this.version().content.costLines, ...this.version().content.sharedCostLines]);
  protected readonly split = computed(() => Object.fromEntries(this.version().content.costSplit.map((s) => [s.departmentId, s.basisPoints])));
}
