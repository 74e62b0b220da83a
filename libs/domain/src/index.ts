export * from './money';
export * from './types';
export * from './totals';
export * from './access';
export * from './validation';
export * from './evaluation';
export * from './api-views';
export * from './format';
