import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import { CycleEvents } from '../../base/events/cycle-events';
import { DocumentIntegrity } from './document-integrity';
import type { InspectPayload } from './document-pipeline';

/** A stage read that answers when the test says so. */
function stageSource() {
  const reads: { resolve: (rows: { stage: string }[]) => void }[] = [];
  const dataSource = { query: () => new Promise((resolve) => reads.push({ resolve })) } as unknown as DataSource;
  return { dataSource, reads };
}

const live = { packageId: 'p1' } as InspectPayload['live'];
const liaison = { rights: { writeShared: true, writeDepartments: ['power'] } } as unknown as InspectPayload['change']['author'];
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('DocumentIntegrity stage cache', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('should read a steadily edited package’s stage ahead of its expiry, off the merge path, and never use one older than a second', async () => {
    const { dataSource, reads } = stageSource();
    const events = new CycleEvents();
    const integrity = new DocumentIntegrity(dataSource, events);
    integrity.onModuleInit();
    let verdict: string | null | undefined;
    const check = () => {
      verdict = undefined;
      void integrity.check(live, new Uint8Array(), liaison, null).then((v) => (verdict = v));
    };
    check(); // nothing cached: the update waits for the read
    await flush();
    expect(verdict).toBeUndefined();
    reads[0]!.resolve([{ stage: 'drafting' }]);
    await flush();
    expect(verdict).toBeNull();

    vi.setSystemTime(400);
    check(); // fresh: no read
    await flush();
    expect(verdict).toBeNull();
    expect(reads).toHaveLength(1);

    vi.setSystemTime(600);
    check(); // half-way to expiry: answered from the cache, a read sent in the background
    await flush();
    expect(verdict).toBeNull();
    expect(reads).toHaveLength(2);
    reads[1]!.resolve([{ stage: 'allocation' }]);
    await flush();

    vi.setSystemTime(1_100); // the first read has expired; the one sent at 600 ms answers, without waiting
    check();
    await flush();
    expect(verdict).toMatch(/allocation stage/);
    expect(reads.length).toBeLessThanOrEqual(3);

    vi.setSystemTime(2_700); // everything cached has expired: the update waits for a read again
    check();
    await flush();
    expect(verdict).toBeUndefined();
    reads.at(-1)!.resolve([{ stage: 'drafting' }]);
    await flush();
    expect(verdict).toBeNull();
  });
});
