export * from './templates';
export * from './grading';
export * from './carry-over';
export * from './views';
