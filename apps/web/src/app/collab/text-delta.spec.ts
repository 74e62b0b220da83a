import { describe, expect, it } from 'vitest';
import { diffSplice, rebaseSplice, spliceDelta, transformIndex } from './text-delta';

describe('transformIndex', () => {
  it('should move a caret after a remote insert before it and keep it before an insert exactly at it', () => {
    expect(transformIndex(5, [{ retain: 2 }, { insert: 'abc' }])).toBe(8);
    expect(transformIndex(2, [{ retain: 2 }, { insert: 'abc' }])).toBe(2);
    expect(transformIndex(1, [{ retain: 2 }, { insert: 'abc' }])).toBe(1);
  });

  it('should pull a caret back over a remote delete before it and to the start of a deleted range around it', () => {
    expect(transformIndex(9, [{ retain: 2 }, { delete: 3 }])).toBe(6);
    expect(transformIndex(3, [{ retain: 2 }, { delete: 3 }])).toBe(2);
    expect(transformIndex(5, [{ retain: 2 }, { delete: 3 }])).toBe(2);
  });

  it('should follow several ops in one delta', () => {
    // "hello world" → "HEY hello there": insert at 0, retain "hello ", delete "world", insert "there"
    const delta = [{ insert: 'HEY ' }, { retain: 6 }, { delete: 5 }, { insert: 'there' }];
    expect(transformIndex(3, delta)).toBe(7);
    expect(transformIndex(8, delta)).toBe(10);
    expect(transformIndex(11, delta)).toBe(10);
  });
});

describe('diffSplice and rebaseSplice', () => {
  it('should describe a change as the smallest splice, without splitting a surrogate pair', () => {
    expect(diffSplice('预算说明', '预算的说明')).toEqual({ index: 2, remove: 0, insert: '的' });
    expect(diffSplice('a😀b', 'a😃b')).toEqual({ index: 1, remove: 2, insert: '😃' });
    expect(spliceDelta({ index: 2, remove: 1, insert: 'x' })).toEqual([{ retain: 2 }, { delete: 1 }, { insert: 'x' }]);
  });

  it('should rebase a composed word onto remote text typed meanwhile', () => {
    // base "AB", the local side composes "中" between A and B, the remote side prepends "xy"
    const local = diffSplice('AB', 'A中B');
    const rebased = rebaseSplice(local, [[{ insert: 'xy' }]]);
    expect(rebased).toEqual({ index: 3, remove: 0, insert: '中' });
  });
});
