import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { CYCLE_STAGES, formatBasisPoints, formatWanYuanInput, parsePercentInput, parseWanYuanInput, type ReviewQueueView } from '@zerobase/domain';
import { forkJoin, type Observable } from 'rxjs';
import { toProblem, type ApiProblem } from '../core/api-error';
import type { CycleSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, type MessageKey, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { SetupMembers } from './setup-members';
import { SetupPublication } from './setup-publication';
import { SetupUnits } from './setup-units';
import { ALLOCATOR_MESSAGES } from '../ranking/allocator.messages';
import { COLLAB_MESSAGES } from '../collab/collab.messages';
import { RANKING_MESSAGES } from '../ranking/ranking.messages';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(COLLAB_MESSAGES);
registerMessages(RANKING_MESSAGES);
registerMessages(WORKSPACE_MESSAGES);

type Criterion = ReviewQueueView['criteria'][number];
interface SetupData {
  cycle: Required<CycleSummary>;
  criteria: Criterion[];
  envelopes: { department: string; amountFen: number }[];
  limits: { limits: DepartmentLimitRow[] };
}
/** GET/PUT /api/cycles/:id/department-limits, by department code */
interface DepartmentLimitRow {
  department: string;
  floorFen: number | null;
  capFen: number | null;
}
const SECTIONS = ['cycle', 'criteria', 'envelopes', 'limits', 'units', 'members', 'publication'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The coordinator's set-up of a cycle: the cycle itself, criteria and weights, envelopes, floors
 * and caps, decision units, members and public disclosure; the section is in the address (`?tab=`).
 */
@Component({
  selector: 'zb-cycle-setup',
  imports: [LoadState, SetupMembers, SetupPublication, SetupUnits],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cycle-setup.html',
  styles: `
    .sections { display: flex; gap: 0.3rem; margin-bottom: 1rem; flex-wrap: wrap; }
    .sections button[aria-current='page'] { background: var(--ink); color: white; border-color: var(--ink); }
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; }
    h2 { margin-top: 0; font-size: 1.2rem; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0.8rem 1.2rem; margin-bottom: 1rem; }
    .grid label { display: flex; flex-direction: column; gap: 0.25rem; font-weight: 600; }
    .grid small { font-weight: normal; color: var(--muted); }
    .grid input, .grid select { font-weight: normal; }
    table input { width: 100%; box-sizing: border-box; }
    td.num input { text-align: right; }
    .row { display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; margin-top: 0.8rem; }
    .ok { color: var(--high); font-weight: 600; }
    .sum-bad { color: var(--accent); font-weight: 600; }
  `,
})
export class CycleSetup {
  readonly cycleId = input.required<string>();
  /** the section shown, from the address */
  readonly tab = input<string>();
  protected readonly i18n = inject(I18n);
  private readonly router = inject(Router);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  protected readonly data = new Loadable<SetupData>();
  protected readonly section = signal<Section>('cycle');
  protected readonly sections: { id: Section; label: MessageKey }[] = [
    { id: 'cycle', label: 'setup.cycle' },
    { id: 'criteria', label: 'setup.criteria' },
    { id: 'envelopes', label: 'setup.envelopes' },
    { id: 'limits', label: 'setup.limits' },
    { id: 'units', label: 'setup.units' },
    { id: 'members', label: 'setup.members' },
    { id: 'publication', label: 'setup.publication' },
  ];
  protected readonly stages = CYCLE_STAGES;
  protected readonly saved = signal<Section | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly invalid = signal<Set<string>>(new Set());
  protected readonly wanInput = formatWanYuanInput;
  protected readonly percent = formatBasisPoints;
  /** criteria as edited, before they are saved */
  protected readonly criteria = signal<Criterion[]>([]);
  protected readonly weightSum = computed(() => this.criteria().reduce((s, c) => s + (Number(c.weight) || 0), 0));
  protected readonly scoringClosed = signal<boolean | null>(null);

  constructor() {
    this.departments.load();
    effect(() => {
      const id = this.cycleId();
      this.data.load(
        () =>
          forkJoin({
            cycle: this.http.get<Required<CycleSummary>>(`/api/cycles/${id}`),
            criteria: this.http.get<Criterion[]>(`/api/cycles/${id}/criteria`),
            envelopes: this.http.get<{ department: string; amountFen: number }[]>(`/api/cycles/${id}/envelopes`),
            limits: this.http.get<SetupData['limits']>(`/api/cycles/${id}/department-limits`),
          }) as Observable<SetupData>,
      );
    });
    effect(() => {
      const d = this.data.value();
      if (d) this.criteria.set(d.criteria.map((c) => ({ ...c })));
    });
    effect(() => {
      const tab = this.tab();
      this.section.set((SECTIONS as readonly string[]).includes(tab ?? '') ? (tab as Section) : 'cycle');
    });
  }

  protected show(section: Section): void {
    void this.router.navigate([], { queryParams: { tab: section === 'cycle' ? null : section }, queryParamsHandling: 'merge', replaceUrl: true });
    this.section.set(section);
    this.saved.set(null);
    this.problem.set(null);
    this.invalid.set(new Set());
  }

  private run<T>(section: Section, request: Observable<T>, after: (value: T) => void): void {
    this.saved.set(null);
    this.problem.set(null);
    request.subscribe({
      next: (value) => {
        after(value);
        this.saved.set(section);
      },
      error: (error: unknown) => this.problem.set(toProblem(error)),
    });
  }

  private patchData(change: Partial<SetupData>): void {
    const d = this.data.value();
    if (d) this.data.value.set({ ...d, ...change });
  }

  protected saveCycle(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    const cycle = this.data.value()?.cycle;
    if (!cycle) return;
    const f = new FormData(form);
    const quota = parseWanYuanInput(String(f.get('quota') ?? ''));
    const reserve = parsePercentInput(String(f.get('reserve') ?? ''));
    const high = Number(f.get('tierHigh'));
    const medium = Number(f.get('tierMedium'));
    const bad = new Set<string>();
    if (quota === null) bad.add('quota');
    if (reserve === null) bad.add('reserve');
    if (!Number.isInteger(high) || high < 1 || high > 100) bad.add('tierHigh');
    if (!Number.isInteger(medium) || medium < 0 || medium >= high) bad.add('tierMedium');
    this.invalid.set(bad);
    if (bad.size) return;
    const body = {
      version: cycle.version,
      name: String(f.get('name') ?? '').trim() || cycle.name,
      nameEn: String(f.get('nameEn') ?? '').trim(),
      totalQuotaFen: quota,
      reserveBasisPoints: reserve,
      tierHigh: high,
      tierMedium: medium,
      stage: String(f.get('stage')),
    };
    this.run('cycle', this.http.patch<Required<CycleSummary>>(`/api/cycles/${this.cycleId()}`, body), (next) => this.patchData({ cycle: next }));
  }

  protected setScoring(closed: boolean): void {
    this.run('cycle', this.http.post<{ scoringClosed: boolean }>(`/api/cycles/${this.cycleId()}/scoring/${closed ? 'close' : 'reopen'}`, {}), (s) => this.scoringClosed.set(s.scoringClosed));
  }

  protected editCriterion(index: number, field: keyof Criterion, event: Event): void {
    const raw = (event.target as HTMLInputElement).value;
    this.criteria.update((list) => list.map((c, i) => (i === index ? { ...c, [field]: field === 'weight' ? Number(raw) : raw } : c)));
  }

  protected addCriterion(): void {
    this.criteria.update((list) => [...list, { key: `criterion${list.length + 1}`, nameZh: '', nameEn: '', descriptionZh: '', descriptionEn: '', weight: 0 }]);
  }

  protected removeCriterion(index: number): void {
    this.criteria.update((list) => list.filter((_, i) => i !== index));
  }

  protected saveCriteria(event: Event): void {
    event.preventDefault();
    const criteria = this.criteria();
    this.run('criteria', this.http.put<Criterion[]>(`/api/cycles/${this.cycleId()}/criteria`, { criteria }), (next) => this.patchData({ criteria: next }));
  }

  protected envelopeOf(code: string): string {
    const e = this.data.value()?.envelopes.find((x) => x.department === code);
    return e ? formatWanYuanInput(e.amountFen) : '';
  }

  protected saveEnvelopes(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    const f = new FormData(form);
    const bad = new Set<string>();
    const envelopes = this.departments
      .all()
      .map((d) => ({ department: d.code, text: String(f.get(`envelope-${d.code}`) ?? '').trim() }))
      .filter((e) => e.text !== '')
      .map((e) => {
        const amountFen = parseWanYuanInput(e.text);
        if (amountFen === null) bad.add(e.department);
        return { department: e.department, amountFen: amountFen ?? 0 };
      });
    this.invalid.set(bad);
    if (bad.size) return;
    this.run('envelopes', this.http.put<SetupData['envelopes']>(`/api/cycles/${this.cycleId()}/envelopes`, { envelopes }), (next) => this.patchData({ envelopes: next }));
  }

  /** departments with a floor or cap first, so what is set is in view */
  protected readonly limitRows = computed(() => {
    const set = new Set((this.data.value()?.limits.limits ?? []).map((l) => l.department));
    return [...this.departments.all()].sort((a, b) => Number(set.has(b.code)) - Number(set.has(a.code)));
  });

  protected limitOf(code: string, field: 'floorFen' | 'capFen'): string {
    const fen = this.data.value()?.limits.limits.find((l) => l.department === code)?.[field];
    return fen === null || fen === undefined ? '' : formatWanYuanInput(fen);
  }

  /** Floors and caps of every department, replaced as a whole; a floor above its cap is marked before sending. */
  protected saveLimits(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    const f = new FormData(form);
    const bad = new Set<string>();
    const read = (name: string): number | null => {
      const text = String(f.get(name) ?? '').trim();
      if (text === '') return null;
      const fen = parseWanYuanInput(text);
      if (fen === null) bad.add(name);
      return fen;
    };
    const limits: DepartmentLimitRow[] = [];
    for (const d of this.departments.all()) {
      const floorFen = read(`floor-${d.code}`);
      const capFen = read(`cap-${d.code}`);
      if (floorFen !== null && capFen !== null && floorFen > capFen) bad.add(`floor-${d.code}`);
      if (floorFen !== null || capFen !== null) limits.push({ department: d.code, floorFen, capFen });
    }
    this.invalid.set(bad);
    if (bad.size) return;
    this.run('limits', this.http.put<SetupData['limits']>(`/api/cycles/${this.cycleId()}/department-limits`, { limits }), (next) => this.patchData({ limits: next }));
  }
}
