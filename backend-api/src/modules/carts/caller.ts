import { CART_COOKIE, CART_TOKEN_HEADER } from '@shopstream/contracts';
import type { FastifyRequest } from 'fastify';
import type { CartCaller } from './service';

/** The caller of a cart route: the optional bearer token and the guest cart token (cookie or header). */
export async function cartCaller(request: FastifyRequest): Promise<CartCaller> {
  const user = await request.server.optionalUser(request);
  const header = request.headers[CART_TOKEN_HEADER];
  const raw = request.cookies[CART_COOKIE] ?? (typeof header === 'string' ? header : undefined);
  const token = raw && /^[A-Za-z0-9_-]{16,64}$/.test(raw) ? raw : null;
  return { userId: user?.id ?? null, token };
}
