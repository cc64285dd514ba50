// The production server of the admin panel and the dashboard (their Docker images): a Vite app's built files
// with the same security headers as `vite preview` (the production policy: index.html's inline scripts by
// hash), index.html for every client-side route, /health for health checks, and a clean stop on SIGTERM.
// Configured from the environment only:
//   STATIC_ROOT  the built app (default ./dist)       PORT, HOST  where to listen (3000, 0.0.0.0)
//   CONNECT_SRC  comma-separated URLs the page talks to (API, analytics, live feed)
//   IMG_SRC      comma-separated URLs pictures come from besides the app itself
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyRequest } from 'fastify';
import { cameOverHttps, constantSecurityHeaders, securityHeaders } from './index.ts';
import { inlineScriptHashes } from './vite.ts';

export interface StaticAppOptions {
  /** The folder with the built index.html and assets/. */
  root: string;
  connect: string[];
  images?: string[];
  logLevel?: string;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function staticAppOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StaticAppOptions {
  return {
    root: resolve(env.STATIC_ROOT ?? 'dist'),
    connect: list(env.CONNECT_SRC),
    images: list(env.IMG_SRC),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

export async function buildStaticServer(options: StaticAppOptions) {
  const page = readFileSync(join(options.root, 'index.html'), 'utf8');
  const scripts = inlineScriptHashes(page);
  const pageHeaders = (request: FastifyRequest) =>
    securityHeaders({
      connect: options.connect,
      images: options.images,
      scripts,
      https: cameOverHttps({
        encrypted: 'encrypted' in request.raw.socket && Boolean(request.raw.socket.encrypted),
        forwardedProto: request.headers['x-forwarded-proto']?.toString(),
      }),
    });

  const app = Fastify({ logger: { level: options.logLevel ?? 'info' }, disableRequestLogging: true });
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(constantSecurityHeaders)) reply.header(name, value);
  });
  const sendPage = (request: FastifyRequest, reply: import('fastify').FastifyReply) =>
    reply
      .headers(pageHeaders(request))
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page);

  app.get('/health', async () => ({ status: 'ok' }));
  await app.register(fastifyStatic, {
    root: options.root,
    index: false,
    // Vite's assets/ names carry a content hash: they never change under the same name.
    setHeaders(reply, path) {
      if (path.startsWith(join(options.root, 'assets')))
        reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/', sendPage);
  app.get('/index.html', sendPage);
  // A client-side route (/orders/42) gets the page; a missing file (/assets/gone.js) stays a 404.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if ((request.method === 'GET' || request.method === 'HEAD') && !/\.[a-z0-9]+$/i.test(path))
      return sendPage(request, reply);
    return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
  });
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = await buildStaticServer(staticAppOptionsFromEnv());
  const shutdown = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '0.0.0.0' });
}
