import { Global, Injectable, Logger, Module } from '@nestjs/common';

/** Something changed that derived views of a cycle (ranking, metrics) must recompute from. */
export interface CycleChange {
  cycleId: string;
  /** 'access': who may read or write changed (membership, publication, stage); open connections are re-checked */
  cause: 'cycle' | 'package' | 'scores' | 'criteria' | 'settings' | 'access' | 'conflict';
  packageId?: string;
  /** for 'access': only this document is re-checked (its `/collab` name, e.g. `minutes:<meetingId>`) */
  document?: string;
  /** for 'access' after a membership change: whose rights changed */
  userId?: string;
  /** for 'conflict': the record and the departments it involves */
  conflict?: { id: string; departmentIds: string[] };
}

type Listener = (change: CycleChange) => void;

/** An in-process event bus, so capabilities can react to each other without importing each other. */
@Injectable()
export class CycleEvents {
  private readonly logger = new Logger('cycle-events');
  private readonly listeners: Listener[] = [];

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  changed(change: CycleChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(`listener failed: ${String(error)}`);
      }
    }
  }
}

@Global()
@Module({ providers: [CycleEvents], exports: [CycleEvents] })
export class CycleEventsModule {}
