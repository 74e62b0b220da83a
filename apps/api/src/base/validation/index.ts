export * from './uuid-param.pipe';
export * from './validation.pipe';
