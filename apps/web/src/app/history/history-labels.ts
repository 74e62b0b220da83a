import { inject, Injectable } from '@angular/core';
import { costLineTotal, formatWanYuan, type VersionSummaryView } from '@zerobase/domain';
import { milliText } from '../collab/editor-columns';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { HISTORY_MESSAGES } from './history.messages';

registerMessages(HISTORY_MESSAGES);

/** How the history names versions, fields and values in the user's language. */
@Injectable({ providedIn: 'root' })
export class HistoryLabels {
  private readonly i18n = inject(I18n);
  private readonly departments = inject(DepartmentsStore);

  version(v: Pick<VersionSummaryView, 'kind' | 'name'>): string {
    if (v.kind === 'manual') return v.name;
    const restored = /^restored "(.*)"$/s.exec(v.name);
    if (v.kind === 'restore' && restored) {
      const inner = restored[1];
      const kind = inner === 'auto' ? 'auto' : inner.startsWith('stage gate: ') ? 'stage-gate' : 'manual';
      return `${this.i18n.t('history.kind.restore')}：${this.version({ kind, name: inner })}`;
    }
    const gate = /^stage gate: (\S+) → (\S+)$/.exec(v.name);
    if (v.kind === 'stage-gate' && gate) return `${this.i18n.t('history.kind.stage-gate')}：${this.i18n.t('stage.' + gate[1])} → ${this.i18n.t('stage.' + gate[2])}`;
    return this.i18n.t('history.kind.' + v.kind);
  }

  time(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'medium' });
  }

  field(field: string): string {
    return this.i18n.t('history.field.' + field);
  }

  column(key: string): string {
    return this.i18n.t('history.col.' + key);
  }

  department(code: string | null | undefined): string {
    if (!code) return '—';
    return code === 'shared' ? this.i18n.t('history.shared') : this.departments.name(code);
  }

  /** A field's value as people read it: lists one item a line, rates in %, the split per department. */
  value(field: string, value: unknown): string {
    if (value === undefined || value === null || value === '') return '—';
    if (field === 'contingencyBasisPoints' && typeof value === 'number') return `${value / 100} %`;
    if (field === 'costSplit' && typeof value === 'object') {
      return Object.entries(value as Record<string, number>).map(([code, bp]) => `${this.department(code)} ${bp / 100} %`).join('、');
    }
    if (field === 'notes' && typeof value === 'object') {
      return Object.entries(value as Record<string, string>).filter(([, text]) => text).map(([code, text]) => `${this.department(code)}：${text}`).join('\n') || '—';
    }
    if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') : '—';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  /** A value of a row's field (cost lines: amounts in 万元, quantities as decimals, categories and departments by name). */
  cell(key: string, value: unknown): string {
    if (value === undefined || value === null || value === '') return '—';
    if (typeof value === 'number' && /Fen$/.test(key)) return formatWanYuan(value);
    if (typeof value === 'number' && key === 'quantityMilli') return milliText(value);
    if (key === 'category' && typeof value === 'string') return this.i18n.t('category.' + value);
    if (key === 'departmentId' && typeof value === 'string') return this.department(value);
    return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }

  amount(line: { quantityMilli: number; unitCostFen: number } | null): string {
    return line ? formatWanYuan(costLineTotal(line)) : '—';
  }
}
