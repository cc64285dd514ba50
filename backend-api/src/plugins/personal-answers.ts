import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';

/** Routes that answer for the caller through its cookies (refresh token, guest cart) rather than a required token. */
const CALLER_PREFIXES = ['/auth/', '/cart', '/checkout', '/orders/'];

/**
 * Answers about one person (anything behind a bearer token, plus the auth, cart and checkout routes) are
 * never to be kept by a browser or a shared cache: `Cache-Control: no-store`, on errors too.
 */
export const personalAnswersPlugin = fp(
  async (app: FastifyInstance) => {
    const noStore = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      reply.header('cache-control', 'no-store');
      return payload;
    };
    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema as { security?: unknown[] } | undefined;
      const personal =
        Boolean(schema?.security?.length) || CALLER_PREFIXES.some((prefix) => route.url.startsWith(prefix));
      if (!personal) return;
      route.onSend = [...(route.onSend ? [route.onSend].flat() : []), noStore];
    });
  },
  { name: 'personal-answers' },
);
