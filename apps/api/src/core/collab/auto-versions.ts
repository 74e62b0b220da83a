import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../base/config/app-config';
import type { CommittedPayload, DocumentExtension } from './document-pipeline';
import { DocumentVersions, HUMAN_EDIT_ORIGINS } from './document-versions';

/**
 * Automatic versions after each person's editing burst (a pipeline extension). Every committed
 * edit by a person (re)arms a timer for that person and package; when it fires, DocumentVersions
 * decides in PostgreSQL whether a version is due (quiet long enough, nothing already holding the
 * edit, not more than one per person per interval) and when to look again. Timers live in the
 * instance that saw the edit; the decision itself is shared, so instances never take it twice.
 */
@Injectable()
export class AutoVersions implements DocumentExtension, BeforeApplicationShutdown {
  readonly name = 'auto-versions';
  private readonly logger = new Logger('auto-versions');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly versions: DocumentVersions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onCommitted({ live, change }: CommittedPayload): void {
    const { userId, origin } = change.author;
    if (this.config.history.autoVersionQuietMs === 0 || !userId || !(HUMAN_EDIT_ORIGINS as readonly string[]).includes(origin)) return;
    this.arm(live.packageId, userId, this.config.history.autoVersionQuietMs);
  }

  private arm(packageId: string, userId: string, delayMs: number): void {
    if (this.stopped) return;
    const key = `${packageId}:${userId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => void this.fire(key, packageId, userId), Math.max(50, delayMs));
    timer.unref();
    this.timers.set(key, timer);
  }

  private async fire(key: string, packageId: string, userId: string): Promise<void> {
    this.timers.delete(key);
    try {
      const { autoVersionQuietMs, autoVersionMinIntervalMs } = this.config.history;
      const outcome = await this.versions.takeAuto(packageId, userId, autoVersionQuietMs, autoVersionMinIntervalMs);
      if (outcome.status === 'later' && !this.timers.has(key)) this.arm(packageId, userId, outcome.inMs);
    } catch (error) {
      this.logger.error(`automatic version of ${packageId} failed: ${String(error)}`);
    }
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
