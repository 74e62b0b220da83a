import { ApiHttp } from '../core/api-http';
import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MIN_PASSWORD_LENGTH, passwordProblem, ROLES, type MembershipView, type Role, type UserView } from '@zerobase/domain';
import { forkJoin, switchMap, tap, type Observable } from 'rxjs';
import { toProblem, type ApiProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { RANKING_MESSAGES } from '../ranking/ranking.messages';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(RANKING_MESSAGES);
registerMessages(WORKSPACE_MESSAGES);

interface MembersData {
  members: MembershipView[];
  users: UserView[];
}

/** What a membership form asks the server for: the role, and the department only for a liaison. */
function membershipBody(userId: string, role: Role, department: string): { userId: string; role: Role; department?: string } {
  return { userId, role, ...(role === 'liaison' && department ? { department } : {}) };
}

/**
 * The members of a cycle (set-up, coordinators): who has which role, removing one, adding an
 * existing person, and creating a person who can sign in at once with an initial password.
 */
@Component({
  selector: 'zb-setup-members',
  imports: [LoadState, NgTemplateOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem 1.6rem; margin-top: 1rem; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 1rem 1rem; margin: 0; }
    legend { font-weight: 600; padding: 0 0.3rem; }
    label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 600; margin-bottom: 0.7rem; }
    label small, .hint { font-weight: normal; color: var(--muted); }
    .field-error { font-weight: normal; color: var(--accent); }
    input, select { font-weight: normal; }
    .ok { color: var(--high); font-weight: 600; }
  `,
  template: `
    <!-- the role in the cycle, and the department it speaks for (liaisons only), in both forms -->
    <ng-template #roleFields let-role="role" let-prefix="prefix">
      <label>
        {{ i18n.t('setup.role') }}
        <select name="role" (change)="role.set($any($event.target).value)" [attr.data-testid]="prefix + '-role'">
          @for (r of roles; track r) {
            <option [value]="r" [selected]="r === role()">{{ i18n.t('role.' + r) }}</option>
          }
        </select>
      </label>
      <label>
        {{ i18n.t('setup.liaisonDepartment') }}
        <select name="department" [disabled]="role() !== 'liaison'" [attr.data-testid]="prefix + '-department'">
          @for (dep of departments.all(); track dep.code) {
            <option [value]="dep.code">{{ departments.name(dep.code) }}</option>
          }
        </select>
      </label>
    </ng-template>
    <section class="panel" data-testid="setup-members">
      <h2>{{ i18n.t('setup.members') }}</h2>
      <zb-load-state [of]="data" />
      @if (data.value(); as d) {
        <table data-testid="member-table">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('setup.person') }}</th>
              <th scope="col">{{ i18n.t('login.email') }}</th>
              <th scope="col">{{ i18n.t('setup.role') }}</th>
              <th scope="col">{{ i18n.t('ranking.department') }}</th>
              <th scope="col"><span class="sr-only">{{ i18n.t('setup.remove') }}</span></th>
            </tr>
          </thead>
          <tbody>
            @for (m of d.members; track m.id) {
              <tr data-testid="member-row" [attr.data-email]="m.email">
                <td translate="no">{{ nameOf(d, m.userId) }}</td>
                <td translate="no">{{ m.email }}</td>
                <td>{{ i18n.t('role.' + m.role) }}</td>
                <td>{{ m.department ? departments.name(m.department) : '—' }}</td>
                <td><button type="button" (click)="remove(m)" [attr.aria-label]="i18n.t('setup.removeMember', { email: m.email })">{{ i18n.t('setup.remove') }}</button></td>
              </tr>
            }
          </tbody>
        </table>
        <div class="forms">
          <form #existingForm (submit)="addExisting($event, existingForm)" data-testid="add-member-form">
            <fieldset>
              <legend>{{ i18n.t('setup.addMember') }}</legend>
              <label>
                {{ i18n.t('setup.user') }}
                <select name="user" data-testid="member-user">
                  @for (u of d.users; track u.id) {
                    <option [value]="u.id" translate="no">{{ u.displayName }} · {{ u.email }}</option>
                  }
                </select>
              </label>
              <ng-container *ngTemplateOutlet="roleFields; context: { role: existingRole, prefix: 'existing' }" />
              <button type="submit" class="primary">{{ i18n.t('setup.add') }}</button>
            </fieldset>
          </form>
          <form #newForm (submit)="addNew($event, newForm)" novalidate data-testid="new-member-form">
            <fieldset>
              <legend>{{ i18n.t('setup.newPerson') }}</legend>
              <p class="hint">{{ i18n.t('setup.newPersonHint') }}</p>
              <label>
                {{ i18n.t('setup.displayName') }}
                <input name="displayName" autocomplete="off" [attr.aria-invalid]="invalid().has('displayName')" data-testid="new-name" />
                @if (invalid().has('displayName')) {
                  <small class="field-error">{{ i18n.t('setup.nameRequired') }}</small>
                }
              </label>
              <label>
                {{ i18n.t('login.email') }}
                <input name="email" type="email" autocomplete="off" [attr.aria-invalid]="invalid().has('email')" data-testid="new-email" />
                @if (invalid().has('email')) {
                  <small class="field-error">{{ i18n.t('setup.emailInvalid') }}</small>
                }
              </label>
              <label>
                {{ i18n.t('setup.initialPassword') }}
                <input name="password" type="password" autocomplete="new-password" [attr.aria-invalid]="invalid().has('password')" aria-describedby="new-password-hint" data-testid="new-password" />
                <small id="new-password-hint">{{ i18n.t('setup.passwordHint', { n: minPassword }) }}</small>
                @if (invalid().has('password')) {
                  <small class="field-error">{{ i18n.t('setup.passwordWeak', { n: minPassword }) }}</small>
                }
              </label>
              <label>
                {{ i18n.t('setup.worksIn') }}
                <select name="worksIn" data-testid="new-works-in">
                  <option value="">—</option>
                  @for (dep of departments.all(); track dep.code) {
                    <option [value]="dep.code">{{ departments.name(dep.code) }}</option>
                  }
                </select>
              </label>
              <ng-container *ngTemplateOutlet="roleFields; context: { role: newRole, prefix: 'new' }" />
              <button type="submit" class="primary" [disabled]="busy()" data-testid="new-member-submit">{{ i18n.t('setup.createAndAdd') }}</button>
            </fieldset>
          </form>
        </div>
        <div role="status" aria-live="polite">
          @if (added(); as email) {
            <p class="ok" data-testid="member-added">{{ i18n.t('setup.memberAdded', { email }) }}</p>
          }
        </div>
        @if (problem(); as p) {
          <p class="error" role="alert" data-testid="members-error">{{ p.type === 'conflict' ? i18n.t('setup.memberExists') : i18n.t(p.key, p.params) }}</p>
        }
      }
    </section>
  `,
})
export class SetupMembers {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  protected readonly data = new Loadable<MembersData>();
  protected readonly roles = ROLES;
  protected readonly minPassword = MIN_PASSWORD_LENGTH;
  protected readonly existingRole = signal<Role>(ROLES[0]);
  protected readonly newRole = signal<Role>(ROLES[0]);
  protected readonly invalid = signal<Set<string>>(new Set());
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly added = signal<string | null>(null);
  protected readonly busy = signal(false);

  constructor() {
    this.departments.load();
    effect(() => {
      const id = this.cycleId();
      this.data.load(() =>
        forkJoin({
          members: this.http.get<MembershipView[]>(`/api/cycles/${id}/memberships`),
          users: this.http.get<UserView[]>('/api/users'),
        }),
      );
    });
  }

  protected nameOf(d: MembersData, userId: string): string {
    return d.users.find((u) => u.id === userId)?.displayName ?? '';
  }

  private run(request: Observable<MembershipView>, form: HTMLFormElement | null): void {
    this.problem.set(null);
    this.added.set(null);
    this.busy.set(true);
    request.subscribe({
      next: (m) => {
        this.busy.set(false);
        const d = this.data.value();
        if (d) this.data.value.set({ ...d, members: [...d.members, m].sort((a, b) => a.email.localeCompare(b.email)) });
        this.added.set(m.email);
        form?.reset();
        this.newRole.set(ROLES[0]);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const problem = toProblem(error);
        this.invalid.set(new Set(problem.fields.map((f) => f.field)));
        this.problem.set(problem);
      },
    });
  }

  protected addExisting(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    const f = new FormData(form);
    this.run(this.http.post<MembershipView>(`/api/cycles/${this.cycleId()}/memberships`, membershipBody(String(f.get('user')), this.existingRole(), String(f.get('department') ?? ''))), null);
  }

  /** Creates the person, then their membership; the fields are checked here first, by the same rules the server applies. */
  protected addNew(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    if (this.busy()) return;
    const f = new FormData(form);
    const email = String(f.get('email') ?? '').trim();
    const displayName = String(f.get('displayName') ?? '').trim();
    const password = String(f.get('password') ?? '');
    const worksIn = String(f.get('worksIn') ?? '');
    const bad = new Set<string>();
    if (!displayName) bad.add('displayName');
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) bad.add('email');
    if (passwordProblem(password, email)) bad.add('password');
    this.invalid.set(bad);
    if (bad.size > 0) {
      form.querySelector<HTMLInputElement>(`[name=${[...bad][0]}]`)?.focus();
      return;
    }
    const role = this.newRole();
    const department = String(f.get('department') ?? '');
    this.run(
      this.http.post<UserView>('/api/users', { email, displayName, password, ...(worksIn ? { department: worksIn } : {}) }).pipe(
        // the person is listed among users once created, even if the membership then fails
        tap((user) => this.data.value.update((d) => (d ? { ...d, users: [...d.users, user] } : d))),
        switchMap((user) => this.http.post<MembershipView>(`/api/cycles/${this.cycleId()}/memberships`, membershipBody(user.id, role, department))),
      ),
      form,
    );
  }

  protected remove(m: MembershipView): void {
    this.problem.set(null);
    this.added.set(null);
    this.http.delete(`/api/cycles/${this.cycleId()}/memberships/${m.id}`).subscribe({
      next: () => this.data.value.update((d) => (d ? { ...d, members: d.members.filter((x) => x.id !== m.id) } : d)),
      error: (error: unknown) => this.problem.set(toProblem(error)),
    });
  }
}
