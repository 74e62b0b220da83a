export * from './money';
export * from './types';
export * from './totals';
