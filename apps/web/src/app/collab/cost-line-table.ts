import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import type { CostLineSnapshot } from '@zerobase/collab';
import { formatWanYuan, lineAmount, MILLI_PER_UNIT, type Fen } from '@zerobase/domain';
import { I18n } from '../core/i18n';
import { parseWanYuanInput, wanYuanInputValue } from '../core/money-input';
import { CommittedInput } from './committed-input';

export interface UnitCostChange {
  lineId: string;
  unitCostFen: Fen;
}

/** One section's cost lines with an editable unit cost (in 万元) when the section is writable. */
@Component({
  selector: 'zb-cost-line-table',
  imports: [CommittedInput],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cost-line-table.html',
  styles: `
    :host { display: block; margin-bottom: 0.9rem; }
    h3 { font-size: 0.95rem; margin: 0 0 0.3rem; display: flex; gap: 0.5rem; align-items: baseline; }
    h3 small { color: var(--muted); font-weight: normal; }
    table { table-layout: fixed; }
    td { vertical-align: middle; }
    col.category { width: 16%; }
    col.quantity { width: 10%; }
    col.cost { width: 10.5rem; }
    col.year { width: 9%; }
    col.amount { width: 14%; }
    tfoot td { font-weight: 600; }
    .error { margin: 0.3rem 0 0; font-size: 0.85rem; }
  `,
})
export class CostLineTable {
  readonly heading = input.required<string>();
  /** department code or 'shared', for test ids */
  readonly section = input.required<string>();
  readonly lines = input.required<readonly CostLineSnapshot[]>();
  readonly subtotalFen = input.required<Fen>();
  readonly editable = input(false);
  readonly unitCostChange = output<UnitCostChange>();

  protected readonly i18n = inject(I18n);
  protected readonly invalidLine = signal<string | null>(null);
  protected readonly wan = formatWanYuan;
  protected readonly inputValue = wanYuanInputValue;

  protected quantity(line: CostLineSnapshot): string {
    return `${line.quantityMilli / MILLI_PER_UNIT} ${line.unit}`;
  }

  protected amount(line: CostLineSnapshot): string {
    try {
      return formatWanYuan(lineAmount(line.quantityMilli, line.unitCostFen));
    } catch {
      return '—';
    }
  }

  protected commit(line: CostLineSnapshot, text: string): void {
    const fen = parseWanYuanInput(text);
    if (fen === null) {
      this.invalidLine.set(line.id);
      return;
    }
    this.invalidLine.set(null);
    if (fen !== line.unitCostFen) this.unitCostChange.emit({ lineId: line.id, unitCostFen: fen });
  }
}
