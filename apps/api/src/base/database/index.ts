export * from './data-source-options';
export * from './embedded-database';
export * from './migrate';
