import { cameOverHttps, contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from '@shopstream/web-security';
import { type NextRequest, NextResponse } from 'next/server';
import { env } from '@/lib/env';

const development = process.env.NODE_ENV === 'development';
/** What Stripe.js and its Payment Element load, frame and call (Stripe's CSP guide), only when Stripe is on. */
const stripe = env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY
  ? {
      connect: ['https://api.stripe.com', 'https://m.stripe.network'],
      frames: ['https://js.stripe.com', 'https://hooks.stripe.com'],
      scripts: ['https://js.stripe.com'],
    }
  : { connect: [], frames: [], scripts: [] };

/** Pages about one shopper: never stored anywhere. */
const PERSONAL = /^\/(cart|checkout|account|orders)(\/|$)/;

/**
 * Next answers every page rendered per request `no-store`, which keeps it out of the back/forward cache.
 * The catalog's pages are the same for every visitor (the session and the cart load in the browser), so
 * they are `private, no-cache`: the browser may keep them for Back but asks again for every new load, and
 * no shared cache keeps one nonce for many visitors. Next keeps a Cache-Control the response already has.
 */
export function cacheControlFor(pathname: string): string {
  return PERSONAL.test(pathname)
    ? 'private, no-cache, no-store, max-age=0, must-revalidate'
    : 'private, no-cache';
}

/**
 * A fresh nonce per page, in the CSP of both the request (Next reads it there and puts it on its own scripts
 * and styles) and the response. 'strict-dynamic' lets those scripts load the chunks they need, and nothing an
 * attacker could inject runs without the nonce. Every page is rendered per request already (see the build's
 * route table), so the nonce costs no static page. In development, React needs eval for its error overlays
 * and CSS arrives as injected <style> elements.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const https = cameOverHttps({
    encrypted: request.nextUrl.protocol === 'https:',
    forwardedProto: request.headers.get('x-forwarded-proto'),
  });
  const policy = contentSecurityPolicy({
    connect: [env.NEXT_PUBLIC_API_URL, env.NEXT_PUBLIC_ANALYTICS_URL, ...stripe.connect],
    frames: stripe.frames,
    // Pictures the optimizer does not resize (SVG placeholders) load straight from the API.
    images: [env.NEXT_PUBLIC_API_URL],
    scripts: [
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...stripe.scripts,
      ...(development ? ["'unsafe-eval'"] : []),
    ],
    styles: development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`],
    https,
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  response.headers.set('Cache-Control', cacheControlFor(request.nextUrl.pathname));
  if (https) response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: static assets, optimized images and metadata files carry no script.
      source: '/((?!_next/static|_next/image|icon.svg|robots.txt|sitemap.xml).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
