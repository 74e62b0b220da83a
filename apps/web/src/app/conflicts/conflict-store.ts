import { ApiHttp } from '../core/api-http';
import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { firstValueFrom, type Subscription } from 'rxjs';
import { Realtime } from '../core/realtime';
import { Session } from '../core/session';
import type { ConflictEvent, ConflictView } from '@zerobase/domain';

/**
 * The open conflicts of the signed-in user's cycles, kept live: loaded once per cycle, then
 * updated by the Socket.IO `conflict` events the server pushes to the departments involved and
 * the coordinators; a resolved record disappears for everyone.
 */
@Injectable({ providedIn: 'root' })
export class ConflictStore {
  private readonly http = inject(ApiHttp);
  private readonly realtime = inject(Realtime);
  private readonly session = inject(Session);
  private readonly byId = signal<ReadonlyMap<string, ConflictView>>(new Map());
  private subscription: Subscription | null = null;
  private loadedFor: string | null = null;
  private cycles: string[] = [];

  readonly open = computed(() => [...this.byId().values()].filter((c) => c.status === 'open').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
  readonly count = computed(() => this.open().length);
  /** the cycle to open from the badge: the one with the most recent conflict */
  readonly firstCycle = computed(() => this.open()[0]?.cycleId ?? null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
    // events sent while the socket was down are missed: read the lists again on every (re)connect
    effect(() => {
      if (this.realtime.connected()) untracked(() => this.reload());
    });
  }

  forPackage(packageId: string): ConflictView[] {
    return this.open().filter((c) => c.packageId === packageId);
  }

  forCycle(cycleId: string): ConflictView[] {
    return this.open().filter((c) => c.cycleId === cycleId);
  }

  /** Start (or restart, for another user) loading and listening; idempotent. */
  start(): void {
    const user = this.session.user();
    const key = user?.userId ?? null;
    if (this.loadedFor === key) return;
    this.loadedFor = key;
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.byId.set(new Map());
    if (!user) return;
    this.cycles = [...new Set(user.memberships.filter((m) => m.role !== 'observer').map((m) => m.cycleId))];
    if (this.cycles.length === 0) return;
    this.subscription = this.realtime.on<ConflictEvent>('conflict').subscribe((event) => this.upsert([event.conflict]));
    this.reload();
  }

  /** The open records of every cycle, replacing what is known (records settled meanwhile drop out). */
  private reload(): void {
    for (const cycleId of this.cycles) {
      this.http.get<ConflictView[]>(`/api/cycles/${cycleId}/conflicts`).subscribe({
        next: (list) => {
          const next = new Map([...this.byId()].filter(([, c]) => c.cycleId !== cycleId));
          for (const conflict of list) next.set(conflict.id, conflict);
          this.byId.set(next);
        },
        error: () => undefined,
      });
    }
  }

  async resolve(id: string, action: string, value?: unknown): Promise<void> {
    const body: Record<string, unknown> = { action };
    if (value !== undefined) body['value'] = value;
    const settled = await firstValueFrom(this.http.post<ConflictView>(`/api/conflicts/${id}/resolve`, body));
    this.upsert([settled]);
  }

  private upsert(list: readonly ConflictView[]): void {
    if (list.length === 0) return;
    const next = new Map(this.byId());
    for (const conflict of list) {
      const known = next.get(conflict.id);
      if (!known || known.updatedAt <= conflict.updatedAt || conflict.status !== 'open') next.set(conflict.id, conflict);
    }
    this.byId.set(next);
  }
}
