/**
 * A binary min-heap of integer ids (indexes into the caller's arrays), each pushed with a numeric priority:
 * pop() answers the id of least priority. Ids and priorities live in two typed arrays of a fixed capacity,
 * so pushing allocates nothing (the optimizer's bound refills one heap at every node of its search). Among
 * equal priorities the order is unspecified. A max-heap is the same heap with priorities negated.
 *
 * At most `capacity` entries at once; an id may be pushed again (with another priority) after it is popped.
 */
export class IndexHeap {
  private readonly ids: Int32Array;
  private readonly priorities: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(1, capacity));
    this.priorities = new Float64Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
  }

  /** the id of least priority, -1 when empty */
  peek(): number {
    return this.n > 0 ? this.ids[0]! : -1;
  }

  /** the least priority, +Infinity when empty */
  peekPriority(): number {
    return this.n > 0 ? this.priorities[0]! : Infinity;
  }

  push(id: number, priority: number): void {
    const ids = this.ids;
    const pr = this.priorities;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (pr[parent]! <= priority) break;
      ids[i] = ids[parent]!;
      pr[i] = pr[parent]!;
      i = parent;
    }
    ids[i] = id;
    pr[i] = priority;
  }

  /** removes and answers the id of least priority; -1 when empty */
  pop(): number {
    if (this.n === 0) return -1;
    const ids = this.ids;
    const pr = this.priorities;
    const top = ids[0]!;
    const n = --this.n;
    const last = ids[n]!;
    const lastPriority = pr[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && pr[r]! < pr[l]! ? r : l;
      if (pr[c]! >= lastPriority) break;
      ids[i] = ids[c]!;
      pr[i] = pr[c]!;
      i = c;
    }
    if (n > 0) {
      ids[i] = last;
      pr[i] = lastPriority;
    }
    return top;
  }
}
