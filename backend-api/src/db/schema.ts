// Drizzle schema of the commerce database, one file per domain.
export * from './schema/accounts';
export * from './schema/catalog';
export * from './schema/commerce';
export * from './schema/customers';
export * from './schema/inventory';
export * from './schema/mail';
export * from './schema/payments';
export * from './schema/refunds';
export * from './schema/settings';
