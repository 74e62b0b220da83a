export * from './money';
export * from './types';
export * from './totals';
export * from './access';
export * from './validation';
