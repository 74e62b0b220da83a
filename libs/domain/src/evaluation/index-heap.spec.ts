import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexHeap } from './index-heap';

describe('IndexHeap', () => {
  it('pops ids in the order of their priorities, as sorting would', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }), (priorities) => {
        const heap = new IndexHeap(priorities.length);
        priorities.forEach((p, id) => heap.push(id, p));
        expect(heap.size).toBe(priorities.length);
        const popped: number[] = [];
        for (let id = heap.pop(); id >= 0; id = heap.pop()) popped.push(id);
        // every id once, priorities ascending (equal priorities in any order)
        expect([...popped].sort((a, b) => a - b)).toEqual(priorities.map((_, id) => id));
        expect(popped.map((id) => priorities[id])).toEqual([...priorities].sort((a, b) => a - b));
        expect(heap.size).toBe(0);
      }),
    );
  });

  it('interleaved pushes and pops always answer the least priority held (ids pushed again after their pop)', () => {
    // x + 0: no -0 (toBe tells it from 0)
    const op = fc.oneof(fc.record({ push: fc.double({ noNaN: true }).map((x) => x + 0) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const capacity = 16;
        const heap = new IndexHeap(capacity);
        const held = new Map<number, number>(); // id -> priority, the reference
        let nextId = 0;
        for (const o of ops) {
          if ('push' in o) {
            if (held.size === capacity) continue;
            while (held.has(nextId)) nextId = (nextId + 1) % capacity; // an id free again
            heap.push(nextId, o.push);
            held.set(nextId, o.push);
          } else {
            const least = Math.min(...held.values());
            expect(heap.peekPriority()).toBe(held.size === 0 ? Infinity : least);
            const top = heap.peek();
            const id = heap.pop();
            expect(id).toBe(top);
            if (held.size === 0) {
              expect(id).toBe(-1);
            } else {
              expect(held.get(id)).toBe(least);
              held.delete(id);
            }
          }
          expect(heap.size).toBe(held.size);
        }
      }),
    );
  });

  it('clear() empties it for reuse; negated priorities make a max-heap', () => {
    const heap = new IndexHeap(4);
    heap.push(0, 1);
    heap.push(1, 2);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBe(-1);
    const slopes = [0.5, 3, -1, 2];
    slopes.forEach((s, id) => heap.push(id, -s));
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([1, 3, 0, 2, -1]);
  });
});
