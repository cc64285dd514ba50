import './browser-zod';

export * from './account-mail';
export * from './accounts';
export * from './analytics';
export * from './analytics-filters';
export * from './carts';
export * from './catalog';
export * from './customers';
export * from './discounts';
export * from './events';
export * from './health';
export * from './inventory';
export * from './money';
export * from './orders';
export * from './problem';
export * from './segment';
export * from './settings';
export * from './text';
