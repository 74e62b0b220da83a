import type { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; money and quantities must stay safe integers. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null || value === undefined) return value;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${value} exceeds the safe integer range`);
    return n;
  },
};
