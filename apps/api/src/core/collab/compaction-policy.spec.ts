import { describe, expect, it } from 'vitest';
import { COMPACTION_INTERVAL_CAP, compactionDue } from './compaction-policy';

describe('compactionDue', () => {
  it('compacts young documents every `minimum` updates', () => {
    expect(compactionDue(499, 0, 500)).toBe(false);
    expect(compactionDue(500, 0, 500)).toBe(true);
    expect(compactionDue(500, 3_000, 500)).toBe(true);
  });

  it('spaces compactions out as the history grows, up to a cap', () => {
    expect(compactionDue(5_000, 80_000, 500)).toBe(false);
    expect(compactionDue(10_000, 80_000, 500)).toBe(true);
    expect(compactionDue(COMPACTION_INTERVAL_CAP - 1, 10_000_000, 500)).toBe(false);
    expect(compactionDue(COMPACTION_INTERVAL_CAP, 10_000_000, 500)).toBe(true);
  });

  it('keeps the number of compactions logarithmic rather than linear in the history', () => {
    let compacted = 0;
    let tail = 0;
    let compactions = 0;
    for (let i = 0; i < 260_000; i++) {
      tail++;
      if (compactionDue(tail, compacted, 500)) {
        compacted += tail;
        tail = 0;
        compactions++;
      }
    }
    expect(compactions).toBeLessThan(60);
  });
});
