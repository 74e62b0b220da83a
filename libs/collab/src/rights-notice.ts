import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket message type of y-protocols/auth; its subtype 0 is "permission denied". */
const MESSAGE_AUTH = 2;
/**
 * Auth subtype the server uses to tell a connection what it may write, on connect and whenever
 * that changes (a stage lock, a reopening, a membership). Unmodified y-protocols clients ignore
 * unknown auth subtypes.
 */
export const AUTH_WRITE_RIGHTS = 1;

/** What an open `/collab` connection may write, as the server enforces it. */
export interface RightsNotice {
  shared: boolean;
  /** department codes whose sections may be written, or every section */
  departments: 'all' | string[];
  /** why the connection reads only although the user's role would write (a stage lock), else null */
  locked: { stage: string; reason: string } | null;
}

/** The whole message (type, subtype, JSON payload). */
export function encodeRightsNotice(notice: RightsNotice): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AUTH);
  encoding.writeVarUint(e, AUTH_WRITE_RIGHTS);
  encoding.writeVarString(e, JSON.stringify(notice));
  return encoding.toUint8Array(e);
}

/**
 * Reads an auth message after its type: the notice for subtype AUTH_WRITE_RIGHTS, else null
 * (the decoder is left at the subtype, so y-protocols can read a "permission denied" itself).
 */
export function readRightsNotice(decoder: decoding.Decoder): RightsNotice | null {
  if (decoding.peekVarUint(decoder) !== AUTH_WRITE_RIGHTS) return null;
  decoding.readVarUint(decoder);
  const value = JSON.parse(decoding.readVarString(decoder)) as Partial<RightsNotice>;
  const departments = value.departments === 'all' ? 'all' : Array.isArray(value.departments) ? value.departments.filter((d): d is string => typeof d === 'string') : [];
  const locked = value.locked && typeof value.locked.stage === 'string' && typeof value.locked.reason === 'string' ? { stage: value.locked.stage, reason: value.locked.reason } : null;
  return { shared: value.shared === true, departments, locked };
}
