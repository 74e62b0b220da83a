export * from './attachment-types';
export * from './content-sniffing';
export * from './attachment-check';
export * from './attachment-rules';
