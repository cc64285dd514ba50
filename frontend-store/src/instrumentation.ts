/** Runs once before the server takes requests: the first page is already formatted with the shop's settings. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadShopSettings } = await import('./lib/load-shop-settings');
  await loadShopSettings().catch((error: unknown) => {
    console.warn(`shop settings not loaded yet (the root layout retries on each page): ${String(error)}`);
  });
}
