import { ApiHttp } from './api-http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { forgetOfflineShell } from '../collab/offline-shell';
import type { SignedInUser } from './api-types';

const STORAGE_KEY = 'zerobase.session';

interface StoredSession {
  user: SignedInUser;
}

/**
 * The signed-in user, kept across reloads. The access token is not kept anywhere a script can
 * read: the server sets it in an HttpOnly same-origin cookie that every request carries.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(ApiHttp);
  private readonly state = signal<StoredSession | null>(readStored());

  readonly user = computed(() => this.state()?.user ?? null);
  readonly signedIn = computed(() => this.state() !== null);

  async login(email: string, password: string): Promise<void> {
    const { user } = await firstValueFrom(this.http.post<{ user: SignedInUser }>('/api/auth/login', { email, password }));
    const session: StoredSession = { user };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.state.set(session);
  }

  /** Forgets the user here and asks the server to clear the cookie. */
  logout(): void {
    this.forget();
    void firstValueFrom(this.http.post('/api/auth/logout', null)).catch(() => undefined);
  }

  /** Forgets the user here only (the server already refused the cookie). */
  forget(): void {
    localStorage.removeItem(STORAGE_KEY);
    forgetOfflineShell();
    this.state.set(null);
  }
}

function readStored(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const stored = raw ? (JSON.parse(raw) as Partial<StoredSession> & { accessToken?: unknown }) : null;
    if (!stored?.user) return null;
    // a session stored by an earlier version held the token: drop it, keep the user
    if ('accessToken' in stored) localStorage.setItem(STORAGE_KEY, JSON.stringify({ user: stored.user }));
    return { user: stored.user };
  } catch {
    return null;
  }
}
