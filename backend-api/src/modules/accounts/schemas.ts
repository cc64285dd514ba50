export const REFRESH_COOKIE = 'shopstream_refresh';
