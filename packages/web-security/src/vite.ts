import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import type { Plugin } from 'vite';
import { cameOverHttps, type PolicyOptions, securityHeaders } from './index.ts';

/** CSP hashes of the inline classic scripts of a page (the dashboard's pre-paint theme script). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\bsrc\s*=/i.test(attributes) || body.length === 0) continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

type Connections = Pick<PolicyOptions, 'connect' | 'images'>;

function applyHeaders(policy: (https: boolean) => Record<string, string>) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const https = cameOverHttps({
      encrypted: (request.socket as TLSSocket).encrypted,
      forwardedProto: request.headers['x-forwarded-proto']?.toString(),
    });
    for (const [name, value] of Object.entries(policy(https))) response.setHeader(name, value);
    next();
  };
}

/**
 * The security headers on every response of a Vite app. `vite preview` (what `npm start` and e2e run) gets the
 * production policy, whose only inline scripts are the built index.html's own, allowed by hash. `vite` (dev)
 * also allows inline scripts and styles: React refresh's preamble is an inline module script and CSS is
 * injected as <style> elements for hot reload.
 */
export function securityHeadersPlugin(connections: Connections): Plugin {
  return {
    name: 'shopstream-security-headers',
    configureServer(server) {
      server.middlewares.use(
        applyHeaders((https) =>
          securityHeaders({
            ...connections,
            scripts: ["'unsafe-inline'"],
            styles: ["'unsafe-inline'"],
            https,
          }),
        ),
      );
    },
    configurePreviewServer(server) {
      const page = resolve(server.config.root, server.config.build.outDir, 'index.html');
      const scripts = inlineScriptHashes(readFileSync(page, 'utf8'));
      server.middlewares.use(applyHeaders((https) => securityHeaders({ ...connections, scripts, https })));
    },
  };
}
