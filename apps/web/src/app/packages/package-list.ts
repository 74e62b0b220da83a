import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatWanYuan, sumFen } from '@zerobase/domain';
import type { PackageSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n } from '../core/i18n';

@Component({
  selector: 'zb-package-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './package-list.html',
  styles: `
    .heading { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; }
    .filters { display: flex; gap: 0.6rem; align-items: center; margin-bottom: 0.8rem; }
    .title small { color: var(--muted); margin-left: 0.3rem; }
  `,
})
export class PackageList {
  readonly cycleId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(HttpClient);

  protected readonly department = signal('');
  protected readonly tier = signal('');
  protected readonly packages = signal<PackageSummary[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly total = computed(() => formatWanYuan(sumFen((this.packages() ?? []).map((p) => p.totals.totalFen))));
  protected readonly wan = formatWanYuan;

  constructor() {
    this.departments.load();
    effect(() => {
      let params = new HttpParams();
      if (this.department()) params = params.set('department', this.department());
      if (this.tier()) params = params.set('tier', this.tier());
      this.http.get<PackageSummary[]>(`/api/cycles/${this.cycleId()}/packages`, { params }).subscribe({
        next: (list) => {
          this.packages.set(list);
          this.error.set(null);
        },
        error: (e: { error?: { message?: string } }) => this.error.set(e.error?.message ?? 'error'),
      });
    });
  }

  protected select(kind: 'department' | 'tier', event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    (kind === 'department' ? this.department : this.tier).set(value);
  }
}
