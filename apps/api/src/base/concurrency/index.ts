export * from './group-commit';
export * from './serial-queue';
export * from './token-bucket';
export * from './keyed-queue';
export * from './sliding-window';
