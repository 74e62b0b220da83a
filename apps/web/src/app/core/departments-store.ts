import { ApiHttp } from './api-http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { Department } from './api-types';
import { I18n } from './i18n';

/** The department register, loaded once, to show names for codes. */
@Injectable({ providedIn: 'root' })
export class DepartmentsStore {
  private readonly http = inject(ApiHttp);
  private readonly i18n = inject(I18n);
  readonly all = signal<Department[]>([]);
  private readonly byCode = computed(() => new Map(this.all().map((d) => [d.code, d])));
  private readonly byId = computed(() => new Map(this.all().map((d) => [d.id, d])));
  private loaded = false;

  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.http.get<Department[]>('/api/departments').subscribe({ next: (list) => this.all.set(list), error: () => (this.loaded = false) });
  }

  /** the code of a department id (the id itself while the register is loading) */
  codeOf(id: string): string {
    return this.byId().get(id)?.code ?? id;
  }

  /** the name of a department given by id */
  nameOfId(id: string): string {
    const d = this.byId().get(id);
    return d ? this.name(d.code) : id;
  }

  name(code: string): string {
    const d = this.byCode().get(code);
    if (!d) return code;
    return this.i18n.language() === 'en' ? d.nameEn : d.nameZh;
  }
}
