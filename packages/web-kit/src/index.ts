export * from './auth-client';
export * from './backoff';
export * from './money';
export * from './numbers';
export * from './problem';
export * from './shop-settings';
export * from './tax';
