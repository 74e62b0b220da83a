import { ApiHttp } from '../core/api-http';
import { afterNextRender, ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, Injector, input, signal, viewChild } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { formatScore, formatWanYuan, type PackageView, type ReviewQueueView } from '@zerobase/domain';
import { forkJoin } from 'rxjs';
import { toProblem, type ApiProblem } from '../core/api-error';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Loadable, LoadState } from '../core/load-state';
import { LiveQueue } from './live-queue';
import { QueueProgress } from './queue-progress';
import { WORKSPACE_MESSAGES } from './workspace.messages';

registerMessages(WORKSPACE_MESSAGES);

interface ScoreRow {
  reviewerId: string;
  reviewer: string;
  criterion: string;
  score: number;
  comment: string;
}

interface ScoringData {
  queue: ReviewQueueView;
  pkg: PackageView;
  scores: { scoringClosed: boolean; scores: ScoreRow[] };
}

/** An integer from 0 to 100, or null. */
export function parseCriterionScore(text: string): number | null {
  const clean = text.trim();
  if (!/^\d{1,3}$/.test(clean)) return null;
  const n = Number(clean);
  return n <= 100 ? n : null;
}

/**
 * Scoring one package: each criterion 0–100 with its description and weight, a comment, then save
 * and go to the next package in the queue. Works with the keyboard alone: Tab between fields, Enter saves.
 */
@Component({
  selector: 'zb-score-form',
  imports: [RouterLink, LoadState, QueueProgress],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './score-form.html',
  styles: `
    .summary { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin-bottom: 1rem; }
    .summary p { margin: 0.3rem 0; }
    fieldset { border: 1px solid var(--line); border-radius: 6px; background: white; padding: 0.8rem 1rem; margin: 0 0 1rem; }
    legend { font-weight: 600; padding: 0 0.3rem; }
    .criterion { display: grid; grid-template-columns: minmax(14rem, 1fr) 7rem; gap: 0.2rem 1rem; align-items: center; padding: 0.6rem 0; border-bottom: 1px solid var(--line); }
    .criterion:last-of-type { border-bottom: 0; }
    .criterion label { font-weight: 600; }
    .criterion .hint { grid-column: 1; color: var(--muted); margin: 0; }
    .criterion input { grid-row: 1 / span 2; grid-column: 2; font-size: 1.2rem; text-align: right; }
    .criterion .field-error { grid-column: 1 / span 2; color: var(--accent); margin: 0; }
    textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 4rem; padding: 0.4rem; border: 1px solid #767f8a; border-radius: 4px; }
    .actions { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
    .saved { color: var(--high); font-weight: 600; }
    .nav { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
  `,
})
export class ScoreForm {
  readonly cycleId = input.required<string>();
  readonly packageId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly departments = inject(DepartmentsStore);
  private readonly http = inject(ApiHttp);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly live = inject(LiveQueue);
  protected readonly data = new Loadable<ScoringData>();
  protected readonly values = signal<Partial<Record<string, string>>>({});
  protected readonly comment = signal('');
  protected readonly invalid = signal<Set<string>>(new Set());
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly wan = formatWanYuan;
  protected readonly score = formatScore;
  private filledFor = '';
  private readonly form = viewChild<ElementRef<HTMLFormElement>>('form');

  protected readonly entry = computed(() => this.data.value()?.queue.items.find((i) => i.packageId === this.packageId()) ?? null);
  protected readonly position = computed(() => {
    const q = this.data.value()?.queue;
    return q ? q.items.findIndex((i) => i.packageId === this.packageId()) + 1 : 0;
  });
  /** everyone's scores per criterion, shown once scoring is closed */
  protected readonly allScores = computed(() => {
    const rows = this.data.value()?.scores.scores ?? [];
    const reviewers = [...new Set(rows.map((r) => r.reviewer))];
    return reviewers.map((reviewer) => ({ reviewer, byCriterion: new Map(rows.filter((r) => r.reviewer === reviewer).map((r) => [r.criterion, r])) }));
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const cycleId = this.cycleId();
      const packageId = this.packageId();
      this.filledFor = '';
      this.saved.set(false);
      this.problem.set(null);
      this.invalid.set(new Set());
      this.values.set({});
      this.comment.set('');
      this.data.load(() =>
        forkJoin({
          queue: this.http.get<ReviewQueueView>(`/api/cycles/${cycleId}/queue/mine`),
          pkg: this.http.get<PackageView>(`/api/packages/${packageId}`),
          scores: this.http.get<ScoringData['scores']>(`/api/packages/${packageId}/scores`),
        }),
      );
    });
    // the queue and its progress follow changes made elsewhere (another tab, packages entering or leaving scoring)
    effect((onCleanup) => {
      const cycleId = this.cycleId();
      const changes = this.live.changes(cycleId).subscribe((queue) => {
        if (queue) this.data.value.update((d) => (d ? { ...d, queue } : d));
      });
      onCleanup(() => changes.unsubscribe());
    });
    // fill the form with what this reviewer saved before, then put the cursor in the first field
    effect(() => {
      const data = this.data.value();
      if (!data || data.pkg.id !== this.packageId() || this.filledFor === data.pkg.id) return;
      this.filledFor = data.pkg.id;
      const mine = data.scores.scoringClosed ? [] : data.scores.scores;
      this.values.set(Object.fromEntries(mine.map((s) => [s.criterion, String(s.score)])));
      this.comment.set(mine.find((s) => s.comment)?.comment ?? '');
      afterNextRender(() => this.form()?.nativeElement.querySelector<HTMLInputElement>('input')?.focus(), { injector: this.injector });
    });
  }

  protected name(c: { nameZh: string; nameEn: string }): string {
    return this.i18n.name(c);
  }

  protected description(c: { descriptionZh: string; descriptionEn: string }): string {
    return this.i18n.name({ nameZh: c.descriptionZh, nameEn: c.descriptionEn });
  }

  protected setValue(key: string, event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    this.values.update((v) => ({ ...v, [key]: text }));
    this.saved.set(false);
    if (this.invalid().has(key) && parseCriterionScore(text) !== null) this.invalid.update((s) => new Set([...s].filter((k) => k !== key)));
  }

  protected setComment(event: Event): void {
    this.comment.set((event.target as HTMLTextAreaElement).value);
    this.saved.set(false);
  }

  protected submit(event: Event, goNext: boolean): void {
    event.preventDefault();
    const data = this.data.value();
    if (!data || this.saving()) return;
    const scores = data.queue.criteria.map((c) => ({ criterion: c.key, score: parseCriterionScore(this.values()[c.key] ?? '') }));
    const bad = new Set(scores.filter((s) => s.score === null).map((s) => s.criterion));
    this.invalid.set(bad);
    if (bad.size > 0) {
      this.form()?.nativeElement.querySelector<HTMLInputElement>(`input[name="${[...bad][0]}"]`)?.focus();
      return;
    }
    this.saving.set(true);
    this.problem.set(null);
    const comment = this.comment().trim();
    const body = { scores: scores.map((s) => ({ criterion: s.criterion, score: s.score as number, ...(comment ? { comment } : {}) })) };
    this.http.put(`/api/packages/${this.packageId()}/scores/mine`, body).subscribe({
      next: () => {
        this.saving.set(false);
        this.saved.set(true);
        // the queue is read again: its progress moved, and the next package is the first one still open
        this.http.get<ReviewQueueView>(`/api/cycles/${this.cycleId()}/queue/mine`).subscribe({
          next: (queue) => {
            this.data.value.set({ ...data, queue });
            const next = queue.items.find((i) => i.packageId !== this.packageId() && (i.status === 'open' || i.status === 'partial'));
            if (goNext) void this.router.navigate(next ? ['/cycles', this.cycleId(), 'queue', next.packageId] : ['/cycles', this.cycleId(), 'queue']);
          },
        });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.problem.set(toProblem(error));
      },
    });
  }
}
