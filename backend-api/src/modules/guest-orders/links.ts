import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links to one order for people without an account: `<orderId>.<expiry>.<signature>`. The signature
 * covers the order, the expiry and the order's email, so a link stops working if the order's email changes;
 * nothing about the order can be read from the link without the key.
 */
export function createOrderLinks(secret: string) {
  const key = createHmac('sha256', secret).update('shopstream guest order link').digest();
  const sign = (orderId: string, expires: number, email: string) =>
    createHmac('sha256', key).update(`${orderId}\n${expires}\n${email.toLowerCase()}`).digest('base64url');

  return {
    token(order: { id: string; email: string }, ttlSeconds: number, now = Date.now()) {
      const expires = Math.floor(now / 1000) + ttlSeconds;
      return `${order.id}.${expires}.${sign(order.id, expires, order.email)}`;
    },

    /** The order id a token names, if it is well formed and unexpired; check it with `verify` against the order. */
    read(token: string, now = Date.now()) {
      const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return null;
      const expires = Number(match[2]);
      if (expires * 1000 <= now) return null;
      return { orderId: match[1]!, expires, signature: match[3]! };
    },

    verify(read: { orderId: string; expires: number; signature: string }, email: string) {
      const expected = Buffer.from(sign(read.orderId, read.expires, email));
      const given = Buffer.from(read.signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
export type OrderLinks = ReturnType<typeof createOrderLinks>;
