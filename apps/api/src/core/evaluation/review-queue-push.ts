import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReviewQueueView } from '@zerobase/domain';
import { CycleEvents, type CycleChange } from '../../base/events/cycle-events';
import { PrincipalService } from '../auth';
import { RealtimeService, rooms } from '../realtime';
import { ScoringService } from './scoring.service';

/** Changes gathered for this long before the queues of a cycle are computed again. */
const QUEUE_PUSH_DELAY_MS = 150;

/**
 * The reviewer's queue, live: after a change to a cycle (a package entering or leaving scoring, a
 * score, criteria, scoring closed or reopened, a membership), each reviewer of the cycle gets the
 * `queue` event in their own room, built by the same `myQueue` that answers
 * GET /api/cycles/:cycleId/queue/mine for them, and only when it differs from the last one sent.
 */
@Injectable()
export class ReviewQueuePush implements OnModuleInit {
  private readonly logger = new Logger('review-queue');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  /** `${cycleId}|${userId}` → the last queue sent, as JSON */
  private readonly lastSent = new Map<string, string>();

  constructor(
    private readonly events: CycleEvents,
    private readonly scoring: ScoringService,
    private readonly principals: PrincipalService,
    private readonly realtime: RealtimeService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.on((change) => {
      if (affectsQueues(change)) this.schedule(change.cycleId);
    });
  }

  /** Coalesces: the first change starts the delay, later ones within it ride along (no starvation under a stream of edits). */
  private schedule(cycleId: string): void {
    if (this.pending.has(cycleId)) return;
    this.pending.set(
      cycleId,
      setTimeout(() => {
        this.pending.delete(cycleId);
        // one computation per cycle at a time; a change during it schedules the next round
        const previous = this.running.get(cycleId) ?? Promise.resolve();
        const next = previous
          .then(() => this.push(cycleId))
          .catch((error: unknown) => this.logger.warn(`queue push for ${cycleId} failed: ${String(error)}`))
          .finally(() => {
            if (this.running.get(cycleId) === next) this.running.delete(cycleId);
          });
        this.running.set(cycleId, next);
      }, QUEUE_PUSH_DELAY_MS),
    );
  }

  private async push(cycleId: string): Promise<void> {
    const reviewers: { user_id: string }[] = await this.dataSource.query(`SELECT DISTINCT user_id FROM membership WHERE cycle_id = $1 AND role = 'reviewer'`, [cycleId]);
    const current = new Set(reviewers.map((r) => `${cycleId}|${r.user_id}`));
    for (const key of this.lastSent.keys()) if (key.startsWith(`${cycleId}|`) && !current.has(key)) this.lastSent.delete(key);
    for (const { user_id: userId } of reviewers) {
      const principal = await this.principals.load(userId);
      if (!principal) continue;
      let queue: ReviewQueueView;
      try {
        queue = await this.scoring.myQueue(principal, cycleId);
      } catch {
        continue; // REST refuses them too
      }
      const key = `${cycleId}|${userId}`;
      const json = JSON.stringify(queue);
      if (this.lastSent.get(key) === json) continue;
      this.lastSent.set(key, json);
      this.realtime.emit(rooms.user(userId), 'queue', queue);
    }
  }
}

/** Conflicts do not change a queue; everything else may (stage, title, owners, scores, criteria, settings, memberships). */
function affectsQueues(change: CycleChange): boolean {
  return change.cause !== 'conflict';
}
