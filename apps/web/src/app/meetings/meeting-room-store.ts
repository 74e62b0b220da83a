import { ApiHttp } from '../core/api-http';
import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { io, type Socket } from 'socket.io-client';
import { toProblem } from '../core/api-error';
import type { RankingView } from '../core/api-types';
import { I18n, registerMessages } from '../core/i18n';
import type { Meeting, MeetingDecision, MeetingPreview } from './meeting-types';
import { MEETINGS_MESSAGES } from './meetings.messages';

registerMessages(MEETINGS_MESSAGES);

/**
 * One meeting room: joins it over Socket.IO (attendance is recorded by the server), follows the
 * chair's position, previews, decisions, minutes and the cycle's live ranking.
 */
@Injectable()
export class MeetingRoomStore {
  private readonly http = inject(ApiHttp);
  private readonly i18n = inject(I18n);
  private socket: Socket | null = null;
  readonly meeting = signal<Meeting | null>(null);
  readonly ranking = signal<RankingView | null>(null);
  readonly error = signal<string | null>(null);
  readonly connected = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.socket?.disconnect());
  }

  open(meetingId: string): void {
    this.socket?.disconnect();
    const socket = io({ path: '/socket.io', transports: ['websocket'] });
    this.socket = socket;
    socket.on('ready', async () => {
      const ack = await socket.timeout(10_000).emitWithAck('meeting:join', { meetingId }).catch(() => null);
      if (!ack?.ok) {
        this.error.set(this.i18n.t('meetings.joinRefused'));
        return;
      }
      this.connected.set(true);
      this.meeting.set(ack.meeting as Meeting);
      this.loadRanking();
    });
    socket.on('disconnect', () => this.connected.set(false));
    socket.on('meeting:position', (e: { agendaPosition: number; onScreenPackageId: string | null }) => this.patch({ agendaPosition: e.agendaPosition, onScreenPackageId: e.onScreenPackageId }));
    socket.on('meeting:state', (e: Pick<Meeting, 'status' | 'startedAt' | 'endedAt'>) => {
      this.patch({ status: e.status, startedAt: e.startedAt, endedAt: e.endedAt });
      this.reload(); // who may write the minutes changes with the status
    });
    socket.on('meeting:preview', (e: { preview: MeetingPreview | null }) => this.patch({ preview: e.preview }));
    socket.on('meeting:attendance', (e: { attendance: Meeting['attendance'] }) => this.patch({ attendance: e.attendance }));
    socket.on('meeting:minutes', (e: { closedAt: string | null }) => {
      const m = this.meeting();
      if (m) this.patch({ minutes: { ...m.minutes, closedAt: e.closedAt, access: e.closedAt && m.minutes.access === 'write' ? 'read' : m.minutes.access } });
    });
    socket.on('meeting:decision', () => this.reload());
    socket.on('ranking', (view: RankingView) => {
      if (view.cycleId === this.meeting()?.cycleId) this.ranking.set(view);
    });
  }

  reload(): void {
    const id = this.meeting()?.id;
    if (id) this.http.get<Meeting>(`/api/meetings/${id}`).subscribe((m) => this.meeting.set(m));
  }

  private loadRanking(): void {
    const cycleId = this.meeting()?.cycleId;
    if (cycleId) this.http.get<RankingView>(`/api/cycles/${cycleId}/ranking`).subscribe({ next: (r) => this.ranking.set(r), error: () => this.ranking.set(null) });
  }

  private patch(part: Partial<Meeting>): void {
    const m = this.meeting();
    if (m) this.meeting.set({ ...m, ...part });
  }

  /** A coordinator action; the room (this client included) hears the result over the socket. */
  async act<T = unknown>(method: 'POST' | 'PUT', path: string, body: unknown = {}): Promise<T | null> {
    const id = this.meeting()?.id;
    if (!id) return null;
    this.error.set(null);
    try {
      return await firstValueFrom(this.http.request<T>(method, `/api/meetings/${id}${path}`, { body }));
    } catch (e) {
      const problem = toProblem(e);
      this.error.set(this.i18n.t(problem.key, problem.params));
      return null;
    }
  }

  async decide(body: Record<string, unknown>): Promise<MeetingDecision | null> {
    const decision = await this.act<MeetingDecision>('POST', '/decisions', body);
    if (decision) this.reload();
    return decision;
  }

  /** Downloads an export with the bearer token (a plain link would not carry it). */
  async download(ext: 'docx' | 'pdf'): Promise<void> {
    const m = this.meeting();
    if (!m) return;
    const blob = await firstValueFrom(this.http.get(`/api/meetings/${m.id}/minutes.${ext}`, { responseType: 'blob' }));
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `会议纪要-${m.title}.${ext}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
