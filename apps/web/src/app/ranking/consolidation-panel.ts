import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import type { Observable } from 'rxjs';
import { canSetUnitOrder, isCoordinator, liaisonDepartments, validateConsolidation, type ConsolidationOverrideView } from '@zerobase/domain';
import type { ConsolidationView } from '../core/api-types';
import { toProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, type MessageKey, type MessageParams, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { CONSOLIDATION_MESSAGES } from './consolidation.messages';

registerMessages(CONSOLIDATION_MESSAGES);

/**
 * Order-preserving consolidation on the ranking board: the coordinator turns it on or off; each unit's
 * order of its packages (its liaison or a coordinator moves them up and down); the coordinator's
 * overrides of a unit's order, each with its reason. The checks are libs/domain's validateConsolidation,
 * the same the server runs.
 */
@Component({
  selector: 'zb-consolidation-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="muted">{{ i18n.t('consolidation.hint') }}</p>
    @if (view(); as v) {
      <div data-testid="consolidation-panel">
        @if (coordinator()) {
          <label class="toggle">
            <input type="checkbox" data-testid="consolidation-toggle" [checked]="v.enabled" [disabled]="busy()" (change)="setEnabled($event)" />
            {{ i18n.t('consolidation.enable') }}
          </label>
        } @else {
          <p data-testid="consolidation-state">{{ i18n.t(v.enabled ? 'consolidation.isOn' : 'consolidation.isOff') }}</p>
        }

        <div class="columns">
          <div class="units">
            <h3>{{ i18n.t('consolidation.units') }}</h3>
            <label class="field">
              {{ i18n.t('consolidation.unit') }}
              <select data-testid="unit-select" (change)="chooseUnit($event)">
                @for (u of v.units; track u.department) {
                  <option [value]="u.department" [selected]="u.department === unit()?.department">{{ departments.name(u.department) }}</option>
                }
              </select>
            </label>
            @if (unit(); as u) {
              <p class="muted small">{{ i18n.t(u.ordered ? 'consolidation.ordered' : 'consolidation.byScore') }}</p>
              <ol data-testid="unit-order">
                @for (p of draft(); track p.packageId; let k = $index, last = $last) {
                  <li>
                    <span class="code">{{ p.code }}</span> <span translate="no">{{ p.title }}</span>
                    @if (editable()) {
                      <span class="moves">
                        <button type="button" class="icon" [disabled]="k === 0" [attr.aria-label]="i18n.t('consolidation.moveUp', { code: p.code })" (click)="move(k, -1)">↑</button>
                        <button type="button" class="icon" [disabled]="last" [attr.aria-label]="i18n.t('consolidation.moveDown', { code: p.code })" (click)="move(k, 1)">↓</button>
                      </span>
                    }
                  </li>
                }
              </ol>
              @if (editable() && u.packages.length > 1) {
                <div class="row">
                  <button type="button" class="primary" data-testid="save-unit-order" [disabled]="busy() || !changed()" (click)="saveOrder()">{{ i18n.t('consolidation.saveOrder') }}</button>
                  @if (u.ordered) {
                    <button type="button" data-testid="reset-unit-order" [disabled]="busy()" (click)="saveOrder(true)">{{ i18n.t('consolidation.resetOrder') }}</button>
                  }
                  @if (saved()) {
                    <span class="saved" role="status" data-testid="unit-order-saved">{{ i18n.t('consolidation.saved') }}</span>
                  }
                </div>
              } @else if (!editable()) {
                <p class="muted small">{{ i18n.t('consolidation.readOnly') }}</p>
              }
            }
          </div>

          <div class="overrides">
            <h3>{{ i18n.t('consolidation.overrides') }}</h3>
            @if (v.overrides.length === 0) {
              <p class="muted" data-testid="no-overrides">{{ i18n.t('consolidation.noOverrides') }}</p>
            } @else {
              <table data-testid="override-list">
                <thead>
                  <tr>
                    <th>{{ i18n.t('consolidation.package') }}</th>
                    <th>{{ i18n.t('consolidation.above') }}</th>
                    <th>{{ i18n.t('consolidation.reason') }}</th>
                    <th>{{ i18n.t('consolidation.by') }}</th>
                    @if (coordinator()) {
                      <th><span class="sr-only">{{ i18n.t('consolidation.remove') }}</span></th>
                    }
                  </tr>
                </thead>
                <tbody>
                  @for (o of v.overrides; track o.id) {
                    <tr data-testid="override-row" [class.stale]="o.stale !== undefined">
                      <td class="code">{{ o.code }}</td>
                      <td class="code">{{ o.aboveCode }}</td>
                      <td>
                        {{ o.reason }}
                        @if (o.stale; as why) {
                          <span class="stale-note" data-testid="override-stale">{{ i18n.t('consolidation.stale', { why }) }}</span>
                        }
                      </td>
                      <td translate="no">{{ o.createdBy ?? '—' }}</td>
                      @if (coordinator()) {
                        <td>
                          <button type="button" [disabled]="busy()" [attr.aria-label]="i18n.t('consolidation.removeOf', { code: o.code, above: o.aboveCode })" (click)="remove(o)">
                            {{ i18n.t('consolidation.remove') }}
                          </button>
                        </td>
                      }
                    </tr>
                  }
                </tbody>
              </table>
            }
            @if (coordinator()) {
              <form class="add" data-testid="override-form" (submit)="add($event)" novalidate>
                <label class="field">
                  {{ i18n.t('consolidation.package') }}
                  <select name="packageId" data-testid="override-package" (change)="pick('x', $event)">
                    <option value="">{{ i18n.t('consolidation.choose') }}</option>
                    @for (p of candidates(); track p.packageId) {
                      <option [value]="p.packageId" [selected]="p.packageId === x()">{{ p.code }} · {{ departments.name(p.department) }}</option>
                    }
                  </select>
                </label>
                <label class="field">
                  {{ i18n.t('consolidation.above') }}
                  <select name="aboveId" data-testid="override-above" (change)="pick('y', $event)">
                    <option value="">{{ i18n.t('consolidation.choose') }}</option>
                    @for (p of sameUnit(); track p.packageId) {
                      <option [value]="p.packageId" [selected]="p.packageId === y()">{{ p.code }}</option>
                    }
                  </select>
                </label>
                <label class="field reason">
                  {{ i18n.t('consolidation.reason') }}
                  <input name="reason" data-testid="override-reason" maxlength="2000" [value]="reason()" [attr.aria-invalid]="problem()?.field === 'reason' || null" (input)="reason.set($any($event.target).value)" />
                </label>
                <button type="submit" class="primary" data-testid="add-override" [disabled]="busy()">{{ i18n.t('consolidation.add') }}</button>
              </form>
            }
            @if (problem(); as p) {
              <p class="error" role="alert" data-testid="consolidation-error">{{ i18n.t(p.key, p.params) }}</p>
            }
          </div>
        </div>
      </div>
    }
  `,
  styles: `
    .toggle { display: inline-flex; align-items: center; gap: 0.4rem; font-weight: 600; margin-bottom: 0.6rem; }
    .columns { display: grid; grid-template-columns: minmax(18rem, 2fr) 3fr; gap: 1.2rem; }
    @media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
    h3 { font-size: 0.95rem; margin: 0.4rem 0; }
    .field { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.85rem; color: var(--muted); }
    ol { margin: 0.3rem 0 0.6rem; padding-left: 1.6rem; }
    li { padding: 0.15rem 0; }
    .code { white-space: nowrap; font-weight: 600; }
    li .code { margin-right: 0.4rem; }
    .moves { white-space: nowrap; margin-left: 0.3rem; }
    button.icon { padding: 0 0.45rem; line-height: 1.4; }
    .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .saved { color: var(--high); font-size: 0.85rem; }
    .small { font-size: 0.82rem; margin: 0.2rem 0; }
    form.add { display: flex; flex-wrap: wrap; gap: 0.5rem 0.8rem; align-items: flex-end; margin-top: 0.6rem; }
    form.add .reason { flex: 1 1 14rem; }
    form.add .reason input { width: 100%; box-sizing: border-box; }
    .error { margin: 0.6rem 0 0; }
    tr.stale .code { text-decoration: line-through; color: var(--muted); }
    .stale-note { display: block; font-size: 0.82rem; color: var(--medium); }
  `,
})
export class ConsolidationPanel {
  readonly cycleId = input.required<string>();
  /** changes whenever the ranking is recomputed, to reload */
  readonly version = input<string>('');
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly session = inject(Session);

  protected readonly view = signal<ConsolidationView | null>(null);
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly problem = signal<{ key: MessageKey; params?: MessageParams; field?: string } | null>(null);
  private readonly unitCode = signal<string | null>(null);
  /** the unit's order being edited (package ids), null while unchanged */
  private readonly edited = signal<string[] | null>(null);
  protected readonly x = signal('');
  protected readonly y = signal('');
  protected readonly reason = signal('');

  private readonly memberships = computed(() => this.session.user()?.memberships ?? []);
  protected readonly coordinator = computed(() => isCoordinator(this.memberships(), this.cycleId()));
  protected readonly unit = computed(() => {
    const units = this.view()?.units ?? [];
    return units.find((u) => u.department === this.unitCode()) ?? this.defaultUnit(units);
  });
  protected readonly editable = computed(() => {
    const u = this.unit();
    const id = u ? this.departments.all().find((d) => d.code === u.department)?.id : undefined;
    return id !== undefined && canSetUnitOrder(this.memberships(), this.cycleId(), id);
  });
  protected readonly draft = computed(() => {
    const u = this.unit();
    if (!u) return [];
    const order = this.edited();
    return order === null ? u.packages : order.map((id) => u.packages.find((p) => p.packageId === id)!);
  });
  protected readonly changed = computed(() => this.edited() !== null);
  /** every package of a unit with at least two, for the override form */
  protected readonly candidates = computed(() =>
    (this.view()?.units ?? [])
      .filter((u) => u.packages.length > 1)
      .flatMap((u) => u.packages.map((p) => ({ ...p, department: u.department })))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
  );
  protected readonly sameUnit = computed(() => {
    const unit = (this.view()?.units ?? []).find((u) => u.packages.some((p) => p.packageId === this.x()));
    return unit ? unit.packages.filter((p) => p.packageId !== this.x()) : [];
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const cycleId = this.cycleId();
      this.version();
      untracked(() => this.load(cycleId));
    });
  }

  private load(cycleId: string): void {
    this.http.get<ConsolidationView>(`/api/cycles/${cycleId}/consolidation`).subscribe({ next: (v) => this.view.set(v), error: (e: unknown) => this.fail(e) });
  }

  /** a liaison starts on their own unit, others on the first unit that sets an order */
  private defaultUnit(units: ConsolidationView['units']): ConsolidationView['units'][number] | null {
    const mine = [...liaisonDepartments(this.memberships(), this.cycleId())].map((id) => this.departments.codeOf(id));
    return units.find((u) => mine.includes(u.department)) ?? units.find((u) => u.ordered) ?? (units.length > 0 ? units[0]! : null);
  }

  protected chooseUnit(event: Event): void {
    this.unitCode.set((event.target as HTMLSelectElement).value);
    this.edited.set(null);
    this.saved.set(false);
  }

  protected move(k: number, by: -1 | 1): void {
    const order = this.draft().map((p) => p.packageId);
    [order[k], order[k + by]] = [order[k + by]!, order[k]!];
    this.edited.set(order);
    this.saved.set(false);
  }

  protected setEnabled(event: Event): void {
    const consolidation = (event.target as HTMLInputElement).checked;
    this.request(this.http.put(`/api/cycles/${this.cycleId()}/evaluation-settings`, { consolidation }));
  }

  protected saveOrder(reset = false): void {
    const u = this.unit();
    if (!u) return;
    const packageIds = reset ? [] : this.draft().map((p) => p.packageId);
    this.request(this.http.put(`/api/cycles/${this.cycleId()}/consolidation/units/${encodeURIComponent(u.department)}`, { packageIds }), () => {
      this.edited.set(null);
      this.saved.set(true);
    });
  }

  protected pick(which: 'x' | 'y', event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (which === 'x') {
      this.x.set(value);
      this.y.set('');
    } else this.y.set(value);
  }

  protected add(event: Event): void {
    event.preventDefault();
    const v = this.view();
    if (!v) return;
    const candidate = { packageId: this.x(), aboveId: this.y(), reason: this.reason() };
    // the server's own check, first here: a reason, two packages of one unit, no cycle with the others
    const unitOf = new Map(v.units.flatMap((u) => u.packages.map((p) => [p.packageId, u.department] as const)));
    const existing = v.overrides.map((o) => ({ packageId: o.packageId, aboveId: o.aboveId, reason: o.reason }));
    const issue = validateConsolidation({ overrides: [...existing, candidate] }, (id) => unitOf.get(id)).find((i) => i.path.startsWith(`consolidation.overrides[${existing.length}]`));
    if (issue) {
      const code = (id: string) => v.units.flatMap((u) => u.packages).find((p) => p.packageId === id)?.code ?? id;
      if (issue.path.endsWith('.reason')) this.problem.set({ key: 'consolidation.reasonRequired', field: 'reason' });
      else if (issue.cycle) this.problem.set({ key: 'consolidation.cycle', params: { chain: issue.cycle.map(code).join(' > ') } });
      else this.problem.set({ key: 'consolidation.invalid' });
      return;
    }
    this.request(this.http.post(`/api/cycles/${this.cycleId()}/consolidation/overrides`, candidate), () => {
      this.x.set('');
      this.y.set('');
      this.reason.set('');
    });
  }

  protected remove(o: ConsolidationOverrideView): void {
    this.request(this.http.delete(`/api/cycles/${this.cycleId()}/consolidation/overrides/${o.id}`));
  }

  private request(call: Observable<unknown>, done?: () => void): void {
    this.busy.set(true);
    this.problem.set(null);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        done?.();
        this.load(this.cycleId());
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.fail(e);
        this.load(this.cycleId());
      },
    });
  }

  private fail(e: unknown): void {
    const problem = toProblem(e);
    this.problem.set({ key: problem.key, params: problem.params, field: problem.fields[0]?.field });
  }
}
