import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { AUTH_WRITE_RIGHTS, encodeRightsNotice, readRightsNotice } from './rights-notice';

const afterType = (message: Uint8Array) => {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(2);
  return decoder;
};

describe('rights notice', () => {
  it('should round-trip what a connection may write', () => {
    const notice = { shared: false, departments: [], locked: { stage: 'allocation', reason: 'the package is at the allocation stage' } };
    expect(readRightsNotice(afterType(encodeRightsNotice(notice)))).toEqual(notice);
    expect(readRightsNotice(afterType(encodeRightsNotice({ shared: true, departments: 'all', locked: null })))).toEqual({ shared: true, departments: 'all', locked: null });
  });

  it('should leave a permission-denied message to y-protocols', () => {
    const decoder = decoding.createDecoder(new Uint8Array([0, 1, 65]));
    expect(readRightsNotice(decoder)).toBeNull();
    expect(decoding.readVarUint(decoder)).toBe(0);
    expect(AUTH_WRITE_RIGHTS).not.toBe(0);
  });
});
