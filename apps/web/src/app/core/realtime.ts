import { inject, Injectable, signal } from '@angular/core';
import { Observable } from 'rxjs';
import type { Socket } from 'socket.io-client';
import { AppInteractive } from './app-interactive';

/**
 * The Socket.IO connection for app events (live ranking, notifications). Opened while someone
 * listens and closed when the last listener leaves; the same-origin session cookie authenticates
 * every (re)connect. The client library is loaded with the first listener once the page the user
 * opened is up (AppInteractive), off the path that renders it: the live events only add to what
 * the page fetched, and the listeners read their lists again when the socket (re)connects.
 */
@Injectable({ providedIn: 'root' })
export class Realtime {
  private readonly interactive = inject(AppInteractive);
  private socket: Socket | null = null;
  private listeners = 0;
  readonly connected = signal(false);

  /** Events of this name while subscribed. */
  on<T>(event: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      const handler = (payload: T) => subscriber.next(payload);
      let socket: Socket | null = null;
      let closed = false;
      this.listeners++;
      void this.acquire().then((s) => {
        if (closed) return;
        socket = s;
        s.on(event, handler);
      }, (error: unknown) => subscriber.error(error));
      return () => {
        closed = true;
        socket?.off(event, handler);
        this.release();
      };
    });
  }

  private socket$: Promise<Socket> | null = null;

  private acquire(): Promise<Socket> {
    this.socket$ ??= this.interactive.whenReady().then(() => import('socket.io-client')).then(({ io }) => {
      const socket = io({
        path: '/socket.io',
        transports: ['websocket'],
        autoConnect: this.listeners > 0,
      });
      socket.on('connect', () => this.connected.set(true));
      socket.on('disconnect', () => this.connected.set(false));
      this.socket = socket;
      return socket;
    });
    if (this.socket && this.socket.disconnected && this.listeners > 0) this.socket.connect();
    return this.socket$;
  }

  private release(): void {
    this.listeners--;
    if (this.listeners === 0 && this.socket) {
      // the library stays loaded; the socket is opened again by the next listener
      this.socket.disconnect();
      this.connected.set(false);
    }
  }
}
