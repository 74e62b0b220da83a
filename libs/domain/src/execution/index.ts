export * from './monitoring';
export * from './actuals-import';
