import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatWanYuan } from '@zerobase/domain';
import { milliText } from '../collab/editor-columns';
import { toProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { ConflictStore } from './conflict-store';
import type { ConflictView } from '@zerobase/domain';
import { COLLAB_MESSAGES } from '../collab/collab.messages';
import { CONFLICTS_MESSAGES } from './conflicts.messages';

registerMessages(COLLAB_MESSAGES);
registerMessages(CONFLICTS_MESSAGES);

/** A value as people read it: amounts in 万元, quantities as decimals, shares in %. */
export function conflictValueText(field: string, value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number') {
    if (/Fen$/.test(field)) return `${formatWanYuan(value)} 万元`;
    if (field === 'quantityMilli') return milliText(value);
    if (/basisPoints|costSplit/i.test(field)) return `${value / 100} %`;
    return String(value);
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One conflict: the competing values side by side with who and when, and the actions that settle it. */
@Component({
  selector: 'zb-conflict-card',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 4px; background: white; padding: 0.5rem 0.8rem; margin-bottom: 0.5rem; }
    header { display: flex; gap: 0.6rem; align-items: baseline; flex-wrap: wrap; }
    header strong { font-size: 0.95rem; }
    .where { color: var(--muted); font-size: 0.85rem; }
    .sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.5rem; margin: 0.4rem 0; }
    .side { background: var(--bg); border-radius: 4px; padding: 0.35rem 0.55rem; }
    .side .value { font-size: 1rem; font-weight: 600; white-space: pre-wrap; word-break: break-word; max-height: 12rem; overflow: auto; }
    .side .who { font-size: 0.8rem; color: var(--muted); }
    .actions { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
    .actions button { font-size: 0.85rem; padding: 0.2rem 0.6rem; }
    .actions input { width: 10rem; }
  `,
  template: `
    @let c = conflict();
    <header>
      <strong>{{ i18n.t('conflict.kind.' + c.kind) }}</strong>
      @if (showPackage()) {
        <a [routerLink]="['/packages', c.packageId]">{{ c.packageCode }}</a>
      }
      <span class="where" data-testid="conflict-where">{{ where() }}</span>
    </header>
    <div class="sides">
      @for (side of c.competing; track $index) {
        <div class="side" [attr.data-testid]="'conflict-side-' + side.side">
          <div class="who">{{ i18n.t('conflict.side.' + side.side) }} · {{ side.department ? departments.name(side.department) : '—' }}{{ side.at ? ' · ' + time(side.at) : '' }}</div>
          <div class="value">{{ valueText(side.value) }}</div>
        </div>
      }
    </div>
    <div class="actions">
      @for (action of scalarActions(); track action) {
        <button type="button" [attr.data-testid]="'resolve-' + action" [disabled]="busy()" (click)="resolve(action)">{{ i18n.t('conflict.action.' + action) }}</button>
      }
      @if (c.actions.includes('newValue') && !isSplit()) {
        <input type="text" [attr.aria-label]="i18n.t('conflict.action.newValue')" data-testid="resolve-new-value" #other />
        <button type="button" data-testid="resolve-newValue" [disabled]="busy()" (click)="resolve('newValue', other.value)">{{ i18n.t('conflict.action.newValue') }}</button>
      }
    </div>
    @if (error(); as message) {
      <p class="error" role="alert">{{ message }}</p>
    }
  `,
})
export class ConflictCard {
  readonly conflict = input.required<ConflictView>();
  readonly showPackage = input(true);
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly store = inject(ConflictStore);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  private readonly field = computed(() => this.conflict().path.split('/').at(-1) ?? '');
  protected readonly isSplit = computed(() => this.conflict().kind === 'splitInvariant');
  protected readonly scalarActions = computed(() => this.conflict().actions.filter((a) => a !== 'newValue'));
  protected readonly where = computed(() => {
    const parts = this.conflict().path.split('/');
    const section = parts[0] ?? '';
    const owner = section === 'shared' ? this.i18n.t('collab.sharedPart') : section.startsWith('dept:') ? this.departments.name(section.slice(5)) : section;
    const rest = parts.slice(1).filter((p) => p !== '').map((p) => this.i18n.t(`conflict.field.${p}`) === `conflict.field.${p}` ? p : this.i18n.t(`conflict.field.${p}`));
    return [owner, ...rest].join(' · ');
  });

  protected valueText(value: unknown): string {
    return conflictValueText(this.field(), value);
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  }

  protected async resolve(action: string, text?: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      let value: unknown = text;
      if (text !== undefined) {
        const numeric = this.conflict().competing.every((s) => typeof s.value === 'number');
        value = numeric ? Number(text.replace(/[,，\s]/g, '')) : text;
        if (numeric && /Fen$/.test(this.field())) value = Math.round(Number(text.replace(/[,，\s]/g, '')) * 1_000_000);
      }
      await this.store.resolve(this.conflict().id, action, value);
    } catch (e) {
      const problem = toProblem(e);
      this.error.set(`${this.i18n.t('conflict.failed')} ${this.i18n.t(problem.key, problem.params)}`);
    } finally {
      this.busy.set(false);
    }
  }
}
