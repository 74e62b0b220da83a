/**
 * UTF-8 without TextEncoder/TextDecoder: this library compiles with the ES library only (no DOM,
 * no Node types), so it uses the standard URI functions.
 */
export function utf8Encode(text: string): Uint8Array {
  const binary = unescape(encodeURIComponent(text));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Decodes UTF-8; bytes that are not valid UTF-8 are read as Latin-1 instead of failing. */
export function utf8Decode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  try {
    return decodeURIComponent(escape(binary));
  } catch {
    return binary;
  }
}
