import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatBasisPoints, formatWanYuan, parseWanYuanInput, type AdjustmentView, type ExecutionView, type ImportResult, type PackageExecution, type ProblemView } from '@zerobase/domain';
import { forkJoin } from 'rxjs';
import { toProblem, type ApiProblem } from '../core/api-error';
import { I18n, registerMessages } from '../core/i18n';
import { importRowErrors, tableFileBody } from '../core/table-file';
import { EXECUTION_MESSAGES } from './execution.messages';

registerMessages(EXECUTION_MESSAGES);

interface CycleInfo {
  name: string;
  nameEn: string;
  stage: string;
  myRoles: string[];
}

/** /cycles/:cycleId/execution — monthly actuals and KPI actuals, execution rate, projection, off-track flags, problems, adjustments. */
@Component({
  selector: 'zb-execution-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    main.page { max-width: 1600px; }
    td > a { text-decoration: underline; }
    .bar { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: end; margin: 0.4rem 0 0.8rem; }
    .bar label { display: grid; gap: 0.15rem; font-size: 0.85rem; }
    .rule { font-size: 0.85rem; color: var(--muted); margin: 0.2rem 0 0.6rem; }
    .rule-edit { margin: 0 0 0.8rem; }
    .rule-edit form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin-top: 0.4rem; }
    .rule-edit label { display: inline-flex; flex-direction: column; font-size: 0.85rem; gap: 0.2rem; }
    .rule-edit input { width: 7rem; }
    .flag-off { color: #b91c1c; font-weight: 600; }
    .flag-on { color: #166534; }
    .small { font-size: 0.8rem; color: var(--muted); }
    .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(34rem, 1fr)); gap: 0.8rem; margin-top: 1rem; }
    section.panel { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.9rem; }
    section.panel h2 { font-size: 1.05rem; margin: 0.2rem 0 0.5rem; }
    table { width: 100%; }
    td { vertical-align: top; }
    td.num { white-space: nowrap; }
    tr.off td:first-child { box-shadow: inset 3px 0 0 #b91c1c; }
    .overdue { color: #b91c1c; }
    td input, td select { max-width: 9rem; }
  `,
  template: `
    <main class="page">
      <p><a [routerLink]="['/cycles', cycleId()]">← {{ i18n.t('execution.back') }}</a></p>
      <h1>{{ i18n.t('execution.title') }}@if (cycle(); as c) { · {{ i18n.name({ nameZh: c.name, nameEn: c.nameEn }) }} }</h1>
      @if (problem(); as p) {
        <div class="error" role="alert" data-testid="execution-error">
          {{ i18n.t(p.key, p.params) }}
          @for (f of p.fields; track f.field) {
            <div>{{ f.field }}: {{ f.reason }}</div>
          }
        </div>
      }
      @if (notice(); as n) {
        <p class="notice" role="status" data-testid="execution-notice">{{ n }}</p>
      }
      @if (status(); as s) {
        <div class="bar">
          <label>
            {{ i18n.t('execution.month') }}
            <select data-testid="execution-month" (change)="month.set(+$any($event.target).value)">
              @for (m of months; track m) {
                <option [value]="m" [selected]="m === s.month">{{ i18n.t('execution.monthN', { n: m }) }}</option>
              }
            </select>
          </label>
          @if (isCoordinator()) {
            <button type="button" data-testid="run-review" (click)="review()">{{ i18n.t('execution.review.run') }}</button>
          }
        </div>
        <p class="rule" data-testid="execution-rule">
          {{ i18n.t('execution.rule', { month: s.rule.reviewMonth, execution: percent(s.rule.minExecutionBasisPoints), kpi: percent(s.rule.minKpiProgressBasisPoints), projection: percent(s.rule.minProjectionBasisPoints) }) }}
        </p>
        @if (isCoordinator()) {
          <details class="rule-edit" data-testid="edit-execution-rule">
            <summary>{{ i18n.t('execution.ruleEdit') }}</summary>
            <form (submit)="$event.preventDefault(); saveRule($event)">
              <label>
                {{ i18n.t('execution.ruleMonth') }}
                <select name="reviewMonth" data-testid="rule-month">
                  @for (m of months; track m) {
                    <option [value]="m" [selected]="m === s.rule.reviewMonth">{{ i18n.t('execution.monthN', { n: m }) }}</option>
                  }
                </select>
              </label>
              <label>{{ i18n.t('execution.ruleExecution') }}<input name="minExecution" type="number" min="0" max="100" step="0.01" required [value]="percent(s.rule.minExecutionBasisPoints)" data-testid="rule-execution" /></label>
              <label>{{ i18n.t('execution.ruleKpi') }}<input name="minKpi" type="number" min="0" max="100" step="0.01" required [value]="percent(s.rule.minKpiProgressBasisPoints)" data-testid="rule-kpi" /></label>
              <label>{{ i18n.t('execution.ruleProjection') }}<input name="minProjection" type="number" min="0" max="100" step="0.01" required [value]="percent(s.rule.minProjectionBasisPoints)" data-testid="rule-projection" /></label>
              <button type="submit" data-testid="save-execution-rule">{{ i18n.t('execution.ruleSave') }}</button>
            </form>
          </details>
        }
        @if (s.packages.length === 0) {
          <p class="muted">{{ i18n.t('execution.none') }}</p>
        } @else {
          <table data-testid="execution-table">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('execution.col.package') }}</th>
                <th scope="col" class="num">{{ i18n.t('execution.col.allocated') }}</th>
                <th scope="col" class="num">{{ i18n.t('execution.col.spent') }}</th>
                <th scope="col" class="num">{{ i18n.t('execution.col.rate') }}</th>
                <th scope="col" class="num">{{ i18n.t('execution.col.projection') }}</th>
                <th scope="col">{{ i18n.t('execution.col.quarters') }}</th>
                <th scope="col">{{ i18n.t('execution.col.kpis') }}</th>
                <th scope="col">{{ i18n.t('execution.col.status') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (p of s.packages; track p.packageId) {
                <tr [class.off]="p.offTrack" [attr.data-testid]="'execution-row-' + p.code">
                  <td><a [routerLink]="['/packages', p.packageId]">{{ p.code }}</a> <span translate="no">{{ p.title }}</span></td>
                  <td class="num">
                    {{ wan(p.allocatedFen) }}
                    @if (p.adjustedFen !== 0) {
                      <div class="small">{{ i18n.t('execution.adjusted', { amount: signedWan(p.adjustedFen) }) }}</div>
                    }
                  </td>
                  <td class="num">{{ wan(p.spentFen) }}</td>
                  <td class="num" [attr.data-testid]="'rate-' + p.code">{{ rate(p.executionBasisPoints) }}</td>
                  <td class="num">{{ rate(p.projectionBasisPoints) }}</td>
                  <td class="small">{{ quarters(p) }}</td>
                  <td>
                    @for (k of p.kpis; track k.id) {
                      <div [class.flag-off]="k.behind"><span translate="no">{{ k.name }}</span>：{{ k.actual ?? '—' }} / {{ k.target }}（{{ k.completion === null ? '—' : percent(k.completion * 10000) + '%' }}）</div>
                    }
                  </td>
                  <td [attr.data-testid]="'flag-' + p.code">
                    @if (!p.reviewed) {
                      <span class="small">{{ i18n.t('execution.notReviewed') }}</span>
                    } @else if (p.offTrack) {
                      <span class="flag-off">{{ i18n.t('execution.offTrack') }}</span>
                      <div class="small">{{ reasons(p) }}</div>
                    } @else {
                      <span class="flag-on">{{ i18n.t('execution.onTrack') }}</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }

        <div class="panels">
          <section class="panel" data-testid="enter-actuals">
            <h2>{{ i18n.t('execution.enter.title') }}</h2>
            <form class="bar" (submit)="$event.preventDefault(); saveActual($event)">
              <label>
                {{ i18n.t('execution.enter.package') }}
                <select name="package" data-testid="enter-package" (change)="entering.set($any($event.target).value)">
                  @for (p of s.packages; track p.packageId) {
                    <option [value]="p.packageId" [selected]="p.packageId === enteringPackage()?.packageId" translate="no">{{ p.code }} {{ p.title }}</option>
                  }
                </select>
              </label>
              <label>
                {{ i18n.t('execution.month') }}
                <select name="month" data-testid="enter-month">
                  @for (m of months; track m) {
                    <option [value]="m" [selected]="m === s.month">{{ m }}</option>
                  }
                </select>
              </label>
              <label>{{ i18n.t('execution.enter.spent') }} <input name="spent" data-testid="enter-spent" inputmode="decimal" required size="10" /></label>
              @for (k of enteringKpis(); track k.id) {
                <label><span translate="no">{{ k.name }}</span>{{ i18n.t('execution.enter.actual') }} <input [name]="'kpi:' + k.id" [attr.data-testid]="'enter-kpi-' + k.id" inputmode="decimal" size="6" /></label>
              }
              <button type="submit" class="primary" data-testid="enter-save">{{ i18n.t('execution.enter.save') }}</button>
            </form>
          </section>

          <section class="panel" data-testid="import-actuals">
            <h2>{{ i18n.t('execution.import.title') }}</h2>
            <p class="small">{{ i18n.t('execution.import.help') }}</p>
            <form class="bar" (submit)="$event.preventDefault(); importFile($event)">
              <label>{{ i18n.t('execution.import.file') }} <input type="file" name="file" data-testid="import-file" accept=".csv,.xlsx" required /></label>
              <label style="display: flex; gap: 0.3rem; align-items: center"><input type="checkbox" name="applyValid" data-testid="import-apply-valid" /> {{ i18n.t('execution.import.applyValid') }}</label>
              <button type="submit" data-testid="import-run">{{ i18n.t('execution.import.run') }}</button>
            </form>
            @if (importErrors().length > 0) {
              <table data-testid="import-errors">
                <thead>
                  <tr><th scope="col">{{ i18n.t('execution.import.row') }}</th><th scope="col">{{ i18n.t('execution.import.field') }}</th><th scope="col">{{ i18n.t('execution.import.reason') }}</th></tr>
                </thead>
                <tbody>
                  @for (e of importErrors(); track $index) {
                    <tr><td>{{ e.row }}</td><td>{{ e.field }}</td><td>{{ e.reason }}</td></tr>
                  }
                </tbody>
              </table>
            }
          </section>
        </div>

        <section class="panel" style="margin-top: 0.8rem" data-testid="problems">
          <h2>{{ i18n.t('execution.problems.title') }}</h2>
          @if (problems().length === 0) {
            <p class="muted">{{ i18n.t('execution.problems.none') }}</p>
          } @else {
            <table>
              <thead>
                <tr>
                  <th scope="col">{{ i18n.t('execution.problems.description') }}</th>
                  <th scope="col">{{ i18n.t('execution.problems.owner') }}</th>
                  <th scope="col">{{ i18n.t('execution.problems.measures') }}</th>
                  <th scope="col">{{ i18n.t('execution.problems.due') }}</th>
                  <th scope="col">{{ i18n.t('execution.problems.evidence') }}</th>
                  <th scope="col">{{ i18n.t('execution.problems.status') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (pr of problems(); track pr.id) {
                  <tr [attr.data-testid]="'problem-' + pr.id">
                    <td>
                      {{ pr.description.startsWith(codeOf(pr.packageId)) ? '' : codeOf(pr.packageId) }} {{ pr.description }}
                      <div class="small">{{ i18n.t('execution.problems.source.' + pr.source) }}</div>
                    </td>
                    @if (pr.status === 'closed') {
                      <td>{{ pr.owner }}</td>
                      <td>{{ pr.measures }}</td>
                      <td>{{ pr.dueDate ?? '—' }}</td>
                      <td>{{ pr.evidence }}</td>
                      <td>{{ i18n.t('execution.problems.status.closed') }}</td>
                    } @else {
                      <td colspan="5">
                        <form class="bar" style="margin: 0" (submit)="$event.preventDefault(); updateProblem(pr, $event)">
                          <input name="owner" [value]="pr.owner" [attr.aria-label]="i18n.t('execution.problems.owner')" size="8" />
                          <input name="measures" [value]="pr.measures" [attr.aria-label]="i18n.t('execution.problems.measures')" size="16" />
                          <input name="dueDate" type="date" [value]="pr.dueDate ?? ''" [attr.aria-label]="i18n.t('execution.problems.due')" />
                          <input name="evidence" [value]="pr.evidence" [attr.aria-label]="i18n.t('execution.problems.evidence')" size="14" [attr.data-testid]="'evidence-' + pr.id" />
                          <select name="status" [attr.aria-label]="i18n.t('execution.problems.status')" [attr.data-testid]="'status-' + pr.id">
                            <option value="open" [selected]="pr.status === 'open'">{{ i18n.t('execution.problems.status.open') }}</option>
                            <option value="inProgress" [selected]="pr.status === 'inProgress'">{{ i18n.t('execution.problems.status.inProgress') }}</option>
                          </select>
                          @if (pr.overdue) {
                            <span class="overdue">{{ i18n.t('execution.problems.overdue') }}</span>
                          }
                          <button type="submit" [attr.data-testid]="'update-' + pr.id">{{ i18n.t('execution.problems.save') }}</button>
                          @if (isCoordinator()) {
                            <button type="button" [attr.data-testid]="'close-' + pr.id" (click)="closeProblem(pr)">{{ i18n.t('execution.problems.close') }}</button>
                          }
                        </form>
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          }
          <details>
            <summary>{{ i18n.t('execution.problems.add') }}</summary>
            <form class="bar" (submit)="$event.preventDefault(); raiseProblem($event)">
              <label>{{ i18n.t('execution.enter.package') }}
                <select name="packageId">
                  @for (p of s.packages; track p.packageId) {
                    <option [value]="p.packageId">{{ p.code }}</option>
                  }
                </select>
              </label>
              <label>{{ i18n.t('execution.problems.description') }} <input name="description" required size="24" /></label>
              <label>{{ i18n.t('execution.problems.owner') }} <input name="owner" required size="10" /></label>
              <label>{{ i18n.t('execution.problems.measures') }} <input name="measures" size="20" /></label>
              <label>{{ i18n.t('execution.problems.due') }} <input name="dueDate" type="date" /></label>
              <button type="submit">{{ i18n.t('execution.problems.add') }}</button>
            </form>
          </details>
        </section>

        <section class="panel" style="margin-top: 0.8rem" data-testid="adjustments">
          <h2>{{ i18n.t('execution.adjust.title') }}</h2>
          @if (adjustments().length === 0) {
            <p class="muted">{{ i18n.t('execution.adjust.none') }}</p>
          } @else {
            <table>
              <thead>
                <tr>
                  <th scope="col">{{ i18n.t('execution.adjust.kind') }}</th>
                  <th scope="col">{{ i18n.t('execution.adjust.from') }}</th>
                  <th scope="col">{{ i18n.t('execution.adjust.to') }}</th>
                  <th scope="col" class="num">{{ i18n.t('execution.adjust.amount') }}</th>
                  <th scope="col">{{ i18n.t('execution.adjust.reason') }}</th>
                  <th scope="col">{{ i18n.t('execution.problems.status') }}</th>
                </tr>
              </thead>
              <tbody>
                @for (a of adjustments(); track a.id) {
                  <tr [attr.data-testid]="'adjustment-' + a.id">
                    <td>{{ i18n.t('execution.adjust.kind.' + a.kind) }}</td>
                    <td>{{ codeOf(a.fromPackageId) }}</td>
                    <td>{{ a.toPackageId ? codeOf(a.toPackageId) : '—' }}</td>
                    <td class="num">{{ wan(a.amountFen) }}</td>
                    <td>{{ a.reason }}</td>
                    <td>
                      {{ i18n.t('execution.adjust.status.' + a.status) }}
                      @if (a.status === 'proposed' && isCoordinator()) {
                        <button type="button" class="primary" [attr.data-testid]="'approve-' + a.id" (click)="decide(a, true)">{{ i18n.t('execution.adjust.approve') }}</button>
                        <button type="button" (click)="decide(a, false)">{{ i18n.t('execution.adjust.reject') }}</button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          }
          <form class="bar" (submit)="$event.preventDefault(); propose($event)">
            <label>{{ i18n.t('execution.adjust.kind') }}
              <select name="kind" data-testid="adjust-kind" (change)="reallocating.set($any($event.target).value === 'reallocate')">
                <option value="cut">{{ i18n.t('execution.adjust.kind.cut') }}</option>
                <option value="reallocate">{{ i18n.t('execution.adjust.kind.reallocate') }}</option>
              </select>
            </label>
            <label>{{ i18n.t('execution.adjust.from') }}
              <select name="fromPackageId" data-testid="adjust-from">
                @for (p of s.packages; track p.packageId) {
                  <option [value]="p.packageId">{{ p.code }}</option>
                }
              </select>
            </label>
            @if (reallocating()) {
              <label>{{ i18n.t('execution.adjust.to') }}
                <select name="toPackageId" data-testid="adjust-to">
                  @for (p of s.packages; track p.packageId) {
                    <option [value]="p.packageId">{{ p.code }}</option>
                  }
                </select>
              </label>
            }
            <label>{{ i18n.t('execution.adjust.amount') }} <input name="amount" data-testid="adjust-amount" inputmode="decimal" required size="8" /></label>
            <label>{{ i18n.t('execution.adjust.reason') }} <input name="reason" data-testid="adjust-reason" required size="20" /></label>
            <button type="submit" data-testid="adjust-propose">{{ i18n.t('execution.adjust.propose') }}</button>
          </form>
        </section>
      } @else if (!problem()) {
        <p class="muted">{{ i18n.t('common.loading') }}</p>
      }
    </main>
  `,
})
export class ExecutionPage {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  protected readonly months = Array.from({ length: 12 }, (_, i) => i + 1);
  protected readonly month = signal<number | null>(null);
  protected readonly cycle = signal<CycleInfo | null>(null);
  protected readonly status = signal<ExecutionView | null>(null);
  protected readonly problems = signal<ProblemView[]>([]);
  protected readonly adjustments = signal<AdjustmentView[]>([]);
  protected readonly importErrors = signal<ImportResult['errors']>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly entering = signal<string | null>(null);
  protected readonly reallocating = signal(false);
  protected readonly wan = formatWanYuan;
  protected readonly percent = formatBasisPoints;

  protected readonly isCoordinator = computed(() => this.cycle()?.myRoles.includes('coordinator') ?? false);
  protected readonly enteringPackage = computed((): PackageExecution | null => {
    const packages = this.status()?.packages ?? [];
    return packages.find((p) => p.packageId === this.entering()) ?? packages[0] ?? null;
  });

  protected readonly enteringKpis = computed(() => this.enteringPackage()?.kpis ?? []);

  constructor() {
    effect(() => this.load(this.cycleId(), this.month()));
  }

  private load(id: string, month: number | null): void {
    forkJoin({
      cycle: this.http.get<CycleInfo>(`/api/cycles/${id}`),
      status: this.http.get<ExecutionView>(`/api/cycles/${id}/execution${month ? `?month=${month}` : ''}`),
      problems: this.http.get<ProblemView[]>(`/api/cycles/${id}/problems`),
      adjustments: this.http.get<AdjustmentView[]>(`/api/cycles/${id}/adjustments`),
    }).subscribe({
      next: (d) => {
        this.cycle.set(d.cycle);
        this.status.set(d.status);
        this.problems.set(d.problems);
        this.adjustments.set(d.adjustments);
      },
      error: (e) => this.problem.set(toProblem(e)),
    });
  }

  private after(message?: () => string): { next: (value: unknown) => void; error: (e: unknown) => void } {
    return {
      next: () => {
        this.problem.set(null);
        this.notice.set(message ? message() : null);
        this.load(this.cycleId(), this.month());
      },
      error: (e) => {
        this.notice.set(null);
        this.problem.set(toProblem(e));
      },
    };
  }

  protected rate(bp: number | null): string {
    return bp === null ? '—' : `${formatBasisPoints(bp)} %`;
  }

  protected signedWan(fen: number): string {
    return `${fen > 0 ? '+' : ''}${formatWanYuan(fen)}`;
  }

  protected quarters(p: PackageExecution): string {
    return p.quarters.map((q) => `Q${q.quarter} ${formatWanYuan(q.spentFen)}`).join(' · ');
  }

  protected reasons(p: PackageExecution): string {
    return p.reasons.map((r) => this.i18n.t('execution.reason.' + r)).join('、');
  }

  protected codeOf(packageId: string | null): string {
    return this.status()?.packages.find((p) => p.packageId === packageId)?.code ?? '';
  }

  protected saveActual(event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    const pkg = this.enteringPackage();
    const spentFen = parseWanYuanInput(String(data.get('spent') ?? ''));
    if (!pkg) return;
    if (spentFen === null) {
      this.notice.set(this.i18n.t('execution.enter.badAmount'));
      return;
    }
    const month = Number(data.get('month'));
    const kpiActuals = pkg.kpis.flatMap((k) => {
      const text = String(data.get(`kpi:${k.id}`) ?? '').trim();
      return text === '' ? [] : [{ kpi: k.id, value: Number(text) }];
    });
    this.http.put(`/api/packages/${pkg.packageId}/actuals/${month}`, { spentFen, kpiActuals }).subscribe(this.after(() => this.i18n.t('execution.enter.saved', { code: pkg.code, month })));
  }

  protected importFile(event: Event): void {
    const form = event.target as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    const applyValidRows = (form.elements.namedItem('applyValid') as HTMLInputElement).checked;
    if (!file) return;
    void tableFileBody(file).then((body) => {
      this.http.post<ImportResult>(`/api/cycles/${this.cycleId()}/actuals/${'xlsxBase64' in body ? 'import-xlsx' : 'import'}`, { ...body, applyValidRows }).subscribe({
        next: (result) => {
          this.importErrors.set(result.errors);
          this.after(() => this.i18n.t('execution.import.applied', { n: result.applied })).next(result);
        },
        error: (e: { status?: number; error?: { fields?: { field: string; reason: string }[] } }) => {
          const rows = importRowErrors(e.error?.fields ?? []);
          this.importErrors.set(rows);
          this.problem.set(null);
          this.notice.set(e.status === 400 ? this.i18n.t('execution.import.rejected', { n: rows.length }) : null);
          if (e.status !== 400) this.problem.set(toProblem(e));
        },
      });
    });
  }

  /** the off-track rule from the form: percentages as typed, stored in basis points */
  protected saveRule(event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    const bp = (name: string) => Math.round(Number(String(data.get(name) ?? '').replace(',', '.')) * 100);
    const rule = { reviewMonth: Number(data.get('reviewMonth')), minExecutionBasisPoints: bp('minExecution'), minKpiProgressBasisPoints: bp('minKpi'), minProjectionBasisPoints: bp('minProjection') };
    this.http.put(`/api/cycles/${this.cycleId()}/execution-rule`, rule).subscribe(this.after(() => this.i18n.t('execution.ruleSaved')));
  }

  protected review(): void {
    this.http.post<{ opened: unknown[] }>(`/api/cycles/${this.cycleId()}/execution/review`, { month: this.status()?.month }).subscribe({
      next: (r) => this.after(() => this.i18n.t('execution.review.done', { n: Array.isArray(r?.opened) ? r.opened.length : 0 })).next(r),
      error: (e) => this.problem.set(toProblem(e)),
    });
  }

  protected updateProblem(pr: ProblemView, event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    const dueDate = String(data.get('dueDate') ?? '');
    const owner = String(data.get('owner') ?? '').trim();
    this.http
      .patch(`/api/problems/${pr.id}`, { ...(owner ? { owner } : {}), measures: data.get('measures'), evidence: data.get('evidence'), status: data.get('status'), ...(dueDate ? { dueDate } : {}) })
      .subscribe(this.after(() => this.i18n.t('execution.problems.updated')));
  }

  protected closeProblem(pr: ProblemView): void {
    this.http.post(`/api/problems/${pr.id}/close`, {}).subscribe(this.after(() => this.i18n.t('execution.problems.closed')));
  }

  protected raiseProblem(event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    const dueDate = String(data.get('dueDate') ?? '');
    this.http
      .post(`/api/cycles/${this.cycleId()}/problems`, { packageId: data.get('packageId'), description: data.get('description'), owner: data.get('owner'), measures: data.get('measures') ?? '', ...(dueDate ? { dueDate } : {}) })
      .subscribe(this.after());
  }

  protected propose(event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    const amountFen = parseWanYuanInput(String(data.get('amount') ?? ''));
    if (amountFen === null) {
      this.notice.set(this.i18n.t('execution.enter.badAmount'));
      return;
    }
    const kind = String(data.get('kind'));
    this.http
      .post(`/api/cycles/${this.cycleId()}/adjustments`, { kind, fromPackageId: data.get('fromPackageId'), ...(kind === 'reallocate' ? { toPackageId: data.get('toPackageId') } : {}), amountFen, reason: data.get('reason') })
      .subscribe(this.after());
  }

  protected decide(a: AdjustmentView, approve: boolean): void {
    this.http.post(`/api/adjustments/${a.id}/${approve ? 'approve' : 'reject'}`, {}).subscribe(this.after());
  }
}
