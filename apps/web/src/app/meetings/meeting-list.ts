import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { isCoordinator } from '@zerobase/domain';
import { toProblem } from '../core/api-error';
import type { PackageSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import type { Meeting, MeetingSummary } from './meeting-types';
import { MEETINGS_MESSAGES } from './meetings.messages';

registerMessages(MEETINGS_MESSAGES);

/** /cycles/:cycleId/meetings — the cycle's meetings; coordinators schedule new ones. */
@Component({
  selector: 'zb-meeting-list',
  imports: [RouterLink, FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin: 1rem 0; }
    label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.85rem; color: var(--muted); margin-bottom: 0.6rem; }
    .choices { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; max-height: 12rem; overflow: auto; }
    .choices label { flex-direction: row; align-items: center; color: var(--ink); margin: 0; }
    .row { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: 0 1rem; }
    textarea { font: inherit; border: 1px solid var(--line); border-radius: 4px; padding: 0.4rem; }
  `,
  template: `
    <main class="page">
      <a [routerLink]="['/cycles', cycleId()]">← {{ i18n.t('packages.back') }}</a>
      <h1>{{ i18n.t('meetings.title') }}</h1>
      <a [routerLink]="['/cycles', cycleId(), 'follow-ups']" data-testid="follow-ups-link">{{ i18n.t('followUps.title') }} →</a>
      <table data-testid="meeting-list">
        <thead>
          <tr>
            <th>{{ i18n.t('meetings.name') }}</th>
            <th>{{ i18n.t('meetings.time') }}</th>
            <th>{{ i18n.t('meetings.place') }}</th>
            <th>{{ i18n.t('meetings.invited') }}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (m of meetings(); track m.id) {
            <tr>
              <td><a [routerLink]="['/meetings', m.id]" translate="no">{{ m.title }}</a></td>
              <td>{{ time(m.scheduledAt) }}</td>
              <td translate="no">{{ m.place }}</td>
              <td>{{ names(m.invitedDepartments) }}</td>
              <td>{{ i18n.t('meetings.status.' + m.status) }}</td>
            </tr>
          } @empty {
            <tr><td colspan="5" class="muted">{{ i18n.t('meetings.none') }}</td></tr>
          }
        </tbody>
      </table>
      @if (coordinator()) {
        <section data-testid="schedule-form">
          <h2>{{ i18n.t('meetings.schedule') }}</h2>
          <div class="row">
            <label>{{ i18n.t('meetings.name') }}<input [(ngModel)]="title" data-testid="meeting-name" /></label>
            <label>{{ i18n.t('meetings.time') }}<input type="datetime-local" [(ngModel)]="when" data-testid="meeting-time" /></label>
            <label>{{ i18n.t('meetings.place') }}<input [(ngModel)]="place" data-testid="meeting-place" /></label>
          </div>
          <label>{{ i18n.t('meetings.invited') }}</label>
          <div class="choices">
            @for (d of departments.all(); track d.id) {
              <label><input type="checkbox" [attr.data-dept]="d.code" (change)="toggle(invited, d.code, $any($event.target).checked)" />{{ departments.name(d.code) }}</label>
            }
          </div>
          <label style="margin-top: 0.6rem">{{ i18n.t('meetings.agenda') }}</label>
          <div class="choices">
            @for (p of packages(); track p.id) {
              <label><input type="checkbox" [attr.data-package]="p.code" (change)="toggle(agenda, p.id, $any($event.target).checked)" /><span translate="no">{{ p.code }} {{ p.title }}</span></label>
            }
          </div>
          <label style="margin-top: 0.6rem">{{ i18n.t('meetings.freeItem') }}<textarea rows="2" [(ngModel)]="freeItems" data-testid="free-items"></textarea></label>
          @if (error(); as e) {
            <p class="error">{{ e }}</p>
          }
          <button type="button" class="primary" data-testid="create-meeting" (click)="create()">{{ i18n.t('meetings.create') }}</button>
        </section>
      }
    </main>
  `,
})
export class MeetingList {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly meetings = signal<MeetingSummary[]>([]);
  protected readonly packages = signal<PackageSummary[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly coordinator = computed(() => isCoordinator(this.session.user()?.memberships ?? [], this.cycleId()));
  protected title = '';
  protected place = '';
  protected when = '';
  protected freeItems = '';
  protected readonly invited: string[] = [];
  protected readonly agenda: string[] = [];

  constructor() {
    this.departments.load();
    effect(() => {
      const cycleId = this.cycleId();
      untracked(() => {
        this.http.get<MeetingSummary[]>(`/api/cycles/${cycleId}/meetings`).subscribe((list) => this.meetings.set(list));
        this.http.get<PackageSummary[]>(`/api/cycles/${cycleId}/packages`).subscribe((list) => this.packages.set(list));
      });
    });
  }

  protected toggle(list: string[], value: string, on: boolean): void {
    const at = list.indexOf(value);
    if (on && at < 0) list.push(value);
    if (!on && at >= 0) list.splice(at, 1);
  }

  protected names(codes: string[]): string {
    return codes.map((c) => this.departments.name(c)).join('、');
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN');
  }

  protected create(): void {
    const free = this.freeItems.split('\n').map((t) => t.trim()).filter(Boolean);
    const body = {
      title: this.title,
      place: this.place,
      scheduledAt: this.when ? new Date(this.when).toISOString() : new Date().toISOString(),
      invitedDepartments: this.invited,
      agenda: [...this.agenda.map((packageId) => ({ packageId })), ...free.map((title) => ({ title }))],
    };
    this.http.post<Meeting>(`/api/cycles/${this.cycleId()}/meetings`, body).subscribe({
      next: (m) => void this.router.navigate(['/meetings', m.id]),
      error: (e: unknown) => {
        const problem = toProblem(e);
        this.error.set(this.i18n.t(problem.key, problem.params));
      },
    });
  }
}
