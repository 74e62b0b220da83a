import { registerMessages } from '../core/i18n';
import { readMoneyCell, readQuantityCell, readYearCell, type CellRead } from '@zerobase/collab/editor';
import { BASIS_POINTS_PER_UNIT, COST_CATEGORIES, EFFORT_LEVELS, formatWanYuan, lineAmount, MILLI_PER_UNIT } from '@zerobase/domain';
import { wanYuanInputValue } from '../core/money-input';
import type { CellParse, ComputedColumn, GridColumn, GridRow } from './row-grid';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

type T = (key: string, params?: Record<string, string | number>) => string;

const MAX_TEXT = 500;

function fromRead(t: T, read: CellRead): CellParse {
  return 'value' in read ? { ok: true, value: read.value } : { ok: false, reason: t(`paste.reason.${read.reason}`) };
}

/** Thousandths as a decimal without trailing zeros ("12.5"). */
export function milliText(milli: number): string {
  const whole = Math.trunc(milli / MILLI_PER_UNIT);
  const fraction = String(Math.abs(milli % MILLI_PER_UNIT)).padStart(3, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

function text(t: T, field: string, label: string, width?: string): GridColumn {
  return {
    field,
    label,
    kind: 'text',
    width,
    format: (row) => String(row[field] ?? ''),
    parse: (value) => (value.length > MAX_TEXT ? { ok: false, reason: t('paste.reason.tooLong') } : { ok: true, value: value.trim() }),
  };
}

function decimal(t: T, field: string, label: string, width?: string): GridColumn {
  return {
    field,
    label,
    kind: 'number',
    width,
    format: (row) => String(row[field] ?? ''),
    parse: (value) => {
      const clean = value.replace(/[,，\s]/g, '');
      return /^-?\d+(\.\d+)?$/.test(clean) ? { ok: true, value: Number(clean) } : { ok: false, reason: t('paste.reason.notANumber') };
    },
  };
}

function money(t: T, field: string, label: string, width?: string): GridColumn {
  return { field, label, kind: 'number', width, format: (row) => wanYuanInputValue(Number(row[field] ?? 0)), parse: (value) => fromRead(t, readMoneyCell(value)) };
}

function choice(field: string, label: string, values: readonly string[], optionLabel: (v: string) => string, width?: string): GridColumn {
  return {
    field,
    label,
    kind: 'select',
    width,
    options: values.map((value) => ({ value, label: optionLabel(value) })),
    format: (row) => String(row[field] ?? ''),
    parse: (value) => (values.includes(value) ? { ok: true, value } : { ok: false, reason: value }),
  };
}

export function costLineColumns(t: T): GridColumn[] {
  return [
    choice('category', t('detail.category'), COST_CATEGORIES, (c) => t(`category.${c}`), '5.8rem'),
    text(t, 'description', t('detail.description')),
    { ...decimal(t, 'quantityMilli', t('detail.quantity'), '4.4rem'), format: (row) => milliText(Number(row['quantityMilli'] ?? 0)), parse: (v) => fromRead(t, readQuantityCell(v)) },
    text(t, 'unit', t('editor.unit'), '3.4rem'),
    money(t, 'unitCostFen', t('detail.unitCost'), '6.6rem'),
    { field: 'year', label: t('detail.year'), kind: 'number', width: '3.6rem', format: (row) => String(row['year'] ?? ''), parse: (v) => fromRead(t, readYearCell(v)) },
  ];
}

export const COST_LINE_TEST_IDS = { unitCostFen: 'unit-cost-', quantityMilli: 'quantity-', description: 'description-', category: 'category-', unit: 'unit-', year: 'year-' };

/** quantity × unit cost as typed, in 万元 */
export function amountColumn(t: T): ComputedColumn {
  return {
    label: t('detail.amount'),
    width: '6.4rem',
    testId: (key) => `line-amount-${key}`,
    compute: (row: GridRow, draft) => {
      const quantity = Number(draft['quantityMilli'] ?? row['quantityMilli'] ?? 0);
      const cost = Number(draft['unitCostFen'] ?? row['unitCostFen'] ?? 0);
      try {
        return formatWanYuan(lineAmount(quantity, cost));
      } catch {
        return '—';
      }
    },
  };
}

export function activityColumns(t: T): GridColumn[] {
  const date = (field: string, label: string): GridColumn => ({
    ...text(t, field, label, '8rem'),
    parse: (v) => (v.trim() === '' || /^\d{4}-\d{2}(-\d{2})?$/.test(v.trim()) ? { ok: true, value: v.trim() } : { ok: false, reason: t('editor.reason.date') }),
  });
  return [text(t, 'name', t('editor.activity')), date('start', t('editor.start')), date('end', t('editor.end'))];
}

export function kpiColumns(t: T): GridColumn[] {
  return [
    text(t, 'name', t('editor.kpi')),
    text(t, 'unit', t('editor.unit'), '5rem'),
    decimal(t, 'baseline', t('detail.baseline'), '6rem'),
    decimal(t, 'target', t('detail.target'), '6rem'),
    choice('direction', t('editor.direction'), ['increase', 'decrease'], (d) => t(`editor.direction.${d}`), '6.5rem'),
  ];
}

export function riskColumns(t: T): GridColumn[] {
  return [text(t, 'description', t('editor.risk')), text(t, 'mitigation', t('editor.mitigation'))];
}

export function levelColumns(t: T): GridColumn[] {
  return [
    { ...choice('level', t('editor.level'), EFFORT_LEVELS, (l) => t(`level.${l}`), '5rem'), readOnly: true, format: (row) => t(`level.${String(row['level'])}`) },
    text(t, 'description', t('detail.description')),
    money(t, 'costFen', t('editor.levelCost'), '8rem'),
    text(t, 'outcome', t('editor.outcome')),
  ];
}

export function listColumns(t: T, label: string): GridColumn[] {
  return [text(t, 'text', label)];
}

/** Percent text with up to two decimals as basis points; null when it is not 0–100. */
export function percentToBasisPoints(text: string): number | null {
  const clean = text.replace(/[%％\s]/g, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, fraction = ''] = clean.split('.');
  const bp = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return bp <= BASIS_POINTS_PER_UNIT ? bp : null;
}
