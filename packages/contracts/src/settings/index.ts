export * from './get-admin-shop-settings';
export * from './get-shop-settings';
export * from './shop-settings';
export * from './update-shop-settings';
