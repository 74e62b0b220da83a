export * from './app-errors';
export * from './http-exception.filter';
