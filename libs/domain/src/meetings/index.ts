export * from './meetings';
export * from './notifications';
export * from './minutes';
export * from './meeting-views';
