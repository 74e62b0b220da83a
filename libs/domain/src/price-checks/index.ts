export * from './catalogue';
export * from './catalogue-import';
export * from './comparison';
export * from './views';
