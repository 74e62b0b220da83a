import { ApiHttp } from '../core/api-http';
import { DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import type { NotificationKind } from '@zerobase/domain';
import type { Subscription } from 'rxjs';
import { AppInteractive } from '../core/app-interactive';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Realtime } from '../core/realtime';
import { NOTIFICATIONS_MESSAGES } from './notifications.messages';

registerMessages(NOTIFICATIONS_MESSAGES);

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  cycleId: string | null;
  params: Record<string, unknown>;
  link: string;
  count: number;
  read: boolean;
  createdAt: string;
}

const TOAST_MS = 6000;

/** The signed-in user's notifications: the inbox, the unread count, toasts for live ones. */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly http = inject(ApiHttp);
  private readonly realtime = inject(Realtime);
  private readonly i18n = inject(I18n);
  private readonly departments = inject(DepartmentsStore);
  readonly items = signal<AppNotification[]>([]);
  readonly unread = signal(0);
  readonly muted = signal<NotificationKind[]>([]);
  readonly toasts = signal<AppNotification[]>([]);
  private readonly interactive = inject(AppInteractive);
  private subscriptions: Subscription[] = [];

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    // notifications sent while the socket was not up (not yet opened, or down) are missed: read the list again on every (re)connect
    effect(() => {
      if (!this.realtime.connected()) return;
      untracked(() => {
        if (this.subscriptions.length) this.reload();
      });
    });
  }

  /** Listen from now on; the list is read once the page the user opened is up (it only adds to that page). */
  start(): void {
    if (this.subscriptions.length) return;
    void this.interactive.whenReady().then(() => {
      if (!this.subscriptions.length) return;
      this.departments.load();
      this.reload();
    });
    this.subscriptions = [
      this.realtime.on<AppNotification>('notification').subscribe((n) => {
        this.items.update((list) => [n, ...list.filter((x) => x.id !== n.id)]);
        this.unread.update((u) => u + 1);
        this.toasts.update((list) => [...list, n]);
        setTimeout(() => this.dismiss(n.id), TOAST_MS);
      }),
      this.realtime.on<{ unread: number }>('notifications:unread').subscribe((e) => this.unread.set(e.unread)),
    ];
  }

  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    this.items.set([]);
    this.unread.set(0);
  }

  reload(): void {
    this.http.get<{ unread: number; items: AppNotification[] }>('/api/notifications').subscribe((r) => {
      this.items.set(r.items);
      this.unread.set(r.unread);
    });
    this.http.get<{ muted: NotificationKind[] }>('/api/notifications/mutes').subscribe((r) => this.muted.set(r.muted));
  }

  dismiss(id: string): void {
    this.toasts.update((list) => list.filter((t) => t.id !== id));
  }

  markRead(n: AppNotification): void {
    if (n.read) return;
    this.http.post<AppNotification>(`/api/notifications/${n.id}/read`, {}).subscribe(() => {
      this.items.update((list) => list.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
      this.unread.update((u) => Math.max(0, u - 1));
    });
  }

  markAllRead(): void {
    this.http.post('/api/notifications/read-all', {}).subscribe(() => {
      this.items.update((list) => list.map((x) => ({ ...x, read: true })));
      this.unread.set(0);
    });
  }

  setMuted(kind: NotificationKind, muted: boolean): void {
    const request = muted ? this.http.put<{ muted: NotificationKind[] }>(`/api/notifications/mutes/${kind}`, {}) : this.http.delete<{ muted: NotificationKind[] }>(`/api/notifications/mutes/${kind}`);
    request.subscribe((r) => this.muted.set(r.muted));
  }

  /** One line of text for a notification, in the current language. */
  text(n: AppNotification): string {
    const p = n.params;
    const editor = typeof p['editorDepartmentId'] === 'string' ? this.departments.all().find((d) => d.id === p['editorDepartmentId']) : undefined;
    const dept = editor ? (this.i18n.language() === 'en' ? editor.nameEn : editor.nameZh) : this.i18n.t('notifications.coordinator');
    const line = this.i18n.t(`notifications.kind.${n.kind}`, {
      code: String(p['packageCode'] ?? ''),
      to: String(p['to'] ?? ''),
      title: String(p['title'] ?? ''),
      description: String(p['description'] ?? ''),
      dept,
    });
    return n.count > 1 ? line + this.i18n.t('notifications.times', { n: n.count }) : line;
  }
}
