export * from './auth-client';
export * from './money';
export * from './numbers';
export * from './problem';
