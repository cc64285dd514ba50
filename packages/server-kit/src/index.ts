export * from './config';
export * from './errors';
export * from './health-routes';
export * from './lifecycle';
export * from './logging';
export * from './readiness';
export * from './spreadsheet';
export * from './validation';
