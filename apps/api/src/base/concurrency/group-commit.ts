/**
 * Batches writes: while one flush is running, new submissions wait and go together in the
 * next one, so a burst of updates shares one database commit. Each submitter learns whether
 * its own item was committed.
 */
export class GroupCommit<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running: Promise<void> | null = null;
  private batches = 0;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxBatch = 1_000,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) this.running = this.drain();
    });
  }

  /** how many flushes ran (a benchmark figure: items / batches = mean batch size) */
  get flushes(): number {
    return this.batches;
  }

  /** Resolves once everything submitted so far has been flushed (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // let the current tick's submissions join the first batch
    await Promise.resolve();
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.batches++;
      try {
        await this.flush(batch.map((p) => p.item));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.running = null;
  }
}
