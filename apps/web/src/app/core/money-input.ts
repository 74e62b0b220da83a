import { FEN_PER_WAN_YUAN, wanYuanToFen, type Fen } from '@zerobase/domain';

const WAN_YUAN_INPUT = /^\d{1,12}(\.\d{1,6})?$/;

/** What a 万元 input accepts ("1,200.5", "600"), as fen; null when it is not a non-negative amount. */
export function parseWanYuanInput(text: string): Fen | null {
  const clean = text.replace(/[,，\s]/g, '');
  if (!WAN_YUAN_INPUT.test(clean)) return null;
  return wanYuanToFen(Number(clean));
}

/** Fen as an editable 万元 value: no thousands separators, two decimals or as many as needed (up to the fen). */
export function wanYuanInputValue(fen: Fen): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_WAN_YUAN);
  let fraction = String(abs % FEN_PER_WAN_YUAN).padStart(6, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
