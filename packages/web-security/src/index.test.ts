import { describe, expect, it } from 'vitest';
import { cameOverHttps, contentSecurityPolicy, securityHeaders, sourceOf } from './index';

const directive = (policy: string, name: string) =>
  policy
    .split('; ')
    .find((entry) => entry.split(' ')[0] === name)
    ?.split(' ')
    .slice(1);

describe('content security policy', () => {
  it('lets the page connect only to itself and the origins of the configured services', () => {
    const policy = contentSecurityPolicy({
      connect: ['https://api.shop.example/v1', 'https://stats.shop.example', 'wss://stats.shop.example/ws'],
    });
    expect(directive(policy, 'connect-src')).toEqual([
      "'self'",
      'https://api.shop.example',
      'https://stats.shop.example',
      'wss://stats.shop.example',
    ]);
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
  });

  it('frames only the page itself unless a payment provider’s origins are named', () => {
    expect(directive(contentSecurityPolicy({ connect: [] }), 'frame-src')).toBeUndefined();
    const stripe = contentSecurityPolicy({
      connect: [],
      frames: ['https://js.stripe.com/v3', 'https://hooks.stripe.com'],
    });
    expect(directive(stripe, 'frame-src')).toEqual([
      "'self'",
      'https://js.stripe.com',
      'https://hooks.stripe.com',
    ]);
  });

  it('allows no inline or eval script unless the caller names a nonce, hash or dev allowance', () => {
    expect(directive(contentSecurityPolicy({ connect: [] }), 'script-src')).toEqual(["'self'"]);
    const withNonce = contentSecurityPolicy({ connect: [], scripts: ["'nonce-abc'", "'strict-dynamic'"] });
    expect(directive(withNonce, 'script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
  });

  it('allows pictures from the API besides the page, data: and blob:', () => {
    const policy = contentSecurityPolicy({ connect: [], images: ['http://localhost:5005'] });
    expect(directive(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:', 'http://localhost:5005']);
  });

  it('upgrades plain-http subresources only on a page served over https', () => {
    expect(contentSecurityPolicy({ connect: [] })).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy({ connect: [], https: true })).toMatch(/; upgrade-insecure-requests$/);
  });

  it('names a service by its origin', () => {
    expect(sourceOf('ws://localhost:8080/ws')).toBe('ws://localhost:8080');
    expect(sourceOf('https://api.shop.example:8443/v1/')).toBe('https://api.shop.example:8443');
  });
});

describe('security headers', () => {
  it('refuse framing and sniffing, trim cross-site referrers, and send HSTS only over https', () => {
    const plain = securityHeaders({ connect: [] });
    expect(plain).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    expect(plain['Strict-Transport-Security']).toBeUndefined();
    expect(securityHeaders({ connect: [], https: true })['Strict-Transport-Security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });

  it('take https from the socket or from the first X-Forwarded-Proto entry', () => {
    expect(cameOverHttps({ encrypted: true })).toBe(true);
    expect(cameOverHttps({ forwardedProto: 'HTTPS, http' })).toBe(true);
    expect(cameOverHttps({ forwardedProto: 'http' })).toBe(false);
    expect(cameOverHttps({})).toBe(false);
  });
});
