import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { formatWanYuan } from '@zerobase/domain';
import { CoEditing } from '../collab/co-editing';
import type { PackageSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n } from '../core/i18n';

@Component({
  selector: 'zb-package-detail',
  imports: [RouterLink, CoEditing],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './package-detail.html',
  styles: `
    main.wide { max-width: 1880px; padding: 0.6rem 1.2rem; }
    main.wide > p { margin: 0.2rem 0; }
    h1 { font-size: 1.3rem; margin: 0.2rem 0; }
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1rem; margin: 0 0 0.4rem; }
  `,
})
export class PackageDetail {
  readonly packageId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(HttpClient);
  protected readonly pkg = signal<PackageSummary | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly liveTitle = signal<string | null>(null);
  protected readonly wan = formatWanYuan;

  constructor() {
    this.departments.load();
    effect(() => {
      this.liveTitle.set(null);
      this.http.get<PackageSummary>(`/api/packages/${this.packageId()}`).subscribe({
        next: (p) => this.pkg.set(p),
        error: (e: { error?: { message?: string } }) => this.error.set(e.error?.message ?? 'error'),
      });
    });
  }
}
