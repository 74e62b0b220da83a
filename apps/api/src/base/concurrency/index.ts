export * from './group-commit';
export * from './serial-queue';
export * from './token-bucket';
