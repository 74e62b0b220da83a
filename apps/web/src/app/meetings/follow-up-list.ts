import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { isCoordinator, liaisonDepartments } from '@zerobase/domain';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import type { FollowUp } from './meeting-types';
import { MEETINGS_MESSAGES } from './meetings.messages';

registerMessages(MEETINGS_MESSAGES);

/** /cycles/:cycleId/follow-ups — follow-up actions by department, overdue flagged, marked done by their owner. */
@Component({
  selector: 'zb-follow-up-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .state { padding: 0 0.45rem; border-radius: 3px; font-size: 0.8rem; color: white; background: var(--low); }
    .state.overdue { background: var(--accent); }
    .state.done { background: var(--high); }
    .filter { margin: 0.6rem 0; }
  `,
  template: `
    <main class="page">
      <a [routerLink]="['/cycles', cycleId(), 'meetings']">← {{ i18n.t('meetings.back') }}</a>
      <h1>{{ i18n.t('followUps.title') }}</h1>
      <div class="filter">
        <select (change)="department.set($any($event.target).value)" [attr.aria-label]="i18n.t('meetings.owner')" data-testid="follow-up-department">
          <option value="">{{ i18n.t('packages.allDepartments') }}</option>
          @for (d of departments.all(); track d.id) {
            <option [value]="d.code">{{ departments.name(d.code) }}</option>
          }
        </select>
      </div>
      <table data-testid="follow-up-list">
        <thead>
          <tr>
            <th>{{ i18n.t('meetings.followUp') }}</th>
            <th>{{ i18n.t('meetings.owner') }}</th>
            <th>{{ i18n.t('meetings.due') }}</th>
            <th>{{ i18n.t('followUps.meeting') }}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (f of shown(); track f.id) {
            <tr [attr.data-state]="f.state">
              <td translate="no">{{ f.description }}</td>
              <td>{{ departments.name(f.department) }}</td>
              <td>{{ f.dueDate }}</td>
              <td><a [routerLink]="['/meetings', f.meetingId]" translate="no">{{ f.meetingTitle }}</a></td>
              <td>
                <span class="state" [class.overdue]="f.state === 'overdue'" [class.done]="f.state === 'done'">{{ i18n.t('followUps.state.' + f.state) }}</span>
                @if (f.state !== 'done' && mayMark(f.department)) {
                  <button type="button" (click)="done(f)">{{ i18n.t('followUps.markDone') }}</button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </main>
  `,
})
export class FollowUpList {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly session = inject(Session);
  protected readonly items = signal<FollowUp[]>([]);
  protected readonly department = signal('');
  protected readonly shown = computed(() => this.items().filter((f) => !this.department() || f.department === this.department()));

  constructor() {
    this.departments.load();
    effect(() => {
      const cycleId = this.cycleId();
      untracked(() => this.http.get<FollowUp[]>(`/api/cycles/${cycleId}/follow-ups`).subscribe((list) => this.items.set(list)));
    });
  }

  protected mayMark(code: string): boolean {
    const memberships = this.session.user()?.memberships ?? [];
    if (isCoordinator(memberships, this.cycleId())) return true;
    const id = this.departments.all().find((d) => d.code === code)?.id;
    return !!id && liaisonDepartments(memberships, this.cycleId()).has(id);
  }

  protected done(f: FollowUp): void {
    this.http.post<FollowUp>(`/api/follow-ups/${f.id}/done`, {}).subscribe((updated) => this.items.update((list) => list.map((x) => (x.id === f.id ? { ...x, ...updated } : x))));
  }
}
