export * from './cursor-pager';
export * from './service-status';
