import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { unitAndDescendants } from '@zerobase/domain';
import { toProblem, type ApiProblem } from '../core/api-error';
import type { Department } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(WORKSPACE_MESSAGES);

/** A department and its depth in the hierarchy of decision units, parents before children. */
export function unitTree(all: readonly Department[]): { unit: Department; depth: number }[] {
  const out: { unit: Department; depth: number }[] = [];
  const codes = new Set(all.map((d) => d.code));
  const visit = (parent: string | null, depth: number) => {
    for (const d of all.filter((x) => (parent === null ? !x.parent || !codes.has(x.parent) : x.parent === parent))) {
      out.push({ unit: d, depth });
      if (depth < 10) visit(d.code, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** The units a unit may be moved under: all but itself and its own divisions (libs/domain units). */
export function possibleParents(all: readonly Department[], code: string): Department[] {
  const below = unitAndDescendants(
    all.map((d) => ({ id: d.code, parentId: d.parent })),
    code,
  );
  return all.filter((d) => !below.has(d.code));
}

/**
 * The hierarchy of decision units (set-up, coordinators): add a unit, rename one in both
 * languages, move it under another unit or to the top level. The register is shared by every cycle.
 */
@Component({
  selector: 'zb-setup-units',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul.tree { list-style: none; padding: 0; margin: 0 0 1rem; }
    ul.tree li { display: flex; align-items: center; gap: 0.6rem; padding: 0.3rem 0; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    ul.tree li .unit-name { min-width: 12rem; display: inline-flex; gap: 0.5rem; align-items: baseline; }
    ul.tree li > button { margin-left: auto; }
    form.edit { display: flex; gap: 0.6rem; align-items: flex-end; flex-wrap: wrap; flex: 1 1 100%; padding: 0.4rem 0 0.6rem; }
    form.edit input { width: 16rem; }
    form.edit label, .grid label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 600; }
    form.edit input, form.edit select, .grid input, .grid select { font-weight: normal; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0.8rem 1.2rem; align-items: end; }
    .ok { color: var(--high); font-weight: 600; }
  `,
  template: `
    <section class="panel" data-testid="setup-units">
      <h2>{{ i18n.t('setup.units') }}</h2>
      <p class="muted">{{ i18n.t('setup.unitsHint') }}</p>
      <ul class="tree" data-testid="unit-tree">
        @for (node of tree(); track node.unit.code) {
          <li [style.padding-left.rem]="node.depth * 1.5" data-testid="unit-row" [attr.data-code]="node.unit.code" [attr.data-parent]="node.unit.parent ?? ''" [attr.data-depth]="node.depth">
            <span class="unit-name">
              @if (node.depth > 0) {
                <span aria-hidden="true">└ </span>
              }
              <strong>{{ departments.name(node.unit.code) }}</strong> <span class="muted" translate="no">{{ node.unit.code }}</span>
            </span>
            @if (editing() !== node.unit.code) {
              <button type="button" (click)="edit(node.unit.code)" [attr.aria-label]="i18n.t('setup.editUnit', { unit: departments.name(node.unit.code) })" [attr.data-testid]="'edit-unit-' + node.unit.code">
                {{ i18n.t('setup.edit') }}
              </button>
            } @else {
              <form class="edit" #editForm (submit)="save($event, editForm, node.unit)" data-testid="unit-edit-form">
                <label>{{ i18n.t('setup.nameZh') }}<input name="nameZh" [value]="node.unit.nameZh" required data-testid="unit-name-zh" /></label>
                <label>{{ i18n.t('setup.nameEn') }}<input name="nameEn" [value]="node.unit.nameEn" required data-testid="unit-name-en" /></label>
                <label>
                  {{ i18n.t('setup.parent') }}
                  <select name="parent" data-testid="unit-parent">
                    <option value="" [selected]="!node.unit.parent">{{ i18n.t('setup.noParent') }}</option>
                    @for (p of parentsOf(node.unit.code); track p.code) {
                      <option [value]="p.code" [selected]="node.unit.parent === p.code">{{ departments.name(p.code) }}</option>
                    }
                  </select>
                </label>
                <button type="submit" class="primary" data-testid="unit-save">{{ i18n.t('setup.save') }}</button>
                <button type="button" (click)="editing.set(null)">{{ i18n.t('setup.cancel') }}</button>
              </form>
            }
          </li>
        }
      </ul>
      <h3>{{ i18n.t('setup.addUnit') }}</h3>
      <form #unitForm (submit)="add($event, unitForm)" class="grid" data-testid="unit-add-form">
        <label>{{ i18n.t('setup.key') }}<input name="code" required /></label>
        <label>{{ i18n.t('setup.nameZh') }}<input name="nameZh" required /></label>
        <label>{{ i18n.t('setup.nameEn') }}<input name="nameEn" required /></label>
        <label>
          {{ i18n.t('setup.parent') }}
          <select name="parent">
            <option value="">{{ i18n.t('setup.noParent') }}</option>
            @for (dep of departments.all(); track dep.code) {
              <option [value]="dep.code">{{ departments.name(dep.code) }}</option>
            }
          </select>
        </label>
        <div><button type="submit" class="primary">{{ i18n.t('setup.add') }}</button></div>
      </form>
      <div role="status" aria-live="polite">
        @if (saved()) {
          <p class="ok" data-testid="unit-saved">{{ i18n.t('setup.saved') }}</p>
        }
      </div>
      @if (problem(); as p) {
        <p class="error" role="alert" data-testid="units-error">{{ p.fields[0]?.field === 'parent' ? i18n.t('setup.unitLoop') : i18n.t(p.key, p.params) }}</p>
      }
    </section>
  `,
})
export class SetupUnits {
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  protected readonly tree = computed(() => unitTree(this.departments.all()));
  protected readonly editing = signal<string | null>(null);
  protected readonly saved = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  constructor() {
    this.departments.load();
  }

  protected parentsOf(code: string): Department[] {
    return possibleParents(this.departments.all(), code);
  }

  protected edit(code: string): void {
    this.editing.set(code);
    this.saved.set(false);
    this.problem.set(null);
  }

  private done(): void {
    this.saved.set(true);
    this.problem.set(null);
  }

  private failed(error: unknown): void {
    this.saved.set(false);
    this.problem.set(toProblem(error));
  }

  /** Sends only what changed: the names, and the parent (null for the top level). */
  protected save(event: Event, form: HTMLFormElement, unit: Department): void {
    event.preventDefault();
    const f = new FormData(form);
    const nameZh = String(f.get('nameZh') ?? '').trim();
    const nameEn = String(f.get('nameEn') ?? '').trim();
    const parent = String(f.get('parent') ?? '') || null;
    const body = {
      ...(nameZh && nameZh !== unit.nameZh ? { nameZh } : {}),
      ...(nameEn && nameEn !== unit.nameEn ? { nameEn } : {}),
      ...(parent !== unit.parent ? { parent } : {}),
    };
    if (Object.keys(body).length === 0) {
      this.editing.set(null);
      return;
    }
    this.http.patch<Department>(`/api/departments/${unit.id}`, body).subscribe({
      next: (next) => {
        this.departments.all.update((list) => list.map((d) => (d.id === next.id ? next : d)));
        this.editing.set(null);
        this.done();
      },
      error: (error: unknown) => this.failed(error),
    });
  }

  protected add(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    const f = new FormData(form);
    const body = {
      code: String(f.get('code') ?? '').trim(),
      nameZh: String(f.get('nameZh') ?? '').trim(),
      nameEn: String(f.get('nameEn') ?? '').trim(),
      ...(f.get('parent') ? { parent: String(f.get('parent')) } : {}),
    };
    this.http.post<Department>('/api/departments', body).subscribe({
      next: (unit) => {
        this.departments.all.update((list) => [...list, unit]);
        form.reset();
        this.done();
      },
      error: (error: unknown) => this.failed(error),
    });
  }
}
