import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A year, with subdomains; the same value the web apps send (packages/web-security). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * HSTS only on answers to requests that arrived over https: directly over TLS, or through a proxy the
 * service's trustProxy setting believes (request.protocol honours it). Helmet's own HSTS is sent over plain
 * http too, where browsers ignore it and it only tells a reader that the operator got TLS wrong; register
 * helmet with `strictTransportSecurity: false` beside this.
 */
export const httpsOnlyStrictTransportSecurity = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      if (request.protocol === 'https') reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    });
  },
  { name: 'https-only-strict-transport-security', fastify: '5.x' },
);
