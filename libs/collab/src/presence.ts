import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Presence (y-protocols awareness) bound to the connection: the identity a client shows comes
 * from its token, and a connection speaks only for the awareness client ids it owns.
 */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** null removes the client's presence */
  state: unknown;
}

/** Who a connection is, as the server knows it from the token. */
export interface PresenceIdentity {
  id: string;
  name: string;
  department: string | null;
  role: string | null;
}

/** Largest awareness message a connection may send; presence is a name, a colour and a cursor. */
export const MAX_AWARENESS_BYTES = 8 * 1024;
/** Awareness client ids one connection may hold (one per tab is the norm). */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4;
/** Sustained awareness messages per second per connection (bursts of twice that); the excess is dropped. */
export const AWARENESS_MESSAGES_PER_SECOND = 10;

/** Same format as y-protocols' encodeAwarenessUpdate; throws on anything else. */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const out: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    out.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) as unknown });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
  return out;
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, JSON.stringify(e.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Keeps the entries of client ids the connection may speak for and overwrites their identity
 * fields (`user.id`, `user.name`, `user.department`, `user.role`) with the token's; other fields
 * the client sets (colour, cursor) stay. `owns` decides ownership (see the server's guard).
 */
export function bindPresence(entries: readonly AwarenessEntry[], identity: PresenceIdentity, owns: (clientId: number) => boolean): AwarenessEntry[] {
  return entries.filter((e) => owns(e.clientId)).map((e) => ({ ...e, state: e.state === null ? null : withIdentity(e.state, identity) }));
}

/**
 * Presence entries for a reader who does not see staff names (libs/domain seesStaffNames):
 * `user.id` and `user.name` become null and `user` keeps only the department, role and colour
 * (nothing else a client put there); the rest of the state (field, cursor) stays.
 */
export function withoutStaffNames(entries: readonly AwarenessEntry[]): AwarenessEntry[] {
  return entries.map((e) => {
    if (!isRecord(e.state) || !('user' in e.state)) return e;
    const user = isRecord(e.state['user']) ? e.state['user'] : {};
    return { ...e, state: { ...e.state, user: { id: null, name: null, department: user['department'] ?? null, role: user['role'] ?? null, color: user['color'] ?? null } } };
  });
}

function withIdentity(state: unknown, identity: PresenceIdentity): Record<string, unknown> {
  const base = isRecord(state) ? state : {};
  const user = isRecord(base['user']) ? base['user'] : {};
  return { ...base, user: { ...user, id: identity.id, name: identity.name, department: identity.department, role: identity.role } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
