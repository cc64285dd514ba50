/**
 * The security headers every page of the three web apps carries. One function builds them, so the
 * storefront (Next proxy), the admin panel and the dashboard (Vite dev and preview servers) cannot drift.
 */

export interface PolicyOptions {
  /** The URLs the page talks to (commerce API, analytics service, live feed); allowed by origin. */
  connect: string[];
  /** Where pictures come from besides the app itself, data: and blob: (the API's uploads). */
  images?: string[];
  /** Script sources besides 'self': a nonce, hashes of inline scripts, or what a dev server needs. */
  scripts?: string[];
  /** Style element sources besides 'self' (a nonce, or 'unsafe-inline' for a dev server's injected CSS). */
  styles?: string[];
  /** Origins the page may frame besides itself (a payment provider's card fields). */
  frames?: string[];
  /** Whether the page was served over https: only then are plain-http subresources upgraded. */
  https?: boolean;
}

/** The origin of a configured URL, as a CSP source (`ws://localhost:8080/ws` → `ws://localhost:8080`). */
export function sourceOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

const unique = (values: string[]) => [...new Set(values)];

export function contentSecurityPolicy(options: PolicyOptions): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", ...(options.scripts ?? [])]],
    ['style-src', ["'self'", ...(options.styles ?? [])]],
    // React sets style props through the CSSOM, which CSP does not govern; server-rendered markup (next/image's
    // `fill`) carries style attributes, and attribute styles cannot load anything img-src would not allow.
    ['style-src-attr', ["'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', ...(options.images ?? []).map(sourceOf)]],
    ['font-src', ["'self'"]],
    ...(options.frames?.length
      ? [['frame-src', ["'self'", ...options.frames.map(sourceOf)]] as [string, string[]]]
      : []),
    ['connect-src', ["'self'", ...options.connect.map(sourceOf)]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  const policy = directives.map(([name, sources]) => `${name} ${unique(sources).join(' ')}`);
  if (options.https) policy.push('upgrade-insecure-requests');
  return policy.join('; ');
}

/** The headers that do not depend on the page or the request; safe on every response, assets included. */
export const constantSecurityHeaders: Readonly<Record<string, string>> = {
  // frame-ancestors is the standard; X-Frame-Options covers browsers that predate it.
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** A year, with subdomains: the shop is https-only once it is reached over https at all. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/** Every security header of a page; HSTS only when the page itself came over https (browsers ignore it on http). */
export function securityHeaders(options: PolicyOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...constantSecurityHeaders,
    ...(options.https ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/**
 * Whether a request reached us over https, directly or through a TLS-terminating proxy. The web apps have no
 * trust-proxy setting: a forged `X-Forwarded-Proto: https` over plain http only earns an HSTS header that the
 * browser ignores on http, and an upgrade-insecure-requests that breaks nothing but the forger's own page.
 */
export function cameOverHttps(request: { encrypted?: boolean; forwardedProto?: string | null }): boolean {
  if (request.encrypted) return true;
  return request.forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}
