export * from './statistics';
export * from './collaboration';
export * from './public-disclosure';
