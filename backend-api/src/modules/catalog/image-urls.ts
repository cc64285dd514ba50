/** The paths this API serves images at itself (staff uploads and the demo illustrations). */
const OWN_PATHS = ['/uploads/', '/catalog/placeholders/'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Our own images are stored as paths and answered as absolute URLs of this API, so they follow it wherever it
 * is served (another port, a new domain, two instances on one database). Images hosted elsewhere stay as given.
 */
export function imageUrls(publicUrl: string) {
  const origin = publicUrl.replace(/\/+$/, '');
  const ownPath = (path: string) => OWN_PATHS.some((prefix) => path.startsWith(prefix));
  return {
    toStored(url: string) {
      if (url.startsWith(`${origin}/`) && ownPath(url.slice(origin.length))) return url.slice(origin.length);
      return url;
    },
    toPublic(stored: string) {
      if (stored.startsWith('/')) return `${origin}${stored}`;
      // Rows written before paths were stored name a development API by its loopback address.
      const parsed = URL.canParse(stored) ? new URL(stored) : null;
      if (parsed && LOOPBACK.has(parsed.hostname) && ownPath(parsed.pathname)) {
        return `${origin}${parsed.pathname}`;
      }
      return stored;
    },
  };
}
export type ImageUrls = ReturnType<typeof imageUrls>;
