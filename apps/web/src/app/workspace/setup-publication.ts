import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ALLOCATION_STAGES, MAX_WITHDRAW_REASON_LENGTH, type CycleStage, type PackageView, type PublicationRecord } from '@zerobase/domain';
import { forkJoin } from 'rxjs';
import { toProblem, type ApiProblem } from '../core/api-error';
import type { CycleSummary } from '../core/api-types';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { DISCLOSURE_MESSAGES } from '../disclosure/disclosure.messages';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(DISCLOSURE_MESSAGES);
registerMessages(WORKSPACE_MESSAGES);

interface PublicationData {
  cycle: CycleSummary;
  publications: PublicationRecord[];
  packages: PackageView[];
}

/**
 * Public disclosure of a cycle (set-up, coordinators): what the public page shows now, publishing
 * for the current stage, withdrawing with a reason, the packages shown before allocation, and
 * every publication so far.
 */
@Component({
  selector: 'zb-setup-publication',
  imports: [LoadState, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .status { background: var(--bg); border-left: 4px solid var(--low); padding: 0.6rem 0.9rem; margin-bottom: 1rem; }
    .status.live { border-left-color: var(--high); }
    .status p { margin: 0.2rem 0; }
    .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem 1.6rem; margin-bottom: 1.2rem; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 1rem 1rem; margin: 0; }
    legend { font-weight: 600; padding: 0 0.3rem; }
    label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 600; margin-bottom: 0.6rem; }
    textarea { font-weight: normal; min-height: 3.5rem; resize: vertical; }
    .field-error { font-weight: normal; color: var(--accent); }
    .ok { color: var(--high); font-weight: 600; }
    .check { text-align: center; }
    h3 { margin: 1.2rem 0 0.5rem; font-size: 1.05rem; }
  `,
  template: `
    <section class="panel" data-testid="setup-publication">
      <h2>{{ i18n.t('setup.publication') }}</h2>
      <zb-load-state [of]="data" />
      @if (data.value(); as d) {
        @if (current(); as c) {
          <div class="status live" data-testid="publication-status" data-state="public">
            <p>
              <strong>{{ i18n.t('publication.live', { stage: i18n.t('stage.' + c.stage), n: c.packages }) }}</strong>
            </p>
            <p class="muted">{{ i18n.t('publication.since', { time: time(c.publishedAt) }) }}</p>
            <p><a [routerLink]="['/public/cycles', d.cycle.id]" data-testid="public-link">{{ i18n.t('public.view') }}</a></p>
          </div>
        } @else {
          <div class="status" data-testid="publication-status" data-state="none">
            <p><strong>{{ i18n.t('publication.none') }}</strong></p>
            @if (lastWithdrawn(); as w) {
              <p class="muted">{{ i18n.t('publication.withdrawnOn', { time: time(w.withdrawnAt!) }) }}</p>
              <p class="muted" translate="no">{{ w.withdrawReason }}</p>
            }
          </div>
        }
        <div class="actions">
          <fieldset>
            <legend>{{ i18n.t('publication.publishTitle') }}</legend>
            <p class="muted">{{ i18n.t(allocationStage() ? 'publication.publishAllocation' : 'publication.publishBefore') }}</p>
            <button type="button" class="primary" (click)="publish()" [disabled]="busy()" data-testid="publish-cycle">
              {{ i18n.t('publication.publish', { stage: i18n.t('stage.' + d.cycle.stage) }) }}
            </button>
          </fieldset>
          <form #withdrawForm (submit)="withdraw($event, withdrawForm)" novalidate>
            <fieldset>
              <legend>{{ i18n.t('publication.withdrawTitle') }}</legend>
              <label>
                {{ i18n.t('publication.reason') }}
                <textarea name="reason" [attr.maxlength]="maxReason" [attr.aria-invalid]="reasonInvalid()" [disabled]="!current()" data-testid="withdraw-reason"></textarea>
                @if (reasonInvalid()) {
                  <small class="field-error">{{ i18n.t('publication.reasonRequired') }}</small>
                }
              </label>
              <button type="submit" [disabled]="busy() || !current()" data-testid="withdraw-cycle">{{ i18n.t('publication.withdraw') }}</button>
            </fieldset>
          </form>
        </div>
        <div role="status" aria-live="polite">
          @if (done(); as key) {
            <p class="ok" data-testid="publication-done">{{ i18n.t(key) }}</p>
          }
        </div>
        @if (problem(); as p) {
          <p class="error" role="alert" data-testid="publication-error">{{ i18n.t(p.key, p.params) }}</p>
        }

        <h3>{{ i18n.t('publication.history') }}</h3>
        @if (d.publications.length === 0) {
          <p class="muted" data-testid="publication-history-empty">{{ i18n.t('publication.historyEmpty') }}</p>
        } @else {
          <table data-testid="publication-history">
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('publication.publishedAt') }}</th>
                <th scope="col">{{ i18n.t('cycles.stage') }}</th>
                <th scope="col" class="num">{{ i18n.t('publication.packageCount') }}</th>
                <th scope="col">{{ i18n.t('publication.state') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (p of d.publications; track p.id) {
                <tr data-testid="publication-row" [attr.data-state]="p.current ? 'current' : p.withdrawnAt ? 'withdrawn' : 'superseded'">
                  <td>{{ time(p.publishedAt) }}</td>
                  <td>{{ i18n.t('stage.' + p.stage) }}</td>
                  <td class="num">{{ p.packages }}</td>
                  <td>
                    @if (p.current) {
                      {{ i18n.t('publication.stateCurrent') }}
                    } @else if (p.withdrawnAt) {
                      {{ i18n.t('publication.stateWithdrawn', { time: time(p.withdrawnAt) }) }}
                      <div class="muted" translate="no">{{ p.withdrawReason }}</div>
                    } @else {
                      {{ i18n.t('publication.stateSuperseded') }}
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        }

        <h3>{{ i18n.t('publication.packagesTitle') }}</h3>
        <p class="muted">{{ i18n.t('publication.packagesHint') }}</p>
        <table data-testid="publication-packages">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('packages.code') }}</th>
              <th scope="col">{{ i18n.t('packages.name') }}</th>
              <th scope="col">{{ i18n.t('cycles.stage') }}</th>
              <th scope="col" class="check">{{ i18n.t('publication.shown') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (p of d.packages; track p.id) {
              <tr data-testid="publication-package" [attr.data-code]="p.code">
                <td translate="no">{{ p.code }}</td>
                <td translate="no">{{ p.title }}</td>
                <td>{{ i18n.t('stage.' + p.stage) }}</td>
                <td class="check">
                  <input type="checkbox" [checked]="p.published" (change)="setShown(p, $any($event.target))" [attr.aria-label]="i18n.t('publication.showPackage', { code: p.code })" [attr.data-testid]="'shown-' + p.code" />
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    </section>
  `,
})
export class SetupPublication {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  protected readonly data = new Loadable<PublicationData>();
  protected readonly maxReason = MAX_WITHDRAW_REASON_LENGTH;
  protected readonly busy = signal(false);
  protected readonly reasonInvalid = signal(false);
  protected readonly done = signal<'publication.published' | 'publication.withdrawn' | 'setup.saved' | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly current = computed(() => this.data.value()?.publications.find((p) => p.current) ?? null);
  protected readonly lastWithdrawn = computed(() => this.data.value()?.publications.find((p) => p.withdrawnAt !== null) ?? null);
  protected readonly allocationStage = computed(() => ALLOCATION_STAGES.includes((this.data.value()?.cycle.stage ?? 'drafting') as CycleStage));

  constructor() {
    effect(() => {
      const id = this.cycleId();
      this.data.load(() =>
        forkJoin({
          cycle: this.http.get<CycleSummary>(`/api/cycles/${id}`),
          publications: this.http.get<PublicationRecord[]>(`/api/cycles/${id}/publications`),
          packages: this.http.get<PackageView[]>(`/api/cycles/${id}/packages`),
        }),
      );
    });
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  }

  private start(): void {
    this.busy.set(true);
    this.done.set(null);
    this.problem.set(null);
  }

  private fail(error: unknown): void {
    this.busy.set(false);
    this.problem.set(toProblem(error));
  }

  private refreshPublications(done: 'publication.published' | 'publication.withdrawn'): void {
    this.http.get<PublicationRecord[]>(`/api/cycles/${this.cycleId()}/publications`).subscribe({
      next: (publications) => {
        this.data.value.update((d) => (d ? { ...d, publications } : d));
        this.busy.set(false);
        this.done.set(done);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected publish(): void {
    if (this.busy()) return;
    this.start();
    this.http.post(`/api/cycles/${this.cycleId()}/publications`, {}).subscribe({
      next: () => this.refreshPublications('publication.published'),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected withdraw(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    if (this.busy()) return;
    const field = form.querySelector<HTMLTextAreaElement>('textarea[name=reason]');
    const reason = (field?.value ?? '').trim();
    this.reasonInvalid.set(reason === '');
    if (!reason) {
      field?.focus();
      return;
    }
    this.start();
    this.http.post<PublicationRecord[]>(`/api/cycles/${this.cycleId()}/publications/withdraw`, { reason }).subscribe({
      next: (publications) => {
        this.data.value.update((d) => (d ? { ...d, publications } : d));
        this.busy.set(false);
        this.done.set('publication.withdrawn');
        form.reset();
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  /** Marks a package shown (or not) on the public page before allocation; the box follows what the server kept. */
  protected setShown(pkg: PackageView, box: HTMLInputElement): void {
    const shown = box.checked;
    this.done.set(null);
    this.problem.set(null);
    this.http.patch<PackageView>(`/api/packages/${pkg.id}`, { version: pkg.version, published: shown }).subscribe({
      next: (next) => {
        this.data.value.update((d) => (d ? { ...d, packages: d.packages.map((p) => (p.id === next.id ? next : p)) } : d));
        this.done.set('setup.saved');
      },
      error: (error: unknown) => {
        box.checked = pkg.published; // back to what is stored
        this.problem.set(toProblem(error));
      },
    });
  }
}
