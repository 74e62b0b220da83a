export * from './body-guard';
export * from './security-headers';
