import { computed, inject, Injectable, signal } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';
import type { Role } from '@zerobase/domain';
import { Session } from './session';

const STORAGE_KEY = 'zerobase.cycle';
const CYCLE_IN_URL = /^\/cycles\/([0-9a-f-]{36})/i;

/** The cycle the user is working in: the one in the address, else the last one visited. */
@Injectable({ providedIn: 'root' })
export class CurrentCycle {
  private readonly session = inject(Session);
  readonly id = signal<string | null>(localStorage.getItem(STORAGE_KEY));
  readonly roles = computed<Set<Role>>(() => new Set((this.session.user()?.memberships ?? []).filter((m) => m.cycleId === this.id()).map((m) => m.role)));

  constructor() {
    inject(Router)
      .events.pipe(filter((e): e is NavigationEnd => e instanceof NavigationEnd))
      .subscribe((e) => {
        const match = CYCLE_IN_URL.exec(e.urlAfterRedirects);
        if (match) this.set(match[1]);
      });
  }

  set(id: string): void {
    if (id === this.id()) return;
    localStorage.setItem(STORAGE_KEY, id);
    this.id.set(id);
  }
}
