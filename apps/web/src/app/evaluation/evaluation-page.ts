import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import {
  EVALUATION_TEMPLATES,
  formatBasisPoints,
  formatScore,
  formatWanYuan,
  canReadCycle,
  CARRY_OVER_EFFECTS,
  GRADES,
  MIN_CUT_BASIS_POINTS,
  type CarryOverRule,
  type GradeEffect,
  type NextCyclePreview,
  type PackagePerformanceView,
  type PerformanceView,
} from '@zerobase/domain';
import { toProblem, type ApiProblem } from '../core/api-error';
import { I18n, registerMessages } from '../core/i18n';
import { Realtime } from '../core/realtime';
import { Session } from '../core/session';
import { EVALUATION_MESSAGES } from './evaluation.messages';

registerMessages(EVALUATION_MESSAGES);

interface Member {
  userId: string;
  email: string;
  role: string;
}

/** /cycles/:cycleId/evaluation — end-of-cycle evaluation: template, scorers, sheets, grades and the next cycle. */
@Component({
  selector: 'zb-evaluation-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    td > a { text-decoration: underline; }
    main.page { max-width: 1600px; }
    .bar { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin: 0.4rem 0 0.8rem; }
    .rules { font-size: 0.85rem; color: var(--muted); margin: 0.2rem 0; }
    td form, td .sheet { display: grid; gap: 0.3rem; }
    .sheet label { display: grid; grid-template-columns: 9rem 4.5rem; align-items: center; gap: 0.4rem; font-size: 0.85rem; }
    .sheet input[type='number'] { width: 4.5rem; }
    .grade { font-weight: 600; }
    .grade-excellent { color: #166534; } .grade-good { color: #1d4ed8; } .grade-medium { color: #a16207; } .grade-poor { color: #b91c1c; }
    .small { font-size: 0.8rem; color: var(--muted); }
    details summary { cursor: pointer; color: var(--accent, #1d4ed8); font-size: 0.85rem; }
    .scorers label { display: block; font-size: 0.85rem; }
    section.next { margin-top: 1.2rem; background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; }
    table { width: 100%; }
    td { vertical-align: top; }
    td.num { white-space: nowrap; }
    .rules-edit { margin: 0.3rem 0 0.8rem; }
    .rules-edit fieldset { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: flex-end; border: 1px solid var(--line); border-radius: 6px; margin: 0.4rem 0; }
    .rules-edit label { display: inline-flex; flex-direction: column; font-size: 0.85rem; gap: 0.2rem; }
    .rules-edit input { width: 6rem; }
  `,
  template: `
    <main class="page">
      <p>
        @if (readsCycle()) {
          <a [routerLink]="['/cycles', cycleId()]" data-testid="evaluation-back">← {{ i18n.t('evaluation.back') }}</a>
        } @else {
          <a routerLink="/" data-testid="evaluation-back">← {{ i18n.t('nav.cycles') }}</a>
        }
      </p>
      <h1>{{ i18n.t('evaluation.title') }}@if (view(); as v) { · <span translate="no">{{ i18n.name({ nameZh: v.cycleName, nameEn: v.cycleNameEn }) }}</span> }</h1>
      @if (problem(); as p) {
        <div class="error" role="alert" data-testid="evaluation-error">
          {{ i18n.t(p.key, p.params) }}
          @for (f of p.fields; track f.field) {
            <div>{{ f.field }}: {{ f.reason }}</div>
          }
        </div>
      }
      @if (view(); as v) {
        @if (v.canManage) {
          <div class="bar">
            <label>
              {{ i18n.t('evaluation.template') }}
              <select data-testid="template" #tpl>
                @for (t of templates; track t) {
                  <option [value]="t" [selected]="v.settings.template === t">{{ i18n.t('evaluation.template.' + t) }}</option>
                }
              </select>
            </label>
            <button type="button" data-testid="save-template" (click)="saveTemplate(tpl.value)">{{ i18n.t('evaluation.saveTemplate') }}</button>
            <span class="small">{{ dimensionList() }}</span>
          </div>
        } @else {
          <p class="rules">{{ i18n.t('evaluation.template') }}：{{ i18n.t('evaluation.template.' + v.settings.template) }} — {{ dimensionList() }}</p>
        }
        <p class="rules" data-testid="grade-rule">{{ i18n.t('evaluation.gradeRule', { excellent: v.settings.gradeRule.excellent, good: v.settings.gradeRule.good, medium: v.settings.gradeRule.medium }) }}</p>
        <p class="rules" data-testid="carry-rule">{{ carryRule(v.settings.carryOverRule) }}</p>
        @if (v.canManage) {
          <details class="rules-edit" data-testid="edit-rules">
            <summary>{{ i18n.t('evaluation.rulesEdit') }}</summary>
            <form (submit)="$event.preventDefault(); saveRules($event)">
              <fieldset>
                <legend>{{ i18n.t('evaluation.gradeThresholds') }}</legend>
                @for (g of thresholdGrades; track g) {
                  <label>{{ i18n.t('evaluation.grade.' + g) }} ≥<input [name]="'threshold-' + g" type="number" min="0" max="100" step="0.1" required [value]="v.settings.gradeRule[g]" [attr.data-testid]="'threshold-' + g" /></label>
                }
              </fieldset>
              <fieldset>
                <legend>{{ i18n.t('evaluation.carryOverEffects') }}</legend>
                @for (g of grades; track g) {
                  <label>
                    {{ i18n.t('evaluation.grade.' + g) }}
                    <select [name]="'effect-' + g" [attr.data-testid]="'effect-' + g">
                      @for (e of effects; track e) {
                        <option [value]="e" [selected]="v.settings.carryOverRule[g].effect === e">{{ i18n.t('evaluation.effectName.' + e) }}</option>
                      }
                    </select>
                  </label>
                  <label>{{ i18n.t('evaluation.cutPercent') }}<input [name]="'cut-' + g" type="number" min="10" max="100" step="1" [value]="cutPercent(v.settings.carryOverRule[g])" [attr.data-testid]="'cut-' + g" /></label>
                }
              </fieldset>
              <button type="submit" data-testid="save-rules">{{ i18n.t('evaluation.rulesSave') }}</button>
            </form>
          </details>
        }
        @if (v.stage !== 'evaluation') {
          <p class="notice" data-testid="stage-note">{{ i18n.t('evaluation.stageNote', { stage: i18n.t('stage.' + v.stage) }) }}</p>
        }
        @if (v.packages.length === 0) {
          <p class="muted" data-testid="evaluation-empty">{{ i18n.t('evaluation.none') }}</p>
        } @else {
          <table data-testid="evaluation-table">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('evaluation.col.package') }}</th>
                <th scope="col" class="num">{{ i18n.t('evaluation.col.allocated') }}</th>
                <th scope="col" class="num">{{ i18n.t('evaluation.col.execution') }}</th>
                <th scope="col" class="num">{{ i18n.t('evaluation.col.kpi') }}</th>
                @if (v.canManage) {
                  <th scope="col">{{ i18n.t('evaluation.col.scorers') }}</th>
                  <th scope="col" class="num">{{ i18n.t('evaluation.col.score') }}</th>
                  <th scope="col">{{ i18n.t('evaluation.col.grade') }}</th>
                }
                <th scope="col">{{ i18n.t('evaluation.col.mySheet') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (p of v.packages; track p.packageId) {
                <tr [attr.data-testid]="'evaluation-row-' + p.code">
                  <td><a [routerLink]="['/packages', p.packageId]">{{ p.code }}</a> <span translate="no">{{ p.title }}</span></td>
                  <td class="num">{{ wan(p.allocatedFen) }}</td>
                  <td class="num">{{ p.executionBasisPoints === null ? '—' : percent(p.executionBasisPoints) + ' %' }}</td>
                  <td class="num">{{ p.kpiCompletion === null ? '—' : percent(p.kpiCompletion * 10000) + ' %' }}</td>
                  @if (v.canManage) {
                    <td>
                      @for (s of p.scorers; track s.userId) {
                        <div><span translate="no">{{ s.name }}</span> <span class="small">{{ i18n.t('role.' + s.role) }} · {{ i18n.t(s.submitted ? 'evaluation.submitted' : 'evaluation.pending') }}</span></div>
                      } @empty {
                        <div class="small">{{ i18n.t('evaluation.noScorers') }}</div>
                      }
                      <details class="scorers" [attr.data-testid]="'assign-' + p.code">
                        <summary>{{ i18n.t('evaluation.assign') }}</summary>
                        <form (submit)="$event.preventDefault(); saveScorers(p, $event)">
                          @for (m of scorerCandidates(); track m.userId) {
                            <label><input type="checkbox" name="scorer" [value]="m.userId" [checked]="isScorer(p, m.userId)" /> <span translate="no">{{ m.email }}</span> <span class="small">{{ i18n.t('role.' + m.role) }}</span></label>
                          }
                          <button type="submit">{{ i18n.t('evaluation.saveScorers') }}</button>
                        </form>
                      </details>
                    </td>
                    <td class="num" [attr.data-testid]="'score-' + p.code">{{ formatScore(p.score?.score) }}</td>
                    <td>
                      @if (p.grade) {
                        <span class="grade" [class]="'grade grade-' + p.grade" [attr.data-testid]="'grade-' + p.code">{{ i18n.t('evaluation.grade.' + p.grade) }}</span>
                      } @else {
                        <span [attr.data-testid]="'grade-' + p.code">—</span>
                      }
                      @if (p.adjustment; as a) {
                        <div class="small">{{ i18n.t('evaluation.computed', { grade: p.computedGrade ? i18n.t('evaluation.grade.' + p.computedGrade) : '—' }) }}</div>
                        <div class="small">{{ i18n.t('evaluation.adjustedBecause') }} <span translate="no">{{ a.reason }}</span></div>
                      }
                      @if (!v.nextCycleId) {
                        <details [attr.data-testid]="'adjust-' + p.code">
                          <summary>{{ i18n.t('evaluation.adjust') }}</summary>
                          <form (submit)="$event.preventDefault(); adjust(p, $event)">
                            <select name="grade" [attr.aria-label]="i18n.t('evaluation.col.grade')">
                              @for (g of grades; track g) {
                                <option [value]="g" [selected]="p.grade === g">{{ i18n.t('evaluation.grade.' + g) }}</option>
                              }
                            </select>
                            <input name="reason" [attr.aria-label]="i18n.t('evaluation.reason')" [placeholder]="i18n.t('evaluation.reason')" required />
                            <button type="submit">{{ i18n.t('evaluation.saveGrade') }}</button>
                          </form>
                        </details>
                      }
                    </td>
                  }
                  <td>
                    @if (p.assignedToMe) {
                      @if (p.mySheet; as s) {
                        <div class="small" [attr.data-testid]="'my-sheet-' + p.code">{{ sheetSummary(s.scores) }}</div>
                      }
                      <details [open]="!p.mySheet && v.stage === 'evaluation'" [attr.data-testid]="'sheet-' + p.code">
                        <summary>{{ i18n.t(p.mySheet ? 'evaluation.rescore' : 'evaluation.score') }}</summary>
                        <form class="sheet" (submit)="$event.preventDefault(); submitSheet(p, $event)">
                          @for (d of v.dimensions; track d.key) {
                            <label>{{ i18n.t('evaluation.dim.' + d.key) }} ({{ d.weight }})
                              <input type="number" min="0" max="100" step="1" [name]="d.key" [value]="p.mySheet?.scores?.[d.key] ?? ''" required /></label>
                          }
                          <textarea name="comment" rows="2" [attr.aria-label]="i18n.t('evaluation.comment')" [placeholder]="i18n.t('evaluation.comment')">{{ p.mySheet?.comment ?? '' }}</textarea>
                          <button type="submit" class="primary" [disabled]="v.stage !== 'evaluation'">{{ i18n.t('evaluation.submit') }}</button>
                        </form>
                      </details>
                    } @else {
                      <span class="small">—</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
          @if (!v.canManage) {
            <p class="small">{{ i18n.t('evaluation.hiddenGrade') }}</p>
          }
        }
        @if (v.canManage) {
          <section class="next" data-testid="next-cycle">
            <h2>{{ i18n.t('evaluation.next.title') }}</h2>
            <p class="small">{{ i18n.t('evaluation.next.help') }}</p>
            @if (v.nextCycleId; as nextId) {
              <p role="status" data-testid="next-created">{{ i18n.t('evaluation.next.created') }} — <a [routerLink]="['/cycles', nextId, 'ranking']" data-testid="next-open">{{ i18n.t('evaluation.next.open') }}</a></p>
            } @else {
              <button type="button" data-testid="next-preview" (click)="loadPreview()">{{ i18n.t('evaluation.next.preview') }}</button>
            }
            @if (preview(); as pv) {
              <table data-testid="next-preview-table">
                <thead>
                  <tr>
                    <th scope="col">{{ i18n.t('evaluation.col.package') }}</th>
                    <th scope="col" class="num">{{ i18n.t('evaluation.col.allocated') }}</th>
                    <th scope="col">{{ i18n.t('evaluation.col.grade') }}</th>
                    <th scope="col">{{ i18n.t('evaluation.next.effect') }}</th>
                    <th scope="col" class="num">{{ i18n.t('evaluation.next.cap') }}</th>
                    <th scope="col">{{ i18n.t('evaluation.next.carried') }}</th>
                  </tr>
                </thead>
                <tbody>
                  @for (item of pv.items; track item.packageId) {
                    <tr [attr.data-testid]="'next-row-' + item.code">
                      <td>{{ item.code }} {{ item.title }}</td>
                      <td class="num">{{ wan(item.allocatedFen) }}</td>
                      <td>{{ item.grade ? i18n.t('evaluation.grade.' + item.grade) : '—' }}</td>
                      <td>{{ effectText({ effect: item.effect, cutBasisPoints: item.cutBasisPoints ?? undefined }) }}</td>
                      <td class="num">{{ item.capFen === null ? '—' : wan(item.capFen) }}</td>
                      <td>{{ i18n.t(item.carried ? 'evaluation.next.yes' : 'evaluation.next.no') }}</td>
                    </tr>
                  }
                </tbody>
              </table>
              @if (pv.ungraded > 0) {
                <p class="small">{{ i18n.t('evaluation.next.ungraded', { n: pv.ungraded }) }}</p>
              }
              @if (!v.nextCycleId) {
                <form class="bar" (submit)="$event.preventDefault(); createNext(nextName.value)">
                  <label>{{ i18n.t('evaluation.next.name') }} <input #nextName data-testid="next-name" required [value]="suggestedName(v.cycleName)" /></label>
                  <button type="submit" class="primary" data-testid="next-create">{{ i18n.t('evaluation.next.create') }}</button>
                </form>
              }
            }
          </section>
        }
      } @else if (!problem()) {
        <p class="muted">{{ i18n.t('common.loading') }}</p>
      }
    </main>
  `,
})
export class EvaluationPage {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  private readonly http = inject(ApiHttp);
  protected readonly view = signal<PerformanceView | null>(null);
  protected readonly preview = signal<NextCyclePreview | null>(null);
  protected readonly members = signal<Member[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly templates = EVALUATION_TEMPLATES;
  protected readonly grades = GRADES;
  /** a third-party evaluator does not read the cycle's package list: its way back is the list of cycles */
  protected readonly readsCycle = computed(() => canReadCycle(this.session.user()?.memberships ?? [], this.cycleId()));
  protected readonly thresholdGrades = ['excellent', 'good', 'medium'] as const;
  protected readonly effects = CARRY_OVER_EFFECTS;
  protected readonly wan = formatWanYuan;
  protected readonly percent = formatBasisPoints;
  protected readonly formatScore = formatScore;

  protected readonly scorerCandidates = computed(() => this.members().filter((m) => m.role === 'reviewer' || m.role === 'evaluator'));
  protected readonly dimensionList = computed(() => (this.view()?.dimensions ?? []).map((d) => `${this.i18n.t('evaluation.dim.' + d.key)} ${d.weight}`).join(' · '));

  constructor() {
    effect(() => this.load(this.cycleId()));
    // a scorer's sheet or a grade changed: the server pushes the package as this user may read it
    inject(Realtime)
      .on<{ cycleId: string; package?: PackagePerformanceView; removed?: string }>('performance:package')
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe((e) => {
        if (e.cycleId !== this.cycleId()) return;
        this.view.update((v) => {
          if (!v) return v;
          if (e.removed) return { ...v, packages: v.packages.filter((p) => p.packageId !== e.removed) };
          const pushed = e.package;
          if (!pushed) return v;
          const known = v.packages.some((p) => p.packageId === pushed.packageId);
          return { ...v, packages: known ? v.packages.map((p) => (p.packageId === pushed.packageId ? pushed : p)) : [...v.packages, pushed].sort((a, b) => a.code.localeCompare(b.code)) };
        });
      });
  }

  private load(id: string): void {
    this.http.get<PerformanceView>(`/api/cycles/${id}/performance`).subscribe({
      next: (v) => {
        this.view.set(v);
        if (v.canManage) this.http.get<Member[]>(`/api/cycles/${id}/memberships`).subscribe((m) => this.members.set(m));
      },
      error: (e) => this.problem.set(toProblem(e)),
    });
  }

  private done(): { next: () => void; error: (e: unknown) => void } {
    return {
      next: () => {
        this.problem.set(null);
        this.load(this.cycleId());
      },
      error: (e) => this.problem.set(toProblem(e)),
    };
  }

  protected isScorer(p: PackagePerformanceView, userId: string): boolean {
    return p.scorers.some((s) => s.userId === userId);
  }

  /** the grade thresholds and the carry-over rule from the form (a cut's percentage applies only to the grades whose effect is a cut) */
  protected saveRules(event: Event): void {
    const v = this.view();
    if (!v) return;
    const data = new FormData(event.target as HTMLFormElement);
    const threshold = (g: string) => Number(data.get('threshold-' + g));
    const gradeRule = { excellent: threshold('excellent'), good: threshold('good'), medium: threshold('medium') };
    const carryOverRule = Object.fromEntries(
      GRADES.map((g) => {
        const effect = String(data.get('effect-' + g)) as GradeEffect['effect'];
        return [g, effect === 'cut' ? { effect, cutBasisPoints: Math.round(Number(data.get('cut-' + g)) * 100) } : { effect }];
      }),
    ) as CarryOverRule;
    this.http.put(`/api/cycles/${this.cycleId()}/performance/settings`, { template: v.settings.template, gradeRule, carryOverRule }).subscribe(this.done());
  }

  protected cutPercent(e: GradeEffect): number {
    return (e.cutBasisPoints ?? MIN_CUT_BASIS_POINTS) / 100;
  }

  protected saveTemplate(template: string): void {
    this.http.put(`/api/cycles/${this.cycleId()}/performance/settings`, { template }).subscribe(this.done());
  }

  protected saveScorers(p: PackagePerformanceView, event: Event): void {
    const form = event.target as HTMLFormElement;
    const userIds = Array.from(form.querySelectorAll<HTMLInputElement>('input[name=scorer]:checked'), (i) => i.value);
    this.http.put(`/api/packages/${p.packageId}/performance/scorers`, { userIds }).subscribe(this.done());
  }

  protected submitSheet(p: PackagePerformanceView, event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    const scores: Record<string, number> = {};
    for (const d of this.view()?.dimensions ?? []) scores[d.key] = Number(data.get(d.key));
    this.http.put(`/api/packages/${p.packageId}/performance/sheet`, { scores, comment: String(data.get('comment') ?? '') }).subscribe(this.done());
  }

  protected adjust(p: PackagePerformanceView, event: Event): void {
    const data = new FormData(event.target as HTMLFormElement);
    this.http.put(`/api/packages/${p.packageId}/performance/grade`, { grade: data.get('grade'), reason: data.get('reason') }).subscribe(this.done());
  }

  protected loadPreview(): void {
    this.http.get<NextCyclePreview>(`/api/cycles/${this.cycleId()}/next-cycle/preview`).subscribe({ next: (p) => this.preview.set(p), error: (e) => this.problem.set(toProblem(e)) });
  }

  protected createNext(name: string): void {
    this.http.post<{ cycleId: string }>(`/api/cycles/${this.cycleId()}/next-cycle`, { name }).subscribe(this.done());
  }

  protected sheetSummary(scores: Record<string, number>): string {
    return (this.view()?.dimensions ?? []).map((d) => `${this.i18n.t('evaluation.dim.' + d.key)} ${scores[d.key] ?? '—'}`).join(' · ');
  }

  protected effectText(e: GradeEffect): string {
    return this.i18n.t('evaluation.effect.' + e.effect, { percent: formatBasisPoints(e.cutBasisPoints ?? 0) });
  }

  protected carryRule(rule: CarryOverRule): string {
    const rules = GRADES.map((g) => `${this.i18n.t('evaluation.grade.' + g)} → ${this.effectText(rule[g])}`).join('；');
    return this.i18n.t('evaluation.carryRule', { rules });
  }

  protected suggestedName(name: string): string {
    const match = /(\d{4})/.exec(name);
    return match ? name.replace(match[1], String(Number(match[1]) + 1)) : `${name} +1`;
  }
}
