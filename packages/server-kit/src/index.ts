export * from './config';
export * from './errors';
export * from './health-routes';
export * from './lifecycle';
export * from './logging';
export * from './readiness';
export * from './strict-transport-security';
export * from './validation';
