import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Message types of the y-websocket protocol (y-protocols/sync, awareness, auth). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes the server uses (one definition, shared with clients). */
export { CLOSE } from '@zerobase/collab';

export type IncomingMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array; step2: boolean }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

export class MalformedMessage extends Error {}

/** Decodes one client message; throws MalformedMessage for anything outside the protocol. */
export function decodeMessage(data: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: IncomingMessage;
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SYNC_STEP_1) message = { kind: 'syncStep1', stateVector: payload };
      else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) message = { kind: 'update', update: payload, step2: step === SYNC_STEP_2 };
      else throw new MalformedMessage(`unknown sync step ${step}`);
    } else if (type === MESSAGE_AWARENESS) {
      message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { kind: 'queryAwareness' };
    } else {
      throw new MalformedMessage(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
    return message;
  } catch (error) {
    if (error instanceof MalformedMessage) throw error;
    throw new MalformedMessage(`cannot decode the message: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncMessage(SYNC_STEP_1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncMessage(SYNC_STEP_2, update);
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncMessage(SYNC_UPDATE, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** y-protocols/auth "permission denied": the standard client logs the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });
}

/** A close reason must fit in 123 bytes of UTF-8. */
export function closeReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
