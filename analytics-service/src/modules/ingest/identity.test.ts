import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { VisitorIdentities } from './identity';

const prefix = `test:identity_${randomBytes(5).toString('hex')}:`;
const redis = new Redis('redis://127.0.0.1:6379', { keyPrefix: prefix, enableAutoPipelining: true });
const errors: unknown[] = [];
const identities = new VisitorIdentities('identity-test-secret-0123456789', redis, (error) =>
  errors.push(error),
);
/** A second instance (another ingest process) sharing the links. */
const other = new VisitorIdentities('identity-test-secret-0123456789', redis);
const site = 'test-shop';

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  redis.disconnect();
});

const resolved = async (events: Parameters<VisitorIdentities['resolve']>[1], by = identities) => {
  const { visitors, saved } = await by.resolve(site, events);
  await saved;
  return visitors;
};

describe('visitor identities', () => {
  it('links an anonymous id to its user, keeps the link in Redis for 400 days, and another instance agrees', async () => {
    const [anonymous, signedIn, userOnly] = await resolved([
      { anonymousId: 'anon-1' },
      { anonymousId: 'anon-1', userId: 'user-1' },
      { userId: 'user-1' },
    ]);
    expect(anonymous).toMatch(/^[0-9a-f]{20}$/);
    expect(signedIn).toBe(anonymous);
    expect(userOnly).toBe(anonymous);
    const keys = (await redis.keys(`${prefix}identity:${site}:*`)).map((key) => key.slice(prefix.length));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(await redis.get(key)).toBe(anonymous);
      expect(await redis.ttl(key)).toBeGreaterThan(399 * 24 * 3600);
    }
    // A second device signs in: its anonymous id joins the first visitor, in the other instance too.
    const [secondDevice] = await resolved([{ anonymousId: 'anon-2', userId: 'user-1' }], other);
    expect(secondDevice).toBe(anonymous);
    expect(await resolved([{ anonymousId: 'anon-2' }])).toEqual([anonymous]);
    expect(errors).toEqual([]);
  });

  it('lets the first link win: a later request cannot move a linked user to another visitor', async () => {
    const [first] = await resolved([{ anonymousId: 'anon-3', userId: 'user-3' }]);
    const [later] = await resolved([{ anonymousId: 'anon-4', userId: 'user-3' }], other);
    expect(later).toBe(first);
    // Two instances racing on one new user: NX in Redis keeps the first written, and both read it after.
    const [a, b] = await Promise.all([
      resolved([{ anonymousId: 'anon-5', userId: 'user-5' }]),
      resolved([{ anonymousId: 'anon-6', userId: 'user-5' }], other),
    ]);
    const [after] = await resolved([{ userId: 'user-5' }]);
    expect([a![0], b![0]]).toContain(after);
  });

  it("counts an alias under the previous id's visitor, and a user-only call under its own hash until linked", async () => {
    const [lonely] = await resolved([{ userId: 'user-7' }]);
    const [anonymous] = await resolved([{ anonymousId: 'anon-7' }]);
    expect(lonely).not.toBe(anonymous);
    const [aliased] = await resolved([{ userId: 'user-7', previousId: 'anon-7' }]);
    expect(aliased).toBe(anonymous);
    expect(await resolved([{ userId: 'user-7' }, { anonymousId: 'anon-7' }])).toEqual([anonymous, anonymous]);
  });

  it('still identifies events, unlinked, when Redis cannot answer', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const failures: unknown[] = [];
    const unlinked = new VisitorIdentities('identity-test-secret-0123456789', down, (error) =>
      failures.push(error),
    );
    const { visitors, saved } = await unlinked.resolve(site, [
      { anonymousId: 'anon-8', userId: 'user-8' },
      {},
    ]);
    await saved;
    expect(visitors[0]).toMatch(/^[0-9a-f]{20}$/);
    expect(visitors[1]).toBeUndefined();
    expect(failures.length).toBeGreaterThan(0);
    down.disconnect();
  });
});
