import { ApiHttp } from '../core/api-http';
import { DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { mergeLastChanges, type LastChange } from '@zerobase/collab';
import type { LastChangesView } from '@zerobase/domain';
import { CollabSession } from '../collab/collab-session';

/** A change of the document waits this long for more before the last changes are asked for again. */
const QUIET_MS = 400;
/** …but no longer than this while someone keeps typing. */
const MAX_WAIT_MS = 2_000;
/** Asked again from this long before the last answer: entries stored meanwhile with an earlier time are not missed. */
const OVERLAP_MS = 30_000;

/**
 * Who changed each part of the open package last (`GET /api/packages/:id/last-changes`). Asked
 * once in full, then, after the document changes (another person's edit arrives, or this
 * person's own edits are confirmed), again for the recent span only, folded into what is known
 * by the same rule as on the server (libs/collab last-changes).
 */
@Injectable()
export class LastChangesStore {
  private readonly http = inject(ApiHttp);
  private readonly collab = inject(CollabSession);
  readonly changes = signal<ReadonlyMap<string, LastChange>>(new Map());
  /** answers received (for tests and the view: 0 until the first) */
  readonly answers = signal(0);

  private packageId: string | null = null;
  private asOf: string | null = null;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private firstChangeAt = 0;
  private inFlight = false;
  private again = false;

  constructor() {
    effect((onCleanup) => {
      const doc = this.collab.doc();
      if (!doc) return;
      const onUpdate = () => this.schedule();
      doc.on('update', onUpdate);
      onCleanup(() => doc.off('update', onUpdate));
    });
    // this person's own edits are in the log once the server has confirmed them
    effect(() => {
      if (this.collab.pending() === 0) untracked(() => this.schedule());
    });
    inject(DestroyRef).onDestroy(() => {
      if (this.quietTimer) clearTimeout(this.quietTimer);
      this.packageId = null;
    });
  }

  open(packageId: string): void {
    if (this.packageId === packageId) return;
    this.packageId = packageId;
    this.asOf = null;
    this.changes.set(new Map());
    this.answers.set(0);
    this.fetch();
  }

  private schedule(): void {
    if (!this.packageId) return;
    const now = Date.now();
    if (this.quietTimer) clearTimeout(this.quietTimer);
    else this.firstChangeAt = now;
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstChangeAt + MAX_WAIT_MS - now));
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      this.fetch();
    }, wait);
  }

  private fetch(): void {
    const packageId = this.packageId;
    if (!packageId) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    const since = this.asOf ? new Date(Date.parse(this.asOf) - OVERLAP_MS).toISOString() : null;
    const url = `/api/packages/${packageId}/last-changes`;
    this.http.get<LastChangesView>(url, since ? { params: { since } } : {}).subscribe({
      next: (view) => {
        if (this.packageId !== packageId) return;
        const known = since ? mergeLastChanges(view.changes, new Map(this.changes())) : new Map(view.changes.map((c) => [c.path, c]));
        this.asOf = view.asOf;
        this.changes.set(known);
        this.answers.update((n) => n + 1);
        this.done();
      },
      // offline or refused: keep what is shown; the next change asks again
      error: () => this.done(),
    });
  }

  private done(): void {
    this.inFlight = false;
    if (this.again) {
      this.again = false;
      this.schedule();
    }
  }
}
