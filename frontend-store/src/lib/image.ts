import { env } from './env';

/**
 * Whether Next's image optimizer should resize a picture. SVG is never rasterised (it scales by
 * itself and may carry scripts); pictures from other hosts are shown as they are rather than
 * opening the optimizer to the whole internet.
 */
export function optimizable(src: string, apiUrl = env.NEXT_PUBLIC_API_URL): boolean {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return false;
  }
  if (url.pathname.toLowerCase().endsWith('.svg')) return false;
  return url.origin === new URL(apiUrl).origin;
}

/**
 * Whether a host name is this machine or its private network: `localhost`, a loopback or a private
 * address. Next's optimizer refuses to fetch from such hosts unless told to (it guards servers against
 * being turned on their own network); the commerce API runs there in development, e2e and `npm start`.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  if (/^f[cd][0-9a-f]{2}:/.test(host) || host.startsWith('fe80:')) return true;
  const octets = host.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255))
    return false;
  const [a, b] = octets as [number, number, number, number];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a === 0;
}
