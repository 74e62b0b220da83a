export * from './monitoring';
export * from './actuals-import';
export * from './views';
