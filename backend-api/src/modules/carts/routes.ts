import {
  AddCartItemRequest,
  ApplyDiscountRequest,
  CART_COOKIE,
  Cart,
  CartItemParams,
  MergeCartRequest,
  SetCartShippingRequest,
  UpdateCartItemRequest,
} from '@shopstream/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config';
import { problems } from '../../plugins/route-schemas';
import { cartCaller } from './caller';
import type { CartOutcome, CartService } from './service';

const CART_TTL_SECONDS = 30 * 24 * 3600;

export function answerCart<T>(reply: FastifyReply, config: Config, outcome: CartOutcome<T>) {
  const options = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.NODE_ENV === 'production',
    path: '/',
  };
  if (outcome.setToken)
    reply.setCookie(CART_COOKIE, outcome.setToken, { ...options, maxAge: CART_TTL_SECONDS });
  else if (outcome.clearToken) reply.clearCookie(CART_COOKIE, options);
  return outcome.value;
}

export const cartRoutes: FastifyPluginAsyncZod<{ carts: CartService; config: Config }> = async (
  app,
  { carts, config },
) => {
  const tags = ['cart'];
  const description =
    'A guest cart lives in the httpOnly cookie `cart_token` (or the `x-cart-token` header); with a bearer token the ' +
    "cart is the customer's, and a guest cart sent along merges into it.";

  app.get(
    '/cart',
    {
      schema: {
        tags,
        summary: 'The cart, priced and with availability re-checked now',
        description,
        response: { 200: Cart, ...problems(401) },
      },
    },
    async (request, reply) => answerCart(reply, config, await carts.get(await cartCaller(request))),
  );

  app.post(
    '/cart/items',
    {
      schema: {
        tags,
        summary: 'Add a variant (quantities of the same variant add up)',
        description,
        body: AddCartItemRequest,
        response: { 201: Cart, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const outcome = await carts.addItem(
        await cartCaller(request),
        request.body.variantId,
        request.body.quantity,
      );
      return reply.status(201).send(answerCart(reply, config, outcome));
    },
  );

  app.patch(
    '/cart/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Change the quantity of a line (0 removes it)',
        params: CartItemParams,
        body: UpdateCartItemRequest,
        response: { 200: Cart, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) =>
      answerCart(
        reply,
        config,
        await carts.updateItem(await cartCaller(request), request.params.itemId, request.body.quantity),
      ),
  );

  app.delete(
    '/cart/items/:itemId',
    {
      schema: {
        tags,
        summary: 'Remove a line',
        params: CartItemParams,
        response: { 200: Cart, ...problems(400, 401, 404) },
      },
    },
    async (request, reply) =>
      answerCart(reply, config, await carts.removeItem(await cartCaller(request), request.params.itemId)),
  );

  app.post(
    '/cart/discount',
    {
      schema: {
        tags,
        summary: 'Apply a discount code (replaces one applied before)',
        body: ApplyDiscountRequest,
        response: { 200: Cart, ...problems(400, 401, 409) },
      },
    },
    async (request, reply) =>
      answerCart(reply, config, await carts.applyDiscount(await cartCaller(request), request.body.code)),
  );

  app.delete(
    '/cart/discount',
    {
      schema: { tags, summary: 'Remove the discount code', response: { 200: Cart, ...problems(401) } },
    },
    async (request, reply) =>
      answerCart(reply, config, await carts.removeDiscount(await cartCaller(request))),
  );

  app.put(
    '/cart/shipping',
    {
      schema: {
        tags,
        summary: 'Set the destination country (for tax) and the shipping option',
        body: SetCartShippingRequest,
        response: { 200: Cart, ...problems(400, 401) },
      },
    },
    async (request, reply) =>
      answerCart(
        reply,
        config,
        await carts.setShipping(
          await cartCaller(request),
          request.body.country,
          request.body.shippingOptionId,
        ),
      ),
  );

  app.post(
    '/cart/merge',
    {
      schema: {
        tags,
        summary: "Merge the guest cart (cookie) into the signed-in customer's cart",
        description: 'Needs a bearer token; any cart call with both tokens merges the same way.',
        body: MergeCartRequest,
        response: { 200: Cart, ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const caller = await cartCaller(request);
      const token = request.body?.cartToken ?? caller.token;
      return answerCart(reply, config, await carts.merge({ ...caller, token }));
    },
  );
};
