export * from './accounts';
export * from './analytics';
export * from './catalog';
export * from './events';
export * from './health';
export * from './problem';
export * from './segment';
