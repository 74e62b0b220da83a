import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { formatBasisPoints, isCoordinator, liaisonDepartments, parsePercentInput, parseWanYuanInput, type PackageView } from '@zerobase/domain';
import { toProblem, type ApiProblem } from '../core/api-error';
import type { CycleSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { RANKING_MESSAGES } from '../ranking/ranking.messages';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(RANKING_MESSAGES);
registerMessages(WORKSPACE_MESSAGES);

interface Owner {
  code: string;
  share: string;
  amount: string;
}

/** Creating a package, single or joint: owning departments, lead, cost split and a first request per department. */
@Component({
  selector: 'zb-package-create',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './package-create.html',
  styles: `
    form { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; max-width: 52rem; }
    .field { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 0.9rem; }
    .field label, legend { font-weight: 600; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 0.9rem; padding: 0.6rem 0.9rem; }
    .departments { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.3rem 1rem; }
    .departments label { font-weight: normal; display: flex; gap: 0.4rem; align-items: center; }
    table input { width: 9rem; text-align: right; }
    .sum-bad { color: var(--accent); font-weight: 600; }
    .field-error { color: var(--accent); margin: 0.2rem 0 0; }
    textarea { font: inherit; min-height: 4rem; padding: 0.4rem; border: 1px solid #767f8a; border-radius: 4px; }
  `,
})
export class PackageCreate {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly router = inject(Router);
  private readonly session = inject(Session);
  private readonly cycles = toSignal(this.http.get<CycleSummary[]>('/api/cycles'));

  protected readonly code = signal('');
  protected readonly title = signal('');
  protected readonly purpose = signal('');
  protected readonly lead = signal('');
  protected readonly owners = signal<Owner[]>([]);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly saving = signal(false);

  /** the departments this user may lead a package for */
  protected readonly leadChoices = computed(() => {
    const memberships = this.session.user()?.memberships ?? [];
    if (isCoordinator(memberships, this.cycleId())) return this.departments.all();
    const mine = liaisonDepartments(memberships, this.cycleId());
    return this.departments.all().filter((d) => mine.has(d.id));
  });
  protected readonly joint = computed(() => this.owners().length > 1);
  protected readonly shareSum = computed(() => this.owners().reduce((sum, o) => sum + (parsePercentInput(o.share) ?? 0), 0));
  protected readonly percent = formatBasisPoints;

  constructor() {
    this.departments.load();
  }

  protected setText(which: 'code' | 'title' | 'purpose', event: Event): void {
    this[which].set((event.target as HTMLInputElement).value);
  }

  protected setLead(event: Event): void {
    const code = (event.target as HTMLSelectElement).value;
    this.lead.set(code);
    if (code && !this.owners().some((o) => o.code === code)) this.toggleOwner(code, true);
  }

  protected isOwner(code: string): boolean {
    return this.owners().some((o) => o.code === code);
  }

  protected toggle(code: string, event: Event): void {
    this.toggleOwner(code, (event.target as HTMLInputElement).checked);
  }

  private toggleOwner(code: string, on: boolean): void {
    const next = on ? [...this.owners().filter((o) => o.code !== code), { code, share: '', amount: '' }] : this.owners().filter((o) => o.code !== code);
    // an even split until someone types one
    const even = Math.floor(10_000 / Math.max(1, next.length));
    this.owners.set(next.map((o, i) => ({ ...o, share: formatBasisPoints(even + (i === 0 ? 10_000 - even * next.length : 0)) })));
  }

  protected setOwner(code: string, field: 'share' | 'amount', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.owners.update((list) => list.map((o) => (o.code === code ? { ...o, [field]: value } : o)));
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(this.code())) errors['code'] = 'create.invalidCode';
    if (!this.title().trim()) errors['title'] = 'create.required';
    if (!this.lead()) errors['lead'] = 'create.required';
    if (this.owners().length === 0) errors['departments'] = 'create.required';
    this.owners().forEach((o) => {
      if (o.amount.trim() && parseWanYuanInput(o.amount) === null) errors[`amount-${o.code}`] = 'collab.invalidAmount';
      if (this.joint() && parsePercentInput(o.share) === null) errors[`share-${o.code}`] = 'create.invalidShare';
    });
    if (this.joint() && this.shareSum() !== 10_000) errors['split'] = 'create.splitSum';
    this.errors.set(errors);
    this.problem.set(null);
    if (Object.keys(errors).length > 0) return;
    const year = this.cycles()?.find((c) => c.id === this.cycleId())?.fiscalYear ?? new Date().getFullYear();
    const body = {
      cycleId: this.cycleId(),
      code: this.code().trim(),
      title: this.title().trim(),
      purpose: this.purpose().trim() || undefined,
      leadDepartment: this.lead(),
      departments: this.owners().map((o) => o.code),
      costSplit: this.joint() ? this.owners().map((o) => ({ department: o.code, basisPoints: parsePercentInput(o.share) ?? 0 })) : undefined,
      costLines: this.owners()
        .filter((o) => o.amount.trim() && (parseWanYuanInput(o.amount) ?? 0) > 0)
        .map((o) => ({ department: o.code, category: 'other', description: this.i18n.t('create.lineDescription', { title: this.title().trim(), department: this.departments.name(o.code) }), quantity: 1, unit: this.i18n.t('create.lumpUnit'), unitCostFen: parseWanYuanInput(o.amount) as number, year })),
    };
    this.saving.set(true);
    this.http.post<PackageView>('/api/packages', body).subscribe({
      next: (pkg) => void this.router.navigate(['/packages', pkg.id]),
      error: (error: unknown) => {
        this.saving.set(false);
        this.problem.set(toProblem(error));
      },
    });
  }
}
