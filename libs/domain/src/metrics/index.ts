export * from './statistics';
export * from './collaboration';
export * from './public-disclosure';
export * from './metrics-view';
export * from './csv';
