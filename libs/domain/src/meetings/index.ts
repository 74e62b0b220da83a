export * from './meetings';
export * from './notifications';
export * from './minutes';
