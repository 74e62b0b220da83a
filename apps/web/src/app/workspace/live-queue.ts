import { inject, Injectable } from '@angular/core';
import type { ReviewQueueView } from '@zerobase/domain';
import { filter, map, merge, type Observable } from 'rxjs';
import { Realtime } from '../core/realtime';

/**
 * A reviewer's queue, live: the server pushes `queue` to the reviewer's own room whenever it
 * changes (built per reviewer by the rule that answers GET …/queue/mine). `null` means the
 * connection was (re)established and the queue must be read again, since pushes may have been missed.
 */
@Injectable({ providedIn: 'root' })
export class LiveQueue {
  private readonly realtime = inject(Realtime);
  readonly live = this.realtime.connected;

  changes(cycleId: string): Observable<ReviewQueueView | null> {
    return merge(
      this.realtime.on<ReviewQueueView>('queue').pipe(filter((queue) => queue?.cycleId === cycleId)),
      this.realtime.on<unknown>('ready').pipe(map(() => null)),
    );
  }
}
