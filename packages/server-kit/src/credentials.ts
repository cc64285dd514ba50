import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, problem } from './errors';

const safeEqual = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const refuse = (reply: FastifyReply, request: FastifyRequest, challenge: string) =>
  reply
    .status(401)
    .header('www-authenticate', challenge)
    .type('application/problem+json')
    .send(problem(ErrorCode.Unauthorized, 'Credentials are required', request.url.split('?')[0]!));

/**
 * An onRequest hook asking for HTTP Basic credentials (the API documents in production). Without
 * configured credentials it refuses everyone: a forgotten setting closes the door rather than opening it.
 */
export function basicCredentialsGuard(
  realm: string,
  username: string | undefined,
  password: string | undefined,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const decoded = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '';
    const colon = decoded.indexOf(':');
    const ok =
      !!username &&
      !!password &&
      colon !== -1 &&
      safeEqual(decoded.slice(0, colon), username) &&
      safeEqual(decoded.slice(colon + 1), password);
    if (!ok) return refuse(reply, request, `Basic realm="${realm}"`);
  };
}

/** An onRequest hook asking for `Authorization: Bearer <token>` (the Prometheus scrape); no token refuses everyone. */
export function bearerTokenGuard(token: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    if (!token || !header.startsWith('Bearer ') || !safeEqual(header.slice(7).trim(), token)) {
      return refuse(reply, request, 'Bearer');
    }
  };
}
