import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { canMovePackage, PACKAGE_STAGES, type PackageStage, type PackageView } from '@zerobase/domain';
import { toProblem, type ApiProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { STAGE_MOVE_MESSAGES } from './stage-move.messages';

registerMessages(STAGE_MOVE_MESSAGES);

interface BlockingConflict {
  id: string;
  kind: string;
  packageId: string;
  departments: string[];
}

/**
 * The package's stage and the moves this user may make (submit, withdraw, or any move for a
 * coordinator). A refusal by the stage gate lists the conflicts that block it, with links to them.
 */
@Component({
  selector: 'zb-package-stage',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="stage" data-testid="package-stage" [attr.aria-label]="i18n.t('stageMove.title')">
      <p>
        {{ i18n.t('stageMove.current') }} <strong data-testid="current-stage">{{ i18n.t('stage.' + pkg().stage) }}</strong>
      </p>
      <div class="moves">
        @if (may('drafting', 'review')) {
          <button type="button" class="primary" [disabled]="busy()" (click)="move('review')" data-testid="submit-review">{{ i18n.t('stageMove.submit') }}</button>
        }
        @if (may('review', 'drafting')) {
          <button type="button" [disabled]="busy()" (click)="move('drafting')" data-testid="withdraw">{{ i18n.t('stageMove.withdraw') }}</button>
        }
        @if (coordinator()) {
          <label for="stage-target">{{ i18n.t('stageMove.moveTo') }}</label>
          <select id="stage-target" #target data-testid="stage-target">
            @for (s of stages; track s) {
              @if (s !== pkg().stage) {
                <option [value]="s">{{ i18n.t('stage.' + s) }}</option>
              }
            }
          </select>
          <button type="button" [disabled]="busy()" (click)="move($any(target.value))" data-testid="stage-move">{{ i18n.t('stageMove.move') }}</button>
        }
      </div>
      <div role="status" aria-live="polite">
        @if (moved(); as stage) {
          <p class="ok" data-testid="stage-moved">{{ i18n.t('stageMove.done', { stage: i18n.t('stage.' + stage) }) }}</p>
        }
      </div>
      @if (problem(); as p) {
        <div class="error" role="alert" data-testid="stage-refused">
          @if (blocking().length > 0) {
            <p>{{ i18n.t('stageMove.blocked', { n: blocking().length }) }}</p>
            <ul>
              @for (c of blocking(); track c.id) {
                <li data-testid="blocking-conflict">
                  <a [routerLink]="['/cycles', pkg().cycleId, 'conflicts']" [queryParams]="{ conflict: c.id, package: c.packageId }">{{ i18n.t('conflictKind.' + c.kind) }}</a>
                  @if (c.departments.length) {
                    <span>（{{ names(c.departments) }}）</span>
                  }
                </li>
              }
            </ul>
          } @else {
            <p>{{ i18n.t(p.key, p.params) }}</p>
          }
        </div>
      }
    </section>
  `,
  styles: `
    .stage { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.25rem 0.8rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem; }
    .stage p { margin: 0; }
    .stage > [role='status']:empty { display: none; }
    .moves { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
    .ok { color: var(--high); font-weight: 600; }
    ul { margin: 0.3rem 0 0; }
  `,
})
export class PackageStageControl {
  readonly pkg = input.required<PackageView>();
  readonly changed = output<PackageView>();
  protected readonly i18n = inject(I18n);
  private readonly departments = inject(DepartmentsStore);
  private readonly session = inject(Session);
  private readonly http = inject(ApiHttp);
  protected readonly stages = PACKAGE_STAGES;
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly moved = signal<PackageStage | null>(null);
  protected readonly blocking = computed(() => ((this.problem()?.details['conflicts'] as BlockingConflict[] | undefined) ?? []).filter((c) => c && c.id));
  private readonly memberships = computed(() => this.session.user()?.memberships ?? []);
  protected readonly coordinator = computed(() => this.memberships().some((m) => m.cycleId === this.pkg().cycleId && m.role === 'coordinator'));

  constructor() {
    this.departments.load();
  }

  protected may(from: PackageStage, to: PackageStage): boolean {
    const p = this.pkg();
    if (p.stage !== from) return false;
    const ids = p.departments.map((code) => this.departments.all().find((d) => d.code === code)?.id ?? code);
    return canMovePackage(this.memberships(), { cycleId: p.cycleId, departmentIds: ids, published: p.published }, from, to);
  }

  protected names(codes: string[]): string {
    return codes.map((c) => this.departments.name(c)).join(this.i18n.t('common.listSeparator'));
  }

  protected move(stage: PackageStage): void {
    this.busy.set(true);
    this.problem.set(null);
    this.moved.set(null);
    this.http.patch<PackageView>(`/api/packages/${this.pkg().id}`, { version: this.pkg().version, stage }).subscribe({
      next: (pkg) => {
        this.busy.set(false);
        this.moved.set(pkg.stage);
        this.changed.emit(pkg);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.problem.set(toProblem(error));
      },
    });
  }
}
