import { Injectable, signal } from '@angular/core';
import { Observable } from 'rxjs';
import { io, type Socket } from 'socket.io-client';

/**
 * The Socket.IO connection for app events (live ranking, notifications). Opened while someone
 * listens and closed when the last listener leaves; the same-origin session cookie authenticates
 * every (re)connect.
 */
@Injectable({ providedIn: 'root' })
export class Realtime {
  private socket: Socket | null = null;
  private listeners = 0;
  readonly connected = signal(false);

  /** Events of this name while subscribed. */
  on<T>(event: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      const socket = this.acquire();
      const handler = (payload: T) => subscriber.next(payload);
      socket.on(event, handler);
      return () => {
        socket.off(event, handler);
        this.release();
      };
    });
  }

  private acquire(): Socket {
    this.listeners++;
    if (!this.socket) {
      const socket = io({
        path: '/socket.io',
        transports: ['websocket'],
      });
      socket.on('connect', () => this.connected.set(true));
      socket.on('disconnect', () => this.connected.set(false));
      this.socket = socket;
    }
    return this.socket;
  }

  private release(): void {
    this.listeners--;
    if (this.listeners === 0 && this.socket) {
      this.socket.disconnect();
      this.socket = null;
      this.connected.set(false);
    }
  }
}
