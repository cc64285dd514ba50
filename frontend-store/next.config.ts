import { fileURLToPath } from 'node:url';
import { constantSecurityHeaders } from '@shopstream/web-security';
import type { NextConfig } from 'next';
import { isLocalHost } from './src/lib/image';

const apiUrl = new URL(process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:5005');

const config: NextConfig = {
  // A second build (e.g. a test stack on other ports, with other NEXT_PUBLIC_* values) can live beside the main one.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // The Docker image builds with NEXT_OUTPUT=standalone and runs `.next/standalone` (a server.js and only the
  // node_modules files it uses), traced from the repository root since the workspace packages live beside this
  // app. Other builds stay as they were: `next start` (npm start, e2e) warns that it cannot serve standalone.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' as const } : {}),
  outputFileTracingRoot: fileURLToPath(new URL('..', import.meta.url)),
  transpilePackages: [
    '@shopstream/contracts',
    '@shopstream/tracker',
    '@shopstream/web-kit',
    '@shopstream/web-security',
  ],
  poweredByHeader: false,
  // On every response, assets included; the page's CSP (with its nonce) and HSTS come from src/proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: Object.entries(constantSecurityHeaders).map(([key, value]) => ({ key, value })),
      },
    ];
  },
  // Browsers ask for /favicon.ico where a page names no icon (Next's not-found answers): the same picture.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
  reactStrictMode: true,
  images: {
    // Only the commerce API's own pictures go through the optimizer; SVG placeholders are shown as
    // they are (see src/lib/image.ts), so dangerouslyAllowSVG stays off.
    // Uploaded photos are served by the API; where the API runs on this machine or its network (development,
    // e2e, `npm start`), Next 16's optimizer would refuse them as resolving to a private address. Only the
    // API's own origin matches remotePatterns, so that is all it may fetch from there.
    dangerouslyAllowLocalIP: isLocalHost(apiUrl.hostname),
    remotePatterns: [
      {
        protocol: apiUrl.protocol.replace(':', '') as 'http' | 'https',
        hostname: apiUrl.hostname,
        port: apiUrl.port,
        pathname: '/**',
      },
    ],
  },
};

export default config;
