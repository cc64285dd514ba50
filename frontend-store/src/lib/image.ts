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
