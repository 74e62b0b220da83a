import { ApiHttp } from '../core/api-http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { filter, merge, type Subscription } from 'rxjs';
import type { CycleSummary, RankingView, WhatIfRequest } from '../core/api-types';
import { toProblem } from '../core/api-error';
import { I18n } from '../core/i18n';
import { Realtime } from '../core/realtime';

interface ApiError {
  status?: number;
  error?: { message?: string | string[] };
  message?: string;
}

export interface LoadError {
  status: number;
  message: string;
}

/**
 * The ranking board of one cycle: the current ranking (replaced by every `ranking` push for
 * the cycle, and reloaded whenever the live connection is (re)established), and a what-if
 * preview that is never saved.
 */
@Injectable()
export class RankingStore {
  private readonly http = inject(ApiHttp);
  private readonly realtime = inject(Realtime);
  private readonly i18n = inject(I18n);

  readonly cycle = signal<CycleSummary | null>(null);
  readonly current = signal<RankingView | null>(null);
  readonly error = signal<LoadError | null>(null);
  readonly updatedAt = signal<Date | null>(null);
  readonly live = this.realtime.connected;

  readonly preview = signal<{ view: RankingView; request: WhatIfRequest } | null>(null);
  readonly previewError = signal<string | null>(null);
  readonly previewRunning = signal(false);
  /** what the board shows: the preview while there is one */
  readonly shown = computed(() => this.preview()?.view ?? this.current());

  private cycleId: string | null = null;
  private events: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.events?.unsubscribe());
  }

  open(cycleId: string): void {
    if (this.cycleId === cycleId) return;
    this.cycleId = cycleId;
    this.current.set(null);
    this.preview.set(null);
    this.error.set(null);
    this.http.get<CycleSummary>(`/api/cycles/${cycleId}`).subscribe({ next: (cycle) => this.cycle.set(cycle), error: () => undefined });
    this.load();
    this.events?.unsubscribe();
    const pushes = this.realtime.on<RankingView>('ranking').pipe(filter((view) => view?.cycleId === cycleId));
    this.events = merge(pushes, this.realtime.on<unknown>('ready')).subscribe((event) => {
      if (isRanking(event)) this.show(event);
      else this.load(); // (re)connected: catch up on pushes missed meanwhile
    });
  }

  load(): void {
    const cycleId = this.cycleId;
    if (!cycleId) return;
    this.http.get<RankingView>(`/api/cycles/${cycleId}/ranking`).subscribe({
      next: (view) => {
        if (this.cycleId === cycleId) this.show(view);
      },
      error: (e: ApiError) => this.error.set({ status: e.status ?? 0, message: this.messageOf(e) }),
    });
  }

  runWhatIf(request: WhatIfRequest): void {
    const cycleId = this.cycleId;
    if (!cycleId) return;
    this.previewRunning.set(true);
    this.previewError.set(null);
    this.http.post<RankingView>(`/api/cycles/${cycleId}/ranking/what-if`, request).subscribe({
      next: (view) => {
        this.previewRunning.set(false);
        if (this.cycleId === cycleId) this.preview.set({ view, request });
      },
      error: (e: ApiError) => {
        this.previewRunning.set(false);
        this.previewError.set(this.messageOf(e));
      },
    });
  }

  resetPreview(): void {
    this.preview.set(null);
    this.previewError.set(null);
  }

  /** The error in the user's language, from its status and type (never the server's English). */
  private messageOf(e: ApiError): string {
    const problem = toProblem(e);
    return this.i18n.t(problem.key, problem.params);
  }

  private show(view: RankingView): void {
    this.current.set(view);
    this.error.set(null);
    this.updatedAt.set(new Date());
  }
}

function isRanking(event: unknown): event is RankingView {
  return typeof event === 'object' && event !== null && Array.isArray((event as RankingView).items);
}


