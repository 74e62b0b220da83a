import { afterNextRender, DestroyRef, inject, Injectable, Injector, signal } from '@angular/core';
import { NavigationCancel, NavigationEnd, NavigationError, Router } from '@angular/router';

/** how long a page may hold the start of the extras back (a document that never syncs, offline) */
const HOLD_MS = 4000;
/** after the page is up and the main thread idle: a short wait, so that the extras do not compete with the first input */
const SETTLE_MS = 400;

/**
 * "The page the user opened is up": its first render is done, no page holds it back any more
 * (the package editor holds it until its document is synced and shown), and the main thread is
 * idle. What only adds to a page (the live connection for notifications and conflicts, the
 * editor's side panels) starts then, so that its code is not loaded while the page itself loads.
 * Once true it stays true: later pages get the extras at once.
 */
@Injectable({ providedIn: 'root' })
export class AppInteractive {
  private readonly injector = inject(Injector);
  readonly ready = signal(false);
  private navigated = false;
  private holds = 0;
  private scheduled = false;
  private readonly waiting: (() => void)[] = [];

  constructor() {
    const router = inject(Router);
    if (router.navigated) this.navigated = true;
    const subscription = router.events.subscribe((event) => {
      if (this.navigated || !(event instanceof NavigationEnd || event instanceof NavigationCancel || event instanceof NavigationError)) return;
      this.navigated = true;
      this.schedule();
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    this.schedule();
  }

  /** Resolves once `ready` is true. */
  whenReady(): Promise<void> {
    if (this.ready()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * A page that is still opening holds the extras back until it calls the returned release (once is
   * enough; later calls do nothing), at most HOLD_MS.
   */
  hold(): () => void {
    if (this.ready()) return () => undefined;
    this.holds++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.holds--;
      this.schedule();
    };
    const timer = setTimeout(release, HOLD_MS);
    return release;
  }

  private schedule(): void {
    if (this.ready() || this.scheduled || !this.navigated || this.holds > 0) return;
    this.scheduled = true;
    // after the render that follows, when the main thread is idle
    afterNextRender(
      () => {
        const idle = (callback: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 1000 }) : setTimeout(callback, 50));
        idle(() =>
          setTimeout(() => {
            this.scheduled = false;
            if (this.holds > 0) return; // a page took a hold meanwhile: its release schedules again
            this.ready.set(true);
            for (const resolve of this.waiting.splice(0)) resolve();
          }, SETTLE_MS),
        );
      },
      { injector: this.injector },
    );
  }
}
