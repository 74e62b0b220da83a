import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { forgetOfflineShell } from '../collab/offline-shell';
import type { SignedInUser } from './api-types';

const STORAGE_KEY = 'zerobase.session';

interface StoredSession {
  accessToken: string;
  user: SignedInUser;
}

/** The signed-in user and their token, kept across reloads. */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly state = signal<StoredSession | null>(readStored());

  readonly user = computed(() => this.state()?.user ?? null);
  readonly token = computed(() => this.state()?.accessToken ?? null);
  readonly signedIn = computed(() => this.state() !== null);

  async login(email: string, password: string): Promise<void> {
    const session = await firstValueFrom(this.http.post<StoredSession>('/api/auth/login', { email, password }));
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.state.set(session);
  }

  logout(): void {
    localStorage.removeItem(STORAGE_KEY);
    forgetOfflineShell();
    this.state.set(null);
  }
}

function readStored(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}
